// Package slackout sends every Web API call buyerdesk makes to Slack through one queue that respects Slack's rate limits and posts the most urgent case first.
package slackout
