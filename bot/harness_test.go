package bot

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
	"github.com/buyerdesk/buyerdesk/internal/store"
	"github.com/buyerdesk/buyerdesk/internal/store/storetest"
)

// Test workspace: one support channel, two agents in different zones, an
// outsider, and an escalation channel.
const (
	chanSupport  = "CSUPPORT"
	chanEscalate = "CESCALATE"
	userAna      = "UANA" // agent, Europe/Berlin
	userBen      = "UBEN" // agent, America/New_York
	userOutsider = "UOUT" // not an agent
)

// blockKitSchema is Slack's Block Kit schema, in shared/ beside the checkout.
const blockKitSchema = "../../shared/slack/block-kit.schema.json"

// harness runs a real Bot over Socket Mode against the fake Slack, with a
// real bbolt store and a clock the test moves.
type harness struct {
	t     *testing.T
	ctx   context.Context
	slack *fakeslack.Server
	api   *slack.Client
	store *store.DB
	bot   *Bot

	mu  sync.Mutex
	now time.Time
}

// newHarness starts everything; cfg's channels default to the test workspace;
// opts are applied after the harness's clock and logger.
func newHarness(t *testing.T, cfg Config, opts ...Option) *harness {
	t.Helper()
	if _, err := os.Stat(blockKitSchema); err != nil {
		t.Fatalf("Block Kit schema not found beside the checkout: %v", err)
	}
	h := &harness{t: t, now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)}
	h.slack = fakeslack.New(fakeslack.Options{Now: h.clock, BlockKitSchema: blockKitSchema})
	t.Cleanup(h.slack.Close)
	h.slack.AddChannel(chanSupport, "amazon-support")
	h.slack.AddChannel(chanEscalate, "amazon-escalations")
	h.slack.AddUser(fakeslack.User{ID: userAna, Name: "ana", RealName: "Ana Agent", TZ: "Europe/Berlin"})
	h.slack.AddUser(fakeslack.User{ID: userBen, Name: "ben", RealName: "Ben Agent", TZ: "America/New_York"})
	h.slack.AddUser(fakeslack.User{ID: userOutsider, Name: "olga", RealName: "Olga Outsider", TZ: "UTC"})

	if cfg.DefaultChannel == "" {
		cfg.DefaultChannel = chanSupport
	}
	if cfg.EscalationChannel == "" {
		cfg.EscalationChannel = chanEscalate
	}
	if cfg.Agents == nil && cfg.AgentGroup == "" {
		cfg.Agents = []string{userAna, userBen}
	}
	if cfg.BotUserID == "" {
		cfg.BotUserID = "UBOT"
	}
	h.store = storetest.MustOpen(t)
	h.api = slack.New("xoxb-test", slack.OptionAPIURL(h.slack.APIURL()), slack.OptionAppLevelToken("xapp-test"))
	opts = append([]Option{WithNow(h.clock), WithLogger(zerolog.New(zerolog.NewTestWriter(t)).Level(zerolog.WarnLevel))}, opts...)
	h.bot = New(cfg, h.store, h.api, opts...)

	ctx, cancel := context.WithCancel(context.Background())
	h.ctx = ctx
	h.bot.Start(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := h.bot.RunSocketMode(ctx, socketmode.New(h.api)); err != nil {
			t.Errorf("socket mode: %v", err)
		}
	}()
	t.Cleanup(func() {
		cancel()
		<-done
		h.bot.Wait()
	})
	h.eventually("socket mode connected", func() bool { return h.slack.Connections() > 0 })
	return h
}

func (h *harness) clock() time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.now
}

// FastForward moves the test clock.
func (h *harness) FastForward(d time.Duration) {
	h.mu.Lock()
	h.now = h.now.Add(d)
	h.mu.Unlock()
}

// eventually waits up to five seconds for cond.
func (h *harness) eventually(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			h.t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// ingest stores a buyer mail as if it came from the mailbox and returns the result.
func (h *harness) ingest(m buyerdesk.Mail) store.IngestResult {
	h.t.Helper()
	if m.Kind == "" {
		m.Kind = buyerdesk.KindBuyerMessage
	}
	if m.SentAt.IsZero() {
		m.SentAt = h.clock()
	}
	res, err := h.store.Ingest(h.ctx, store.IngestRequest{Mailbox: "de", Raw: []byte(m.MessageID + m.Body), Mail: m, Now: h.clock()})
	if err != nil {
		h.t.Fatalf("ingest: %v", err)
	}
	return res
}

// caseNow reads the case from the store.
func (h *harness) caseNow(id buyerdesk.CaseID) buyerdesk.Case {
	h.t.Helper()
	c, err := h.store.Case(h.ctx, id)
	if err != nil {
		h.t.Fatalf("case: %v", err)
	}
	return c
}

// events returns the case's log.
func (h *harness) events(id buyerdesk.CaseID) []buyerdesk.Event {
	h.t.Helper()
	evs, err := h.store.Events(h.ctx, id)
	if err != nil {
		h.t.Fatalf("events: %v", err)
	}
	return evs
}

// count returns how many events of type typ the case's log holds.
func (h *harness) count(id buyerdesk.CaseID, typ buyerdesk.EventType) int {
	n := 0
	for _, e := range h.events(id) {
		if e.Type == typ {
			n++
		}
	}
	return n
}

// sampleMail is a realistic German buyer message.
func sampleMail(id, order string) buyerdesk.Mail {
	return buyerdesk.Mail{
		Kind: buyerdesk.KindBuyerMessage, MessageID: id, OrderID: order, Marketplace: "amazon.de",
		RelayAddress: "k3x9q2m7@marketplace.amazon.de", BuyerName: "Erika Mustermann",
		Subject: "Frage zu Bestellung " + order, Language: "de", Body: "Wo ist mein Paket?",
	}
}

func TestHarnessConnects(t *testing.T) {
	h := newHarness(t, Config{})
	res := h.ingest(sampleMail("m1@amazon.de", "302-1234567-1234567"))
	if !res.NewCase || h.count(res.Case.ID, buyerdesk.EventReceived) != 1 {
		t.Fatalf("ingest did not open a case: %+v", res)
	}
}
