package e2e

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// tid is the CSS selector of elements with data-testid=id.
func tid(id string) string { return fmt.Sprintf("[data-testid=%q]", id) }

// message is the selector of the channel message with ts.
func message(ts string) string { return fmt.Sprintf("%s[data-ts=%q]", tid("message"), ts) }

// Page is one browser tab. Its methods fail the test on error, and a
// failed wait saves a screenshot beside the others.
type Page struct {
	t         testing.TB
	ctx       context.Context
	c         *cdp
	session   string
	artifacts string
	// Timeout bounds every wait (default 10 s).
	Timeout time.Duration

	mu       sync.Mutex
	jsErrors []string
}

// newPage starts Chromium and opens one tab. Screenshots go to
// $BUYERDESK_ARTIFACTS, or a temporary directory.
func newPage(ctx context.Context, t testing.TB) *Page {
	t.Helper()
	p := &Page{t: t, ctx: ctx, Timeout: 10 * time.Second, artifacts: os.Getenv("BUYERDESK_ARTIFACTS")}
	if p.artifacts == "" {
		p.artifacts = t.TempDir()
	}
	if err := os.MkdirAll(p.artifacts, 0o755); err != nil {
		t.Fatalf("artifacts directory: %v", err)
	}
	url := startChromium(ctx, t)
	c, err := dialCDP(ctx, url, p.event)
	if err != nil {
		t.Fatalf("%v", err)
	}
	t.Cleanup(c.close)
	t.Cleanup(func() { _ = c.call(ctx, "", "Browser.close", map[string]any{}, nil) })
	p.c = c
	var target struct {
		TargetID string `json:"targetId"`
	}
	p.must(c.call(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank"}, &target))
	var attached struct {
		SessionID string `json:"sessionId"`
	}
	p.must(c.call(ctx, "", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &attached))
	p.session = attached.SessionID
	p.send("Page.enable", nil)
	p.send("Runtime.enable", nil)
	p.send("Emulation.setDeviceMetricsOverride", map[string]any{"width": 1400, "height": 900, "deviceScaleFactor": 1, "mobile": false})
	t.Cleanup(p.checkJSErrors)
	return p
}

// event records uncaught exceptions and console errors of the page.
func (p *Page) event(session, method string, params json.RawMessage) {
	if session != p.session {
		return
	}
	switch method {
	case "Runtime.exceptionThrown":
		var e struct {
			Details struct {
				Text      string `json:"text"`
				Exception struct {
					Description string `json:"description"`
				} `json:"exception"`
			} `json:"exceptionDetails"`
		}
		_ = json.Unmarshal(params, &e)
		p.addJSError(e.Details.Text + " " + e.Details.Exception.Description)
	case "Runtime.consoleAPICalled":
		var e struct {
			Type string `json:"type"`
			Args []struct {
				Value       any    `json:"value"`
				Description string `json:"description"`
			} `json:"args"`
		}
		_ = json.Unmarshal(params, &e)
		if e.Type == "error" && len(e.Args) > 0 {
			p.addJSError(fmt.Sprint(e.Args[0].Value, e.Args[0].Description))
		}
	}
}

func (p *Page) addJSError(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.jsErrors = append(p.jsErrors, s)
}

func (p *Page) checkJSErrors() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, e := range p.jsErrors {
		p.t.Errorf("JavaScript error on the page: %s", e)
	}
}

func (p *Page) must(err error) {
	p.t.Helper()
	if err != nil {
		p.t.Fatalf("%v", err)
	}
}

func (p *Page) send(method string, params any) {
	p.t.Helper()
	if params == nil {
		params = map[string]any{}
	}
	p.must(p.c.call(p.ctx, p.session, method, params, nil))
}

// Goto loads url and waits until the document is complete.
func (p *Page) Goto(url string) {
	p.t.Helper()
	p.send("Page.navigate", map[string]any{"url": url})
	p.waitJS("document loaded", `document.readyState === "complete" && location.href !== "about:blank"`)
}

// Eval runs a JavaScript expression (promises are awaited) and decodes
// its value into out (may be nil).
func (p *Page) Eval(expr string, out any) {
	p.t.Helper()
	p.must(p.eval(expr, out))
}

func (p *Page) eval(expr string, out any) error {
	var r struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		Exception *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	err := p.c.call(p.ctx, p.session, "Runtime.evaluate", map[string]any{
		"expression": expr, "returnByValue": true, "awaitPromise": true,
	}, &r)
	if err != nil {
		return err
	}
	if r.Exception != nil {
		return fmt.Errorf("evaluate %q: %s %s", expr, r.Exception.Text, r.Exception.Exception.Description)
	}
	if out != nil && len(r.Result.Value) > 0 {
		if err := json.Unmarshal(r.Result.Value, out); err != nil {
			return fmt.Errorf("evaluate %q result: %w", expr, err)
		}
	}
	return nil
}

// waitJS polls a boolean expression until it is true or Timeout passes.
func (p *Page) waitJS(what, expr string) {
	p.t.Helper()
	deadline := time.Now().Add(p.Timeout)
	for {
		var ok bool
		err := p.eval("Boolean("+expr+")", &ok)
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			name := p.Screenshot("timeout")
			var body string
			_ = p.eval(`document.body ? document.body.innerText.slice(0, 3000) : ""`, &body)
			p.t.Fatalf("timed out after %v waiting for %s (last error: %v); screenshot %s; page text:\n%s", p.Timeout, what, err, name, body)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func js(s string) string {
	b, _ := json.Marshal(s) // a string always marshals
	return string(b)
}

// visible is a JavaScript expression true when sel matches a rendered element.
func visible(sel string) string {
	return fmt.Sprintf(`(() => { const e = document.querySelector(%s); return !!e && e.getClientRects().length > 0; })()`, js(sel))
}

// WaitFor waits until sel matches a visible element.
func (p *Page) WaitFor(sel string) {
	p.t.Helper()
	p.waitJS(sel, visible(sel))
}

// WaitGone waits until no visible element matches sel.
func (p *Page) WaitGone(sel string) {
	p.t.Helper()
	p.waitJS("no "+sel, "!"+visible(sel))
}

// WaitForText waits until an element matching sel contains text.
func (p *Page) WaitForText(sel, text string) {
	p.t.Helper()
	p.waitJS(fmt.Sprintf("%q in %s", text, sel), fmt.Sprintf(
		`[...document.querySelectorAll(%s)].some((e) => e.innerText.includes(%s))`, js(sel), js(text)))
}

// WaitForCount waits until exactly n elements match sel.
func (p *Page) WaitForCount(sel string, n int) {
	p.t.Helper()
	p.waitJS(fmt.Sprintf("%d × %s", n, sel), fmt.Sprintf(`document.querySelectorAll(%s).length === %d`, js(sel), n))
}

// Count is how many elements match sel now.
func (p *Page) Count(sel string) int {
	p.t.Helper()
	var n int
	p.Eval(fmt.Sprintf(`document.querySelectorAll(%s).length`, js(sel)), &n)
	return n
}

// Text is the rendered text of the first element matching sel.
func (p *Page) Text(sel string) string {
	p.t.Helper()
	p.WaitFor(sel)
	var s string
	p.Eval(fmt.Sprintf(`document.querySelector(%s).innerText`, js(sel)), &s)
	return s
}

// Click waits for sel and clicks the first match.
func (p *Page) Click(sel string) {
	p.t.Helper()
	p.waitJS("enabled "+sel, fmt.Sprintf(`(() => { const e = document.querySelector(%s); return !!e && !e.disabled; })()`, js(sel)))
	p.Eval(fmt.Sprintf(`document.querySelector(%s).click()`, js(sel)), nil)
}

// Type replaces the value of the input or textarea sel with text, typed
// as keyboard input.
func (p *Page) Type(sel, text string) {
	p.t.Helper()
	p.WaitFor(sel)
	p.Eval(fmt.Sprintf(`(() => { const e = document.querySelector(%s); e.focus(); e.select(); })()`, js(sel)), nil)
	p.send("Input.insertText", map[string]any{"text": text})
	var got string
	p.Eval(fmt.Sprintf(`document.querySelector(%s).value`, js(sel)), &got)
	if got != text {
		p.t.Fatalf("typed %q into %s, it holds %q", text, sel, got)
	}
}

// Select picks the option with value in the select element sel.
func (p *Page) Select(sel, value string) {
	p.t.Helper()
	p.WaitFor(sel)
	var ok bool
	p.Eval(fmt.Sprintf(`(() => { const e = document.querySelector(%s); e.value = %s;
		e.dispatchEvent(new Event("change", {bubbles: true})); return e.value === %[2]s; })()`, js(sel), js(value)), &ok)
	if !ok {
		p.t.Fatalf("%s has no option %q", sel, value)
	}
}

// Screenshot saves the page as name.png in the artifacts directory and
// returns the file's path.
func (p *Page) Screenshot(name string) string {
	p.t.Helper()
	var shot struct {
		Data string `json:"data"`
	}
	if err := p.c.call(p.ctx, p.session, "Page.captureScreenshot", map[string]any{"format": "png"}, &shot); err != nil {
		p.t.Errorf("screenshot %s: %v", name, err)
		return ""
	}
	png, err := base64.StdEncoding.DecodeString(shot.Data)
	if err != nil {
		p.t.Errorf("screenshot %s: %v", name, err)
		return ""
	}
	path := filepath.Join(p.artifacts, strings.ReplaceAll(name, "/", "_")+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.t.Errorf("screenshot %s: %v", name, err)
		return ""
	}
	return path
}
