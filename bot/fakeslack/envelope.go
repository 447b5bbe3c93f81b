package fakeslack

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Envelope types Slack sends over Socket Mode.
const (
	eventsAPI     = "events_api"
	interactive   = "interactive"
	slashCommands = "slash_commands"
)

// Ack is the app's acknowledgement of one envelope.
type Ack struct {
	EnvelopeID string          `json:"envelope_id"`
	Type       string          `json:"type"`
	Payload    json.RawMessage `json:"payload,omitempty"`
	// RetryAttempt is the delivery attempt that was acked (0 = first).
	RetryAttempt int       `json:"retry_attempt"`
	At           time.Time `json:"at"`
}

// envelope is one delivery with its redelivery state. Guarded by Server.mu.
type envelope struct {
	id      string
	typ     string
	payload []byte
	accepts bool
	attempt int
	reason  string
	timer   *time.Timer
}

func (e *envelope) frame() []byte {
	id, _ := json.Marshal(e.id)
	typ, _ := json.Marshal(e.typ)
	reason, _ := json.Marshal(e.reason)
	reasonField := "null"
	if e.reason != "" {
		reasonField = string(reason)
	}
	return fmt.Appendf(nil, `{"envelope_id":%s,"type":%s,"payload":%s,"accepts_response_payload":%t,"retry_attempt":%d,"retry_reason":%s}`,
		id, typ, e.payload, e.accepts, e.attempt, reasonField)
}

// enqueueLocked creates an envelope and delivers it (or queues it until a
// client connects). s.mu held.
func (s *Server) enqueueLocked(typ string, payload map[string]any) *envelope {
	b, err := json.Marshal(payload)
	if err != nil {
		b = []byte("null")
	}
	return s.enqueueRawLocked(typ, b, acceptsResponse(typ, payload))
}

// acceptsResponse mirrors Slack: slash commands, view submissions and
// block suggestions may be answered in the ack; events and block actions not.
func acceptsResponse(typ string, payload map[string]any) bool {
	switch typ {
	case slashCommands:
		return true
	case interactive:
		return payload["type"] == "view_submission" || payload["type"] == "block_suggestion"
	}
	return false
}

func (s *Server) enqueueRawLocked(typ string, payload []byte, accepts bool) *envelope {
	e := &envelope{id: newEnvelopeID(s.nextID("")), typ: typ, payload: payload, accepts: accepts}
	s.sock.pending[e.id] = e
	s.sendLocked(e)
	s.bump()
	return e
}

func newEnvelopeID(seq string) string {
	return fmt.Sprintf("e%s-fake-%s", seq, seq)
}

// sendLocked writes an envelope to a connection (or posts it to the app in
// HTTP mode) and arms redelivery. s.mu held.
func (s *Server) sendLocked(e *envelope) {
	if s.sock.closed {
		return
	}
	if s.opts.HTTP != nil {
		s.sock.sent[e.id]++
		s.sock.wg.Add(1)
		go s.postToApp(e.id, e.typ, e.payload, e.attempt, e.reason)
		return
	}
	c := s.pickConn()
	if c == nil {
		s.sock.queue = append(s.sock.queue, e)
		return
	}
	select {
	case c.out <- e.frame():
		s.sock.sent[e.id]++
	default:
		// Outbox full: treat it like a lost frame; redelivery picks it up.
	}
	if s.opts.AckTimeout > 0 {
		e.timer = time.AfterFunc(s.opts.AckTimeout, func() { s.redeliver(e, "timeout") })
	}
}

// redeliver resends an unacked events_api envelope with retry_attempt+1,
// like Slack; interactions and commands are not retried, Slack shows the
// user an error instead.
func (s *Server) redeliver(e *envelope, reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, acked := s.sock.ackByID[e.id]; acked || s.sock.closed {
		return
	}
	if e.attempt >= maxRetries || e.typ != eventsAPI {
		delete(s.sock.pending, e.id)
		s.bump()
		return
	}
	e.attempt++
	e.reason = reason
	s.sendLocked(e)
}

// recordAck stores the first ack of an envelope and wakes its waiter.
func (s *Server) recordAck(id string, payload json.RawMessage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.sock.pending[id]
	if !ok {
		return // unknown or already acked
	}
	if e.timer != nil {
		e.timer.Stop()
	}
	delete(s.sock.pending, id)
	if len(payload) == 0 || string(payload) == "null" {
		payload = nil
	}
	s.sock.ackByID[id] = len(s.sock.acks)
	s.sock.acks = append(s.sock.acks, Ack{EnvelopeID: id, Type: e.typ, Payload: payload, RetryAttempt: e.attempt, At: s.now()})
	if ch, ok := s.sock.waiters[id]; ok {
		close(ch)
		delete(s.sock.waiters, id)
	}
	s.bump()
}

// Acks returns every ack received, in arrival order.
func (s *Server) Acks() []Ack {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Ack, len(s.sock.acks))
	for i, a := range s.sock.acks {
		a.Payload = cloneRaw(a.Payload)
		out[i] = a
	}
	return out
}

// AckFor returns the ack for an envelope id.
func (s *Server) AckFor(envelopeID string) (Ack, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, ok := s.sock.ackByID[envelopeID]
	if !ok {
		return Ack{}, false
	}
	a := s.sock.acks[i]
	a.Payload = cloneRaw(a.Payload)
	return a, true
}

// Unacked reports how many envelopes still wait for an ack (including
// those queued for a connection).
func (s *Server) Unacked() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sock.pending)
}

// Deliveries reports how many frames carried an envelope (first delivery
// plus retries).
func (s *Server) Deliveries(envelopeID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sock.sent[envelopeID]
}

// awaitAck waits for the ack of an envelope enqueued under s.mu; the caller
// registers ch before unlocking.
func (s *Server) awaitAck(ctx context.Context, id string, ch chan struct{}) (Ack, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.opts.ActTimeout)
		defer cancel()
	}
	select {
	case <-ch:
	case <-ctx.Done():
		s.mu.Lock()
		delete(s.sock.waiters, id)
		s.mu.Unlock()
		return Ack{EnvelopeID: id}, fmt.Errorf("await ack of %s: %w", id, ctx.Err())
	}
	a, _ := s.AckFor(id)
	return a, nil
}

// deliverLocked enqueues an envelope and returns the wait channel for its ack. s.mu held.
func (s *Server) deliverLocked(typ string, payload map[string]any) (string, chan struct{}) {
	e := s.enqueueLocked(typ, payload)
	ch := make(chan struct{})
	s.sock.waiters[e.id] = ch
	return e.id, ch
}

// SendEvent delivers an events_api envelope carrying payload byte for byte
// (it may be malformed) and waits for the ack.
func (s *Server) SendEvent(ctx context.Context, payload json.RawMessage) (Ack, error) {
	s.mu.Lock()
	e := s.enqueueRawLocked(eventsAPI, payload, false)
	ch := make(chan struct{})
	s.sock.waiters[e.id] = ch
	s.mu.Unlock()
	return s.awaitAck(ctx, e.id, ch)
}
