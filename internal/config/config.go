package config

import (
	"regexp"
	"time"
)

// Config is the whole configuration of buyerdesk. docs/config.md documents
// every key. The `check` tags name the value checks of validate.go.
type Config struct {
	Store     Store     `yaml:"store"`
	Log       Log       `yaml:"log"`
	Mailboxes []Mailbox `yaml:"mailboxes"`
	SMTP      SMTP      `yaml:"smtp"`
	SPAPI     SPAPI     `yaml:"spapi"`
	Slack     Slack     `yaml:"slack"`
	SLA       SLA       `yaml:"sla"`
	Teams     []Team    `yaml:"teams"`
	Fallback  Fallback  `yaml:"fallback"`
	Digests   Digests   `yaml:"digests"`
	Handoff   Handoff   `yaml:"handoff"`
	Coverage  Coverage  `yaml:"coverage"`
	Templates Templates `yaml:"templates"`
	Triggers  []Trigger `yaml:"triggers"`

	file string         // name used in problems
	pos  map[string]int // field path → line in the file
}

// Store is the case store.
type Store struct {
	Path      string        `yaml:"path" check:"required"`
	Retention time.Duration `yaml:"retention" check:"positive"`
}

// Log configures the service's log output.
type Log struct {
	Level  string `yaml:"level" check:"oneof=trace debug info warn error"`
	Format string `yaml:"format" check:"oneof=json console"`
}

// TLSMode says how a mail connection is encrypted.
type TLSMode string

// The TLS modes. None is allowed only to loopback hosts.
const (
	TLSImplicit TLSMode = "implicit"
	TLSStartTLS TLSMode = "starttls"
	TLSNone     TLSMode = "none"
)

// Mailbox is one IMAP mailbox that receives Amazon's buyer-message mails.
type Mailbox struct {
	Name         string        `yaml:"name" check:"name"`
	Host         string        `yaml:"host" check:"host,required"`
	Port         int           `yaml:"port" check:"port"`
	TLS          TLSMode       `yaml:"tls" check:"oneof=implicit starttls none"`
	Username     string        `yaml:"username" check:"required"`
	PasswordEnv  string        `yaml:"password_env" check:"envname"`
	Folder       string        `yaml:"folder" check:"required"`
	PollInterval time.Duration `yaml:"poll_interval" check:"positive"`
	IDLE         bool          `yaml:"idle"`
	Backfill     time.Duration `yaml:"backfill" check:"nonnegative"`
	Marketplace  string        `yaml:"marketplace" check:"marketplace"`

	// Password comes from the variable PasswordEnv (or PasswordEnv_FILE).
	Password Secret `yaml:"-"`
}

// SMTP is the server our approved replies leave through. Sending is off when
// Host is empty.
type SMTP struct {
	Host     string  `yaml:"host" check:"host"`
	Port     int     `yaml:"port" check:"port"`
	TLS      TLSMode `yaml:"tls" check:"oneof=implicit starttls none"`
	Username string  `yaml:"username"`
	From     string  `yaml:"from" check:"email"`
	HELO     string  `yaml:"helo" check:"host"`

	// Password comes from BUYERDESK_SMTP_PASSWORD.
	Password Secret `yaml:"-"`
}

// SPAPI is Amazon's Selling Partner API, used to look up order data.
type SPAPI struct {
	Region   string  `yaml:"region" check:"oneof=na eu fe"`
	Endpoint string  `yaml:"endpoint" check:"url"`
	TokenURL string  `yaml:"token_url" check:"url"`
	ClientID string  `yaml:"client_id"`
	Rate     float64 `yaml:"rate" check:"positive"`
	Burst    int     `yaml:"burst" check:"positive"`
	// Enabled defaults to whether all credentials are present.
	Enabled bool `yaml:"enabled"`

	ClientSecret Secret `yaml:"-"` // BUYERDESK_LWA_CLIENT_SECRET
	RefreshToken Secret `yaml:"-"` // BUYERDESK_LWA_REFRESH_TOKEN
}

// Slack is the connection to Slack and how the bot behaves there.
type Slack struct {
	Mode              string        `yaml:"mode" check:"oneof=socket http"`
	APIURL            string        `yaml:"api_url" check:"url"`
	Listen            string        `yaml:"listen" check:"hostport"`
	Channels          Channels      `yaml:"channels"`
	EscalationChannel string        `yaml:"escalation_channel" check:"channel"`
	Agents            []string      `yaml:"agents" check:"user"`
	AgentGroup        string        `yaml:"agent_group" check:"group"`
	Reactions         Reactions     `yaml:"reactions"`
	BuyerNames        string        `yaml:"buyer_names" check:"oneof=first masked full"`
	SelfApproval      bool          `yaml:"self_approval"`
	DraftLease        time.Duration `yaml:"draft_lease" check:"positive"`
	Workers           int           `yaml:"workers" check:"positive"`

	BotToken      Secret `yaml:"-"` // SLACK_BOT_TOKEN; Slack is off without it
	AppToken      Secret `yaml:"-"` // SLACK_APP_TOKEN, socket mode
	SigningSecret Secret `yaml:"-"` // SLACK_SIGNING_SECRET, http mode
}

// Escalation is the channel for breach notices: escalation_channel, else
// the default channel.
func (s *Slack) Escalation() string {
	if s.EscalationChannel != "" {
		return s.EscalationChannel
	}
	return s.Channels.Default
}

// Enabled reports whether buyerdesk talks to Slack (a bot token is set).
func (s *Slack) Enabled() bool { return !s.BotToken.IsZero() }

// Channels routes cases to Slack channels.
type Channels struct {
	Default string `yaml:"default" check:"channel"`
	// Routes maps a marketplace ("amazon.de") or a mailbox name to a channel.
	Routes map[string]string `yaml:"routes" check:"channel"`
}

// For returns the channel for a case from the given mailbox and marketplace:
// the marketplace route, then the mailbox route, then the default.
func (c *Channels) For(mailbox, marketplace string) string {
	if ch, ok := c.Routes[marketplace]; ok && marketplace != "" {
		return ch
	}
	if ch, ok := c.Routes[mailbox]; ok && mailbox != "" {
		return ch
	}
	return c.Default
}

// Reactions are the emoji names (without colons) agents react with.
type Reactions struct {
	Claim      string `yaml:"claim" check:"emoji"`
	Resolve    string `yaml:"resolve" check:"emoji"`
	NoResponse string `yaml:"no_response" check:"emoji"`
	Takeover   string `yaml:"takeover" check:"emoji"`
}

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

// Digests are the summaries posted in each team channel, at local times.
type Digests struct {
	Times []Clock `yaml:"times"`
}

// Handoff is the routine at each team's shift end.
type Handoff struct {
	AcceptWithin time.Duration `yaml:"accept_within" check:"positive"`
}

// Coverage is the rota gap check.
type Coverage struct {
	Days int `yaml:"days" check:"positive"`
}

// Templates says where user templates live (embedded ones are always there).
type Templates struct {
	Dir string `yaml:"dir"`
}

// Trigger suggests a category, template and team for buyer messages that
// contain one of Keywords or match Pattern.
type Trigger struct {
	Lang     string   `yaml:"lang" check:"lang"`
	Keywords []string `yaml:"keywords"`
	Pattern  string   `yaml:"pattern"`
	Category string   `yaml:"category" check:"id,required"`
	Template string   `yaml:"template" check:"id"`
	Team     string   `yaml:"team"`

	// Regexp is Pattern compiled (case-insensitive); nil without a pattern.
	Regexp *regexp.Regexp `yaml:"-"`
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
