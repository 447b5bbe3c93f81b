package sla

import "strings"

// TargetKind says how a target is reached in Slack.
type TargetKind string

// The kinds of target.
const (
	User    TargetKind = "user"    // a person: mention, or DM
	Group   TargetKind = "group"   // a user group: <!subteam^ID>
	Channel TargetKind = "channel" // a post in a channel
	Here    TargetKind = "here"    // @here in the channel ID
)

// Target is someone an escalation reaches.
type Target struct {
	Kind TargetKind `json:"kind"`
	ID   string     `json:"id"`
	DM   bool       `json:"dm,omitempty"` // only for User
}

// String renders a target for people reading a plan: the Slack id, "@here
// C…" for Here, and " (DM)" when it is a direct message.
func (t Target) String() string {
	s := t.ID
	if t.Kind == Here {
		s = "@here " + t.ID
	}
	if t.DM {
		s += " (DM)"
	}
	return s
}

// Literal turns a Slack id into a target by its prefix: U… and W… are users,
// S… user groups, C… and G… channels. Anything else is taken as a user.
func Literal(id string) Target {
	switch {
	case strings.HasPrefix(id, "S"):
		return Target{Kind: Group, ID: id}
	case strings.HasPrefix(id, "C"), strings.HasPrefix(id, "G"):
		return Target{Kind: Channel, ID: id}
	}
	return Target{Kind: User, ID: id}
}
