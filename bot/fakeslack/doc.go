// Package fakeslack is a stateful stand-in for Slack's Web API and Socket Mode, for tests and the demo.
package fakeslack
