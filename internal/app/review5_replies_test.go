package app

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/buyerdesk/buyerdesk/amazon/amazontest"
	"github.com/buyerdesk/buyerdesk/internal/config"
	"github.com/buyerdesk/buyerdesk/templates"
)

// TestRepliesWiring checks that the service builds the reply path from the
// configuration: the templates directory overrides a default, the configured
// triggers (keywords and pattern) replace the defaults, order data comes
// from the configured SP-API endpoint with the configured credentials, and
// replies leave through the configured SMTP server from the approved sender.
func TestRepliesWiring(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	tdir := filepath.Join(dir, "templates")
	if err := os.MkdirAll(tdir, 0o755); err != nil {
		t.Fatal(err)
	}
	override := "id: order_shipped\ntitle: Versandt (Shop)\nlanguage: de\ncategory: shipping\nbody: |\n  Hausvorlage: Bestellung [ORDER_ID] ist unterwegs.\n"
	custom := "id: warranty\ntitle: Garantie\nlanguage: de\ncategory: warranty\nbody: |\n  Zu Ihrer Bestellung [ORDER_ID]: die Garantie gilt zwei Jahre.\n"
	for name, body := range map[string]string{"shipped.yaml": override, "warranty.yml": custom} {
		if err := os.WriteFile(filepath.Join(tdir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	yml := "store:\n  path: " + filepath.Join(dir, "cases.db") + "\n" +
		"templates:\n  dir: " + tdir + "\n" +
		"triggers:\n" +
		"  - lang: de\n    keywords: [garantie]\n    category: warranty\n    template: warranty\n" +
		"  - pattern: 'serial (no|number) [0-9]+'\n    category: warranty\n    template: warranty\n"
	cfg, err := config.Parse("buyerdesk.yml", []byte(yml), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}

	sp := amazontest.NewSPAPI(amazontest.SPAPIConfig{ClientID: "wiring-client", ClientSecret: "wiring-secret", RefreshToken: "wiring-refresh"})
	if err := sp.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sp.Close() })
	orders, err := amazontest.SeedOrders()
	if err != nil || len(orders) == 0 {
		t.Fatalf("seed orders: %v", err)
	}
	for _, o := range orders {
		sp.AddOrder(o)
	}
	cfg.SPAPI.Enabled, cfg.SPAPI.Endpoint, cfg.SPAPI.TokenURL = true, sp.URL(), sp.TokenURL()
	cfg.SPAPI.ClientID, cfg.SPAPI.ClientSecret, cfg.SPAPI.RefreshToken = "wiring-client", config.NewSecret("wiring-secret"), config.NewSecret("wiring-refresh")

	sink, err := amazontest.StartSMTPSink(amazontest.SMTPSinkConfig{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sink.Close() })
	host, port, _ := strings.Cut(sink.Addr(), ":")
	p, _ := strconv.Atoi(port)
	cfg.SMTP = config.SMTP{Host: host, Port: p, TLS: config.TLSNone, From: "support@shop.example", HELO: "localhost"}

	s := &Service{cfg: cfg, opts: Options{Now: time.Now}, log: zerolog.Nop()}
	r, err := s.replies(ctx)
	if err != nil {
		t.Fatal(err)
	}

	// Templates: the directory's file replaces the default, adds a new one,
	// and the other defaults stay.
	if tp, ok := r.Templates.Get("order_shipped", "de"); !ok || !strings.HasPrefix(tp.Body, "Hausvorlage") {
		t.Errorf("override not loaded: %+v", tp)
	}
	if _, ok := r.Templates.Get("warranty", "de"); !ok {
		t.Error("added template not loaded")
	}
	if _, ok := r.Templates.Get("damaged_item", "en"); !ok {
		t.Error("defaults lost")
	}

	// Triggers: the configured ones, not the defaults.
	if len(r.Triggers) != 2 {
		t.Fatalf("%d triggers, want the 2 configured", len(r.Triggers))
	}
	for _, tc := range []struct{ text, lang, want string }{
		{"Wie lange gilt die Garantie?", "de", "warranty"},
		{"My serial number 12345 does not register", "en", "warranty"},
		{"Das Paket ist beschädigt", "de", ""}, // a default trigger: not configured here
	} {
		s, ok := templates.Suggest(r.Triggers, tc.text, tc.lang)
		if ok != (tc.want != "") || s.Template != tc.want {
			t.Errorf("Suggest(%q) = %+v, %v; want template %q", tc.text, s, ok, tc.want)
		}
	}

	// Order data from the configured SP-API.
	if r.Orders == nil {
		t.Fatal("no SP-API client although spapi is enabled")
	}
	o, err := r.Orders.Order(ctx, orders[0].OrderID)
	if err != nil || o.OrderID != orders[0].OrderID {
		t.Fatalf("order lookup: %+v, %v", o, err)
	}
	if sp.Count("token") == 0 {
		t.Errorf("no LWA token exchange: %v", sp.Requests())
	}

	// Replies leave through the configured SMTP server.
	if r.Mailer == nil || r.From != "support@shop.example" {
		t.Fatalf("mailer %v from %q", r.Mailer, r.From)
	}
	msg := "From: support@shop.example\r\nTo: x@marketplace.amazon.de\r\nSubject: t\r\n\r\nbody\r\n"
	if err := r.Mailer.Send(ctx, r.From, []string{"x@marketplace.amazon.de"}, []byte(msg)); err != nil {
		t.Fatalf("send: %v", err)
	}
	if got := sink.Messages(); len(got) != 1 || got[0].From != "support@shop.example" {
		t.Errorf("sink got %+v", got)
	}
}

// TestRepliesWiringOff: without SP-API credentials and SMTP host there is no
// order lookup and no mailer, and a broken templates directory stops start-up
// with the file's name.
func TestRepliesWiringOff(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cfg, err := config.Parse("buyerdesk.yml", []byte("store:\n  path: "+filepath.Join(dir, "cases.db")+"\n"), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	s := &Service{cfg: cfg, opts: Options{Now: time.Now}, log: zerolog.Nop()}
	r, err := s.replies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r.Orders != nil || r.Mailer != nil || r.Triggers != nil {
		t.Errorf("orders %v mailer %v triggers %v, want none", r.Orders, r.Mailer, r.Triggers)
	}
	if r.Templates == nil || len(r.Templates.List("de")) == 0 {
		t.Error("defaults missing")
	}

	if err := os.WriteFile(filepath.Join(dir, "bad.yaml"), []byte("id: x\nlangauge: de\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s.cfg.Templates.Dir = dir
	if _, err := s.replies(ctx); err == nil || !strings.Contains(err.Error(), "bad.yaml") {
		t.Errorf("broken template dir: %v", err)
	}
}
