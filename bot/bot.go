package bot

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/rs/zerolog"
	"github.com/slack-go/slack"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/internal/store"
	"github.com/buyerdesk/buyerdesk/sla"
)

// Store is what the bot needs from the case store.
type Store interface {
	Case(ctx context.Context, id buyerdesk.CaseID) (buyerdesk.Case, error)
	CaseByThread(ctx context.Context, channel, ts string) (buyerdesk.Case, error)
	CasesByOrder(ctx context.Context, orderID string) ([]buyerdesk.Case, error)
	Cases(ctx context.Context, fn func(buyerdesk.Case) bool) error
	Append(ctx context.Context, id buyerdesk.CaseID, e buyerdesk.Event) (buyerdesk.Case, buyerdesk.Event, error)
	HasEvent(ctx context.Context, id buyerdesk.CaseID, key string) (bool, error)
	Events(ctx context.Context, id buyerdesk.CaseID) ([]buyerdesk.Event, error)
	Messages(ctx context.Context, id buyerdesk.CaseID) ([]store.Message, error)
	Seen(ctx context.Context, namespace, id string, now time.Time, ttl time.Duration) (bool, error)
	Put(ctx context.Context, namespace, key string, value []byte) error
	Get(ctx context.Context, namespace, key string) ([]byte, error)
	Delete(ctx context.Context, namespace, key string) error
	Scan(ctx context.Context, namespace, prefix string, fn func(key string, value []byte) bool) error
}

// Slack is the part of Slack's Web API the bot calls. slack-go's
// *slack.Client has these methods; so does the rate-limited Client.
type Slack interface {
	PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error)
	UpdateMessageContext(ctx context.Context, channelID, timestamp string, options ...slack.MsgOption) (string, string, string, error)
	PostEphemeralContext(ctx context.Context, channelID, userID string, options ...slack.MsgOption) (string, error)
	OpenViewContext(ctx context.Context, triggerID string, view slack.ModalViewRequest) (*slack.ViewResponse, error)
	UpdateViewContext(ctx context.Context, view slack.ModalViewRequest, externalID, hash, viewID string) (*slack.ViewResponse, error)
	PublishViewContext(ctx context.Context, req slack.PublishViewContextRequest) (*slack.ViewResponse, error)
	GetConversationHistoryContext(ctx context.Context, params *slack.GetConversationHistoryParameters) (*slack.GetConversationHistoryResponse, error)
	GetUserInfoContext(ctx context.Context, user string, options ...slack.GetUserInfoOption) (*slack.User, error)
	GetUserGroupMembersContext(ctx context.Context, userGroup string, options ...slack.GetUserGroupMembersOption) ([]string, error)
	OpenConversationContext(ctx context.Context, params *slack.OpenConversationParameters) (*slack.Channel, bool, bool, error)
}

// Reactions names the emoji agents use on a parent message.
type Reactions struct {
	Claim, Resolve, NoResponse, Takeover string
}

// Config is what the bot needs from the configuration.
type Config struct {
	BotUserID         string            // the bot's own user id, to ignore its own messages
	DefaultChannel    string            // where cases go when no route matches
	Routes            map[string]string // marketplace or mailbox name → channel id
	EscalationChannel string
	Agents            []string // user ids allowed to claim, resolve, hand over, approve
	AgentGroup        string   // or a user group whose members are allowed
	Reactions         Reactions
	BuyerNames        string // "first" (default), "masked" or "full"
	SelfApproval      bool   // may the drafter approve their own reply
	DraftLease        time.Duration
	Workers           int    // background workers (default 8)
	Command           string // the slash command, default "/buyerdesk"

	Rota   sla.Rota   // teams, hours and fallback; overrides come from the store
	Ladder sla.Ladder // escalation steps
}

func (c *Config) defaults() {
	if c.Workers <= 0 {
		c.Workers = 8
	}
	if c.Command == "" {
		c.Command = "/buyerdesk"
	}
	if c.DraftLease <= 0 {
		c.DraftLease = 15 * time.Minute
	}
	if c.BuyerNames == "" {
		c.BuyerNames = "first"
	}
	r := &c.Reactions
	for _, f := range []struct {
		p *string
		d string
	}{{&r.Claim, "eyes"}, {&r.Resolve, "white_check_mark"}, {&r.NoResponse, "no_entry_sign"}, {&r.Takeover, "raised_hand"}} {
		if *f.p == "" {
			*f.p = f.d
		}
	}
}

// Bot handles everything that comes from Slack and everything buyerdesk
// posts there.
type Bot struct {
	cfg   Config
	store Store
	slack Slack
	log   zerolog.Logger
	now   func() time.Time

	jobs chan job
	wg   sync.WaitGroup

	mu     sync.Mutex                 // guards locks and groups
	locks  map[buyerdesk.CaseID]*lock // per-case serialisation of background work
	groups map[string]groupEntry      // user group members, cached

	replies *Replies // the reply path; nil until WithReplies
}

// Option changes how New builds a Bot.
type Option func(*Bot)

// WithNow sets the clock (tests).
func WithNow(now func() time.Time) Option { return func(b *Bot) { b.now = now } }

// WithLogger sets the logger.
func WithLogger(l zerolog.Logger) Option { return func(b *Bot) { b.log = l } }

// New returns a bot; Start launches its workers.
func New(cfg Config, st Store, api Slack, opts ...Option) *Bot {
	cfg.defaults()
	b := &Bot{cfg: cfg, store: st, slack: api, log: zerolog.Nop(), now: time.Now,
		locks: map[buyerdesk.CaseID]*lock{}, groups: map[string]groupEntry{}}
	for _, o := range opts {
		o(b)
	}
	b.jobs = make(chan job, 1024)
	return b
}

// caseFor finds the case whose parent message is ts in channel.
func (b *Bot) caseFor(ctx context.Context, channel, ts string) (buyerdesk.Case, error) {
	c, err := b.store.CaseByThread(ctx, channel, ts)
	if err != nil {
		return c, fmt.Errorf("case lookup: %w", err)
	}
	return c, nil
}
