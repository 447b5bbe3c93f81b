package config

import "time"

// Team is one group of agents working in one time zone.
type Team struct {
	Name         string         `yaml:"name" check:"name"`
	Zone         *time.Location `yaml:"zone" check:"required"`
	Channel      string         `yaml:"channel" check:"channel"`
	Lead         string         `yaml:"lead" check:"user"`
	Group        string         `yaml:"group" check:"group"`
	Hours        Week           `yaml:"hours"`
	Holidays     []Date         `yaml:"holidays"`
	Members      []Member       `yaml:"members"`
	Rotation     Rotation       `yaml:"rotation"`
	Marketplaces []string       `yaml:"marketplaces" check:"marketplace"`
	Digests      []Clock        `yaml:"digests"` // overrides digests.times
}

// Member is one agent of a team.
type Member struct {
	ID    string         `yaml:"id" check:"user,required"`
	Name  string         `yaml:"name"`
	Zone  *time.Location `yaml:"zone"`
	Hours *Week          `yaml:"hours"`
}

// Shift returns the member's working hours and the zone they are read in.
// Each defaults to the team's independently: a member with only a zone
// works the team's hours on their own wall clock.
func (t *Team) Shift(m Member) (Week, *time.Location) {
	hours, zone := t.Hours, t.Zone
	if m.Hours != nil {
		hours = *m.Hours
	}
	if m.Zone != nil {
		zone = m.Zone
	}
	return hours, zone
}

// DigestTimes returns the team's digest times, else the global ones.
func (c *Config) DigestTimes(t *Team) []Clock {
	if len(t.Digests) > 0 {
		return t.Digests
	}
	return c.Digests.Times
}

// Rotation picks the primary on-call person inside a team.
type Rotation struct {
	// Kind is daily or weekly round robin from Start, or all: everyone on
	// shift shares the cases.
	Kind  string `yaml:"kind" check:"oneof=daily weekly all"`
	Start Date   `yaml:"start"`
}

// Fallback is on call when nobody is on shift.
type Fallback struct {
	User  string `yaml:"user" check:"user"`
	Group string `yaml:"group" check:"group"`
}

// IsZero reports whether no fallback is configured.
func (f Fallback) IsZero() bool { return f.User == "" && f.Group == "" }
