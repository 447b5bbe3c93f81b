package fakeslack

import (
	"math"
	"net/http"

	"golang.org/x/time/rate"
)

// control holds the test knobs: call counters, injected failures, rate
// limits and denied scopes. Guarded by Server.mu.
type control struct {
	calls        map[string]int
	rateLimited  map[string]int
	failNext     map[string]failure
	limits       map[string]limitSpec
	limiters     map[string]*rate.Limiter
	deniedScopes map[string]string
}

type failure struct{ n, status int }

type limitSpec struct {
	perSecond float64
	burst     int
}

func newControl() control {
	return control{
		calls:        map[string]int{},
		rateLimited:  map[string]int{},
		failNext:     map[string]failure{},
		limits:       map[string]limitSpec{},
		limiters:     map[string]*rate.Limiter{},
		deniedScopes: map[string]string{},
	}
}

// decision is the outcome of the gate in front of every method.
type decision struct {
	status     int
	retryAfter int
}

// RateLimit makes method answer HTTP 429 with Retry-After once callers
// exceed perSecond (with the given burst). chat.postMessage is limited per
// channel, like Slack's roughly one message a second per channel; other
// methods per method. perSecond <= 0 removes the limit.
func (s *Server) RateLimit(method string, perSecond float64, burst int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k := range s.ctl.limiters {
		if k == method || len(k) > len(method) && k[:len(method)+1] == method+"#" {
			delete(s.ctl.limiters, k)
		}
	}
	if perSecond <= 0 {
		delete(s.ctl.limits, method)
		return
	}
	s.ctl.limits[method] = limitSpec{perSecond, max(burst, 1)}
}

// FailNext makes the next n calls of method answer with HTTP status
// (e.g. 500, 503) and an HTML body, as Slack does on server errors.
func (s *Server) FailNext(method string, n, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ctl.failNext[method] = failure{n, status}
}

// DenyScope makes method answer missing_scope, naming scope as needed.
// An empty scope lifts the denial.
func (s *Server) DenyScope(method, scope string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if scope == "" {
		delete(s.ctl.deniedScopes, method)
		return
	}
	s.ctl.deniedScopes[method] = scope
}

// Calls reports how many requests method received, including refused ones.
func (s *Server) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ctl.calls[method]
}

// RateLimited reports how many calls of method were answered with 429.
func (s *Server) RateLimited(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ctl.rateLimited[method]
}

// gate counts the call and applies injected failures and rate limits.
func (s *Server) gate(method string, p params) decision {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ctl.calls[method]++
	if f, ok := s.ctl.failNext[method]; ok && f.n > 0 {
		f.n--
		if f.n == 0 {
			delete(s.ctl.failNext, method)
		} else {
			s.ctl.failNext[method] = f
		}
		return decision{status: f.status}
	}
	spec, ok := s.ctl.limits[method]
	if !ok {
		return decision{}
	}
	key := method
	if method == "chat.postMessage" {
		key += "#" + p.str("channel")
	}
	lim := s.ctl.limiters[key]
	if lim == nil {
		lim = rate.NewLimiter(rate.Limit(spec.perSecond), spec.burst)
		s.ctl.limiters[key] = lim
	}
	now := s.now()
	r := lim.ReserveN(now, 1)
	delay := r.DelayFrom(now)
	if delay <= 0 {
		return decision{}
	}
	r.CancelAt(now)
	s.ctl.rateLimited[method]++
	// Retry-After is whole seconds; slack-go parses it as an integer.
	return decision{status: http.StatusTooManyRequests, retryAfter: max(1, int(math.Ceil(delay.Seconds())))}
}
