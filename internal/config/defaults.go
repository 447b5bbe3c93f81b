package config

import (
	_ "embed"
	"time"
)

// Default values of keys a file leaves out. docs/config.md lists them.
const (
	DefaultStorePath    = "buyerdesk.db"
	DefaultRetention    = 30 * 24 * time.Hour
	DefaultSlackAPIURL  = "https://slack.com/api/"
	DefaultTokenURL     = "https://api.amazon.com/auth/o2/token"
	DefaultWindow       = 24 * time.Hour
	DefaultPollInterval = time.Minute
	DefaultBackfill     = 7 * 24 * time.Hour
)

// SPAPIEndpoints are the regional Selling Partner API endpoints.
var SPAPIEndpoints = map[string]string{
	"na": "https://sellingpartnerapi-na.amazon.com",
	"eu": "https://sellingpartnerapi-eu.amazon.com",
	"fe": "https://sellingpartnerapi-fe.amazon.com",
}

// base is the configuration an empty file gives: every scalar default, the
// default ladder and reactions, and no mailboxes or teams.
func base() *Config {
	return &Config{
		Store: Store{Path: DefaultStorePath, Retention: DefaultRetention},
		Log:   Log{Level: "info", Format: "json"},
		SMTP:  SMTP{TLS: TLSStartTLS},
		SPAPI: SPAPI{Region: "eu", TokenURL: DefaultTokenURL, Rate: 0.5, Burst: 30},
		Slack: Slack{
			Mode:   "socket",
			APIURL: DefaultSlackAPIURL,
			Reactions: Reactions{
				Claim:      "eyes",
				Resolve:    "white_check_mark",
				NoResponse: "no_entry_sign",
				Takeover:   "raised_hand",
			},
			BuyerNames: "first",
			DraftLease: 15 * time.Minute,
			Workers:    8,
		},
		SLA:      SLA{Window: DefaultWindow, Ladder: DefaultLadder()},
		Digests:  Digests{Times: []Clock{9 * 60, 13 * 60, 17 * 60}},
		Handoff:  Handoff{AcceptWithin: 30 * time.Minute},
		Coverage: Coverage{Days: 14},
	}
}

// DefaultLadder is the escalation ladder used when sla.ladder is not set.
func DefaultLadder() []Step {
	return []Step{
		{Name: "remind", Before: 12 * time.Hour, Targets: []Target{TargetAssignee, TargetOnCall}},
		{Name: "escalate", Before: 4 * time.Hour, Targets: []Target{TargetOnCall, TargetLead}, DM: true, RespectOffHours: true},
		{Name: "alarm", Before: time.Hour, Targets: []Target{TargetHere, TargetGroup}},
		{Name: "breach", Before: 0, Targets: []Target{TargetEscalationChannel}},
	}
}

func (m *Mailbox) setDefaults() {
	m.TLS = TLSImplicit
	m.PasswordEnv = EnvIMAPPassword
	m.Folder = "INBOX"
	m.PollInterval = DefaultPollInterval
	m.IDLE = true
	m.Backfill = DefaultBackfill
}

func (t *Team) setDefaults() { t.Rotation.Kind = "all" }

// defaultPort is the well-known port for a protocol and TLS mode.
func defaultPort(imap bool, mode TLSMode) int {
	switch {
	case imap && mode == TLSImplicit:
		return 993
	case imap:
		return 143
	case mode == TLSImplicit:
		return 465
	case mode == TLSStartTLS:
		return 587
	default:
		return 25
	}
}

//go:embed default.yml
var defaultYAML []byte

// Default returns the built-in configuration the demo and a bare `run` use:
// three follow-the-sun teams (Berlin, New York, Sydney) with a rota, the
// default ladder, trigger rules and a fallback, and no mailbox. It is
// buyerdesk.example.yml without the mailbox, SMTP and SP-API sections.
func Default() *Config {
	c, err := Parse("internal/config/default.yml", defaultYAML, func(string) string { return "" })
	if err != nil {
		// The embedded file is checked by TestDefaultIsValid.
		panic("config: embedded default configuration is invalid:\n" + err.Error())
	}
	return c
}
