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
