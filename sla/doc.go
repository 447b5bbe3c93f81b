// Package sla computes Amazon's reply deadlines, who is on call at an instant, and when each escalation step is due, as pure functions of the time they are given; its Scheduler and Cron fire escalation steps and wall-clock jobs at those instants.
package sla
