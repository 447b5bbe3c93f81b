// Package sla computes Amazon's reply deadlines, who is on call at an instant, and when each escalation step is due; every function is pure in the time it is given.
package sla
