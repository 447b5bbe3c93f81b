package app

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/buyerdesk/buyerdesk/amazon/amazontest"
	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
	"github.com/buyerdesk/buyerdesk/internal/demo"
)

// DemoOptions configure `buyerdesk demo`.
type DemoOptions struct {
	Addr      string  // where the page is served, default 127.0.0.1:8080
	Speed     float64 // time-lapse factor: 60 runs an hour a minute; default 1
	NoTraffic bool    // no new buyer mails after the seeded ones
	DB        string  // keep the store in this file; default a temporary directory
	Log       zerolog.Logger
	Out       io.Writer // where the URL is printed
	// Ready, if set, receives the page's URL once everything runs (tests).
	Ready func(url string, d *Demo)
	Seed  uint64 // random seed of the traffic (0: time-based)
}

// Demo is a running demo: the stand-ins the service talks to.
type Demo struct {
	Slack *fakeslack.Server
	SMTP  *amazontest.SMTPSink
	SPAPI *amazontest.SPAPI
	IMAP  *amazontest.IMAP
	Now   func() time.Time

	mu    sync.Mutex
	rnd   *rand.Rand
	convs []*DemoConversation
}

// RunDemo starts the stand-ins, the real service against them and the
// demo page, and runs until ctx is done.
func RunDemo(ctx context.Context, o DemoOptions) error {
	if o.Addr == "" {
		o.Addr = "127.0.0.1:8080"
	}
	if o.Speed <= 0 {
		o.Speed = 1
	}
	if o.Seed == 0 {
		o.Seed = uint64(time.Now().UnixNano())
	}
	start := time.Now()
	now := func() time.Time { return start.Add(time.Duration(float64(time.Since(start)) * o.Speed)) }
	d := &Demo{Now: now, rnd: rand.New(rand.NewPCG(o.Seed, 42))}
	cleanup, err := d.startStandIns(now)
	defer cleanup()
	if err != nil {
		return err
	}
	dir := ""
	if o.DB == "" {
		if dir, err = os.MkdirTemp("", "buyerdesk-demo-"); err != nil {
			return fmt.Errorf("demo store: %w", err)
		}
		defer os.RemoveAll(dir)
		o.DB = filepath.Join(dir, "demo.db")
	}
	cfg := d.config(o.DB)
	svc, err := Open(ctx, cfg, Options{Log: o.Log, Now: now, TLSConfig: nil, Tick: tickFor(o.Speed)})
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return fmt.Errorf("demo page: %w", err)
	}
	ui := demo.NewUI(d.Slack, d.SMTP, demo.UIOptions{Title: "buyerdesk demo", DefaultChannel: cfg.Slack.Channels.Default,
		Agents: demoAgents(cfg)})
	srv := &http.Server{Handler: ui, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(l)
	defer srv.Close()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- svc.Run(ctx) }()
	d.seed()
	if !o.NoTraffic {
		go d.traffic(ctx, o.Speed)
	}
	url := "http://" + l.Addr().String()
	if o.Out != nil {
		fmt.Fprintf(o.Out, "buyerdesk demo is running: open %s (Ctrl-C to stop)\n", url)
	}
	if o.Ready != nil {
		o.Ready(url, d)
	}
	select {
	case <-ctx.Done():
		return <-errc
	case err := <-errc:
		return err
	}
}

// tickFor is how often the scheduler polls under a time-lapse.
func tickFor(speed float64) time.Duration {
	if speed == 1 {
		return 0
	}
	return 250 * time.Millisecond
}

func (d *Demo) startStandIns(now func() time.Time) (func(), error) {
	var closers []func()
	cleanup := func() {
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
	}
	var err error
	if d.IMAP, err = amazontest.StartIMAP("support@demo-shop.example", "demo"); err != nil {
		return cleanup, err
	}
	closers = append(closers, func() { d.IMAP.Close() })
	if d.SMTP, err = amazontest.StartSMTPSink(amazontest.SMTPSinkConfig{Now: now}); err != nil {
		return cleanup, err
	}
	closers = append(closers, func() { d.SMTP.Close() })
	d.SPAPI = amazontest.NewSPAPI(amazontest.SPAPIConfig{ClientID: "demo-client", ClientSecret: "demo-secret", RefreshToken: "demo-refresh", Now: now})
	if err = d.SPAPI.Start(); err != nil {
		return cleanup, err
	}
	closers = append(closers, func() { d.SPAPI.Close() })
	d.Slack = fakeslack.New(fakeslack.Options{Now: now})
	closers = append(closers, d.Slack.Close)
	return cleanup, nil
}

// seed delivers one mail of each seeded buyer, sent over the last hours so
// the cases stand at different points of their clocks, and one follow-up.
func (d *Demo) seed() {
	now := d.Now()
	buyers := DemoBuyers()
	for i, b := range buyers {
		age := time.Duration(len(buyers)-i) * 3 * time.Hour
		d.deliver(d.newConversation(b), now.Add(-age))
	}
	d.mu.Lock()
	first := d.convs[0]
	d.mu.Unlock()
	d.deliver(first, now.Add(-time.Hour))
}

// traffic keeps buyer mails arriving: a new conversation or a follow-up
// every few seconds to minutes of demo time.
func (d *Demo) traffic(ctx context.Context, speed float64) {
	for {
		d.mu.Lock()
		wait := time.Duration(20+d.rnd.IntN(160)) * time.Second
		d.mu.Unlock()
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Duration(float64(wait) / max(speed, 1))):
		}
		d.mu.Lock()
		var c *DemoConversation
		if len(d.convs) > 0 && d.rnd.IntN(4) == 0 {
			c = d.convs[d.rnd.IntN(len(d.convs))]
		}
		buyers := DemoBuyers()
		b := buyers[d.rnd.IntN(len(buyers))]
		d.mu.Unlock()
		if c == nil {
			c = d.newConversation(b)
		}
		d.deliver(c, d.Now())
	}
}

// NewMail delivers a new conversation's first mail now (tests).
func (d *Demo) NewMail(b DemoBuyer) *DemoConversation {
	c := d.newConversation(b)
	d.deliver(c, d.Now())
	return c
}

func (d *Demo) newConversation(b DemoBuyer) *DemoConversation {
	d.mu.Lock()
	defer d.mu.Unlock()
	c := NewDemoConversation(b, d.rnd)
	d.convs = append(d.convs, c)
	if c.OrderID != "" {
		d.addOrder(c)
	}
	return c
}

// addOrder serves an order for the conversation from the seed orders of
// its marketplace, with fresh ids and recent dates. d.mu held.
func (d *Demo) addOrder(c *DemoConversation) {
	seeds, err := amazontest.SeedOrders()
	if err != nil || len(seeds) == 0 {
		return
	}
	o := seeds[d.rnd.IntN(len(seeds))]
	for _, s := range seeds {
		if strings.EqualFold(s.SalesChannel.MarketplaceName, c.Buyer.Marketplace) {
			o = s
		}
	}
	o = o.Shift(d.Now().Add(-72 * time.Hour).Sub(o.CreatedTime))
	o.OrderID = c.OrderID
	if len(o.OrderItems) > 0 {
		o.OrderItems[0].Product.Title = c.Buyer.Item
	}
	d.SPAPI.AddOrder(o)
}

func (d *Demo) deliver(c *DemoConversation, at time.Time) {
	d.mu.Lock()
	raw := c.Mail(at, d.rnd)
	d.mu.Unlock()
	_, _ = d.IMAP.Deliver(raw, at)
}
