package config

import "time"

// SLA is Amazon's reply deadline and our escalation ladder.
type SLA struct {
	Window       time.Duration          `yaml:"window" check:"positive"`
	Marketplaces map[string]Marketplace `yaml:"marketplaces" keycheck:"marketplace"`
	Rules        []Rule                 `yaml:"rules"`
	Ladder       []Step                 `yaml:"ladder"`
}

// Marketplace overrides the window for one marketplace.
type Marketplace struct {
	Window time.Duration `yaml:"window" check:"positive"`
}

// Rule is a temporary window, e.g. for a holiday season, for messages sent
// on the days From through To (UTC), for the listed marketplaces or all.
type Rule struct {
	Name         string        `yaml:"name"`
	From         Date          `yaml:"from" check:"required"`
	To           Date          `yaml:"to" check:"required"`
	Window       time.Duration `yaml:"window" check:"positive"`
	Marketplaces []string      `yaml:"marketplaces" check:"marketplace"`
}

// WindowFor returns the reply window for a message sent at sent on the given
// marketplace: the first matching rule, then the marketplace's override,
// then the default window.
func (s *SLA) WindowFor(marketplace string, sent time.Time) time.Duration {
	day := DateOf(sent.UTC())
	for _, r := range s.Rules {
		if day.Before(r.From) || r.To.Before(day) {
			continue
		}
		if len(r.Marketplaces) == 0 || contains(r.Marketplaces, marketplace) {
			return r.Window
		}
	}
	if m, ok := s.Marketplaces[marketplace]; ok {
		return m.Window
	}
	return s.Window
}

// Step is one rung of the escalation ladder. It fires Before the deadline
// (0: at the deadline) and reaches its Targets.
type Step struct {
	Name            string        `yaml:"name" check:"name"`
	Before          time.Duration `yaml:"before" check:"nonnegative"`
	Targets         []Target      `yaml:"targets" check:"required"`
	DM              bool          `yaml:"dm"`
	RespectOffHours bool          `yaml:"respect_off_hours"`
}

// Target is whom a ladder step reaches: one of the Target constants or a
// Slack user id.
type Target string

// The named targets, resolved through the rota when the step fires.
const (
	TargetAssignee          Target = "assignee"           // the claimer, else the on-call primary
	TargetOnCall            Target = "oncall"             // the on-call primary of the case's team
	TargetOnShift           Target = "on_shift"           // everyone on shift in the case's team
	TargetLead              Target = "lead"               // the team lead
	TargetGroup             Target = "group"              // the team's Slack user group
	TargetHere              Target = "here"               // @here in the case's channel
	TargetFallback          Target = "fallback"           // the configured fallback
	TargetEscalationChannel Target = "escalation_channel" // a notice in slack.escalation_channel
)

// Named reports whether t is one of the named targets (not a user id).
func (t Target) Named() bool {
	switch t {
	case TargetAssignee, TargetOnCall, TargetOnShift, TargetLead, TargetGroup, TargetHere, TargetFallback, TargetEscalationChannel:
		return true
	}
	return false
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
