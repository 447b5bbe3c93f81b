package amazontest

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// SPAPIConfig holds the credentials the stand-in accepts. Zero fields get
// demo defaults (see NewSPAPI).
type SPAPIConfig struct {
	ClientID     string
	ClientSecret string
	RefreshToken string
	// TokenTTL is the expires_in of issued access tokens (default 1h).
	TokenTTL time.Duration
	// Now is the server's clock (default time.Now).
	Now func() time.Time
	// RateLimit is the x-amzn-RateLimit-Limit header value sent with
	// getOrder answers (default "0.5", getOrder's published rate).
	RateLimit string
}

// Request is one request the stand-in answered.
type Request struct {
	Kind         string // "token" or "getOrder"
	OrderID      string
	IncludedData []string
	AccessToken  string // the x-amz-access-token header
	Form         map[string]string
	Status       int
	At           time.Time
}

// SPAPI is an in-process Selling Partner API: the Login with Amazon token
// endpoint (POST /auth/o2/token) and Orders v2026-01-01 getOrder. It can be
// served on a loopback socket (Start) or used in-process as an
// http.RoundTripper (RoundTripper), which keeps synctest bubbles socket-free.
type SPAPI struct {
	cfg     SPAPIConfig
	handler http.Handler

	mu       sync.Mutex
	orders   map[string]Order
	tokens   map[string]time.Time // access token → expiry
	failures []int
	requests []Request

	srv *http.Server
	ln  net.Listener
}

// NewSPAPI returns a stand-in holding no orders. Default credentials are
// client id "amzn1.application-oa2-client.buyerdesk-demo", secret
// "demo-secret" and refresh token "Atzr|demo-refresh-token".
func NewSPAPI(cfg SPAPIConfig) *SPAPI {
	if cfg.ClientID == "" {
		cfg.ClientID = "amzn1.application-oa2-client.buyerdesk-demo"
	}
	if cfg.ClientSecret == "" {
		cfg.ClientSecret = "demo-secret"
	}
	if cfg.RefreshToken == "" {
		cfg.RefreshToken = "Atzr|demo-refresh-token"
	}
	if cfg.TokenTTL <= 0 {
		cfg.TokenTTL = time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.RateLimit == "" {
		cfg.RateLimit = "0.5"
	}
	s := &SPAPI{cfg: cfg, orders: map[string]Order{}, tokens: map[string]time.Time{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /auth/o2/token", s.serveToken)
	mux.HandleFunc("GET /orders/2026-01-01/orders/{orderId}", s.serveGetOrder)
	s.handler = mux
	return s
}

// Config returns the credentials and settings the stand-in accepts.
func (s *SPAPI) Config() SPAPIConfig { return s.cfg }

// Handler returns the stand-in's HTTP handler.
func (s *SPAPI) Handler() http.Handler { return s.handler }

// Start serves the stand-in on 127.0.0.1 at a free port.
func (s *SPAPI) Start() error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("spapi listen: %w", err)
	}
	s.ln = ln
	s.srv = &http.Server{Handler: s.handler, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.srv.Serve(ln) }()
	return nil
}

// URL is the base URL of the started server, e.g. http://127.0.0.1:40123;
// both the SP-API endpoint and the token URL (URL()+"/auth/o2/token").
func (s *SPAPI) URL() string {
	if s.ln == nil {
		return ""
	}
	return "http://" + s.ln.Addr().String()
}

// TokenURL is URL()+"/auth/o2/token".
func (s *SPAPI) TokenURL() string { return s.URL() + "/auth/o2/token" }

// Close stops the server started by Start.
func (s *SPAPI) Close() error {
	if s.srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.srv.Shutdown(ctx); err != nil {
		return fmt.Errorf("spapi shutdown: %w", err)
	}
	return nil
}

// RoundTripper answers requests in-process, without a socket; any host is
// accepted, so clients can keep their configured endpoint URLs.
func (s *SPAPI) RoundTripper() http.RoundTripper { return roundTripper{s.handler} }

type roundTripper struct{ h http.Handler }

func (rt roundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	rec := httptest.NewRecorder()
	rt.h.ServeHTTP(rec, req.Clone(req.Context()))
	res := rec.Result()
	res.Request = req
	return res, nil
}

// AddOrder serves o under o.OrderID, replacing an order with the same id.
func (s *SPAPI) AddOrder(o Order) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.orders[o.OrderID] = o
}

// FailNext makes the next n getOrder requests (after authentication) fail
// with status, e.g. 429 or 500, before any order lookup.
func (s *SPAPI) FailNext(n int, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.failures = append(s.failures, status)
	}
}

// Requests returns every request answered so far, oldest first.
func (s *SPAPI) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Count returns how many requests of kind ("token" or "getOrder") were answered.
func (s *SPAPI) Count(kind string) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Kind == kind {
			n++
		}
	}
	return n
}

func (s *SPAPI) record(r Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r)
}

func (s *SPAPI) issueToken() (string, time.Time) {
	tok := "Atza|" + rand.Text()
	exp := s.cfg.Now().Add(s.cfg.TokenTTL)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[tok] = exp
	return tok, exp
}

var errTokenInvalid = errors.New("access token invalid")

func (s *SPAPI) checkToken(tok string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	exp, ok := s.tokens[tok]
	if !ok || !s.cfg.Now().Before(exp) {
		return errTokenInvalid
	}
	return nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("x-amzn-RequestId", rand.Text())
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Details string `json:"details,omitempty"`
}

func writeErrors(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string][]apiError{"errors": {{Code: code, Message: msg}}})
}

func splitCSV(values []string) []string {
	var out []string
	for _, v := range values {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}
