package demo

import (
	"embed"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httputil"
	"net/url"

	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
)

//go:embed web
var webFS embed.FS

// Slack is the fake workspace the page shows.
type Slack interface {
	// URL is the base URL of the fake's HTTP server (its /fake/* endpoints).
	URL() string
	Channels() []fakeslack.Channel
}

// AgentIdentity is an agent the visitor can act as.
type AgentIdentity struct {
	ID   string `json:"id"`   // Slack user id, e.g. UANA
	Name string `json:"name"` // label in the switcher, e.g. "Ana (Berlin)"
}

// UIOptions configures the page.
type UIOptions struct {
	// Agents the visitor can switch between; the first is selected.
	Agents []AgentIdentity
	// DefaultChannel is shown first (default: the first channel).
	DefaultChannel string
	// Title names the workspace in the page (default "buyerdesk demo").
	Title string
}

// UI is the demo page's HTTP handler.
//
// It serves the embedded page at /, its configuration at /config.json, the
// outbox at /outbox.json, and forwards GET /fake/state, GET /fake/events
// (server-sent events, flushed as they come) and POST /fake/act/{action} to
// the fake Slack through a reverse proxy, so the page and the fake share one
// address. The fake's Web API and Socket Mode endpoints are not exposed.
type UI struct {
	mux    *http.ServeMux
	slack  Slack
	outbox Outbox
	opts   UIOptions
}

// NewUI builds the page's handler for slack and outbox.
func NewUI(slack Slack, outbox Outbox, opts UIOptions) *UI {
	if opts.Title == "" {
		opts.Title = "buyerdesk demo"
	}
	u := &UI{mux: http.NewServeMux(), slack: slack, outbox: outbox, opts: opts}
	// fs.Sub fails only for an invalid path; "web" is embedded above.
	static, _ := fs.Sub(webFS, "web")
	proxy := fakeProxy(slack.URL())
	u.mux.Handle("GET /fake/state", proxy)
	u.mux.Handle("GET /fake/events", proxy)
	u.mux.Handle("POST /fake/act/{action}", proxy)
	u.mux.HandleFunc("GET /config.json", u.serveConfig)
	u.mux.HandleFunc("GET /outbox.json", u.serveOutbox)
	u.mux.Handle("GET /", noCache(http.FileServerFS(static)))
	return u
}

// ServeHTTP implements http.Handler.
func (u *UI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'")
	u.mux.ServeHTTP(w, r)
}

// fakeProxy forwards to the fake Slack at base, flushing server-sent
// events as they come. An unusable base answers 502 Bad Gateway.
func fakeProxy(base string) http.Handler {
	unavailable := func(w http.ResponseWriter, _ *http.Request, _ error) {
		http.Error(w, "fake Slack unavailable", http.StatusBadGateway)
	}
	target, err := url.Parse(base)
	if err != nil || target.Host == "" {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { unavailable(w, r, err) })
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.FlushInterval = -1
	proxy.ErrorHandler = unavailable
	return proxy
}

// pageConfig is /config.json.
type pageConfig struct {
	Title          string          `json:"title"`
	DefaultChannel string          `json:"default_channel"`
	Agents         []AgentIdentity `json:"agents"`
}

func (u *UI) serveConfig(w http.ResponseWriter, _ *http.Request) {
	cfg := pageConfig{Title: u.opts.Title, DefaultChannel: u.opts.DefaultChannel, Agents: u.opts.Agents}
	if cfg.Agents == nil {
		cfg.Agents = []AgentIdentity{}
	}
	if cfg.DefaultChannel == "" {
		if chans := u.slack.Channels(); len(chans) > 0 {
			cfg.DefaultChannel = chans[0].ID
		}
	}
	writeJSON(w, cfg)
}

func (u *UI) serveOutbox(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, readOutbox(u.outbox))
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(v)
}

// noCache keeps browsers from serving a stale page after a rebuild.
func noCache(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		h.ServeHTTP(w, r)
	})
}
