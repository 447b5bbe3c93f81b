package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/buyerdesk/buyerdesk/internal/app"
)

// Identities of the demo's built-in configuration (internal/config/default.yml).
const (
	demoChannelDE = "C0BUYERSDE" // amazon.de's route
	demoAnna      = "U0BERLIN01" // Anna (Berlin), the first agent in the switcher
	demoMaria     = "U0NEWYRK01" // Maria (New York)
)

// startDemo runs `buyerdesk demo` quietly (no traffic after the seeded
// mails) on a free port and returns the page's URL and the stand-ins.
func startDemo(ctx context.Context, t *testing.T) (string, *app.Demo) {
	t.Helper()
	ctx, cancel := context.WithCancel(ctx)
	type ready struct {
		url string
		d   *app.Demo
	}
	up := make(chan ready, 1)
	done := make(chan error, 1)
	go func() {
		done <- app.RunDemo(ctx, app.DemoOptions{Addr: "127.0.0.1:0", NoTraffic: true, Seed: 6,
			Log:   zerolog.New(zerolog.NewTestWriter(t)).Level(zerolog.WarnLevel),
			Ready: func(url string, d *app.Demo) { up <- ready{url, d} }})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("demo shut down with %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Errorf("demo did not shut down")
		}
	})
	select {
	case r := <-up:
		return r.url, r.d
	case err := <-done:
		t.Fatalf("demo stopped before it was ready: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("demo not ready within 20 s")
	}
	return "", nil
}

// demoBuyer is the seeded buyer with subject.
func demoBuyer(t *testing.T, subject string) app.DemoBuyer {
	t.Helper()
	for _, b := range app.DemoBuyers() {
		if b.Subject == subject {
			return b
		}
	}
	t.Fatalf("no demo buyer writes %q", subject)
	return app.DemoBuyer{}
}

// messageWith waits for the channel message containing text and returns its ts.
func (p *Page) messageWith(text string) string {
	p.t.Helper()
	find := fmt.Sprintf(`(() => { const m = [...document.querySelectorAll(%s)].find((e) => e.innerText.includes(%s));
		return m ? m.dataset.ts : ""; })()`, js(tid("message")), js(text))
	p.waitJS("a message with "+text, find+` !== ""`)
	var ts string
	p.Eval(find, &ts)
	return ts
}

// waitValue waits until the input, textarea or select sel holds want.
func (p *Page) waitValue(sel, want string) {
	p.t.Helper()
	p.waitJS(fmt.Sprintf("%q in the value of %s", want, sel), fmt.Sprintf(
		`(() => { const e = document.querySelector(%s); return !!e && e.value.includes(%s); })()`, js(sel), js(want)))
}

// clickWithText waits for an element matching sel that contains text and
// clicks it.
func (p *Page) clickWithText(sel, text string) {
	p.t.Helper()
	find := fmt.Sprintf(`[...document.querySelectorAll(%s)].find((e) => e.innerText.includes(%s))`, js(sel), js(text))
	p.waitJS(fmt.Sprintf("%s with %q", sel, text), "!!"+find)
	p.Eval(find+".click()", nil)
}

// value is the current value of the input, textarea or select sel.
func (p *Page) value(sel string) string {
	p.t.Helper()
	p.WaitFor(sel)
	var s string
	p.Eval(fmt.Sprintf(`document.querySelector(%s).value`, js(sel)), &s)
	return s
}

// orderLookedUp reports whether the SP-API answered getOrder for id.
func orderLookedUp(d *app.Demo, id string) bool {
	for _, r := range d.SPAPI.Requests() {
		if r.Kind == "getOrder" && r.OrderID == id && r.Status == 200 {
			return true
		}
	}
	return false
}
