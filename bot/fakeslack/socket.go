package fakeslack

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// maxRetries is how often Slack redelivers an unacked envelope.
const maxRetries = 3

// sockets is the Socket Mode side. Guarded by Server.mu.
type sockets struct {
	closed  bool
	tickets map[string]bool
	conns   []*wsConn
	rr      int
	queue   []*envelope // waiting for a connection
	pending map[string]*envelope
	acks    []Ack
	ackByID map[string]int
	sent    map[string]int // frames written per envelope
	waiters map[string]chan struct{}
	wg      sync.WaitGroup
}

func newSockets() sockets {
	return sockets{
		tickets: map[string]bool{},
		pending: map[string]*envelope{},
		ackByID: map[string]int{},
		sent:    map[string]int{},
		waiters: map[string]chan struct{}{},
	}
}

// wsConn is one Socket Mode client connection with its writer goroutine.
type wsConn struct {
	ws       *websocket.Conn
	out      chan []byte
	done     chan struct{}
	draining bool
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

func (s *Server) appsConnectionsOpen(p params) response {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	ticket := hex.EncodeToString(b)
	s.mu.Lock()
	s.sock.tickets[ticket] = true
	s.mu.Unlock()
	ws := "ws" + strings.TrimPrefix(s.URL(), "http") + "/fake/socket?ticket=" + ticket
	return ok("url", ws)
}

func (s *Server) serveSocket(w http.ResponseWriter, r *http.Request) {
	ticket := r.URL.Query().Get("ticket")
	s.mu.Lock()
	valid := s.sock.tickets[ticket] && !s.sock.closed
	delete(s.sock.tickets, ticket)
	s.mu.Unlock()
	if !valid {
		http.Error(w, "invalid ticket", http.StatusUnauthorized)
		return
	}
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &wsConn{ws: ws, out: make(chan []byte, 4096), done: make(chan struct{})}

	s.mu.Lock()
	if s.sock.closed {
		s.mu.Unlock()
		ws.Close()
		return
	}
	s.sock.conns = append(s.sock.conns, c)
	hello, _ := json.Marshal(map[string]any{
		"type":            "hello",
		"num_connections": len(s.sock.conns),
		"debug_info":      map[string]any{"host": "fakeslack", "build_number": 1, "approximate_connection_time": 18060},
		"connection_info": map[string]any{"app_id": "A0FAKE"},
	})
	c.out <- hello
	queued := s.sock.queue
	s.sock.queue = nil
	for _, e := range queued {
		s.sendLocked(e)
	}
	s.sock.wg.Add(2)
	s.mu.Unlock()

	go s.writeLoop(c)
	s.readLoop(c)
}

// writeLoop sends queued frames and pings until the connection ends.
func (s *Server) writeLoop(c *wsConn) {
	defer s.sock.wg.Done()
	ping := time.NewTicker(s.opts.PingInterval)
	defer ping.Stop()
	for {
		select {
		case <-c.done:
			return
		case b := <-c.out:
			if err := c.ws.WriteMessage(websocket.TextMessage, b); err != nil {
				c.ws.Close()
				return
			}
		case <-ping.C:
			if err := c.ws.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(5*time.Second)); err != nil {
				c.ws.Close()
				return
			}
		}
	}
}

// readLoop records acks until the client goes away.
func (s *Server) readLoop(c *wsConn) {
	defer s.sock.wg.Done()
	defer s.dropConn(c)
	for {
		_, b, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		var a struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if json.Unmarshal(b, &a) != nil || a.EnvelopeID == "" {
			continue
		}
		s.recordAck(a.EnvelopeID, a.Payload)
	}
}

func (s *Server) dropConn(c *wsConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, x := range s.sock.conns {
		if x == c {
			s.sock.conns = append(s.sock.conns[:i:i], s.sock.conns[i+1:]...)
			break
		}
	}
	close(c.done)
	c.ws.Close()
}

// pickConn chooses a live connection round-robin. s.mu held.
func (s *Server) pickConn() *wsConn {
	n := len(s.sock.conns)
	for i := 0; i < n; i++ {
		c := s.sock.conns[(s.sock.rr+i)%n]
		if !c.draining {
			s.sock.rr = (s.sock.rr + i + 1) % n
			return c
		}
	}
	return nil
}

// Disconnect asks every connected client to reconnect, as Slack does
// (reason "refresh_requested", "warning", "link_disabled"). Connections
// that got the message receive no further envelopes.
func (s *Server) Disconnect(reason string) {
	b, _ := json.Marshal(map[string]any{"type": "disconnect", "reason": reason, "debug_info": map[string]any{"host": "fakeslack"}})
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.sock.conns {
		if !c.draining {
			c.draining = true
			select {
			case c.out <- b:
			default:
			}
		}
	}
}

// Connections reports how many Socket Mode clients are connected and not draining.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.sock.conns {
		if !c.draining {
			n++
		}
	}
	return n
}

// SendFrame writes raw bytes to one connected client, as if Slack sent
// them; for malformed-frame tests. It reports false if no client is connected.
func (s *Server) SendFrame(frame []byte) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.pickConn()
	if c == nil {
		return false
	}
	select {
	case c.out <- frame:
		return true
	default:
		return false
	}
}

func (s *Server) closeSockets() {
	s.mu.Lock()
	s.sock.closed = true
	for _, e := range s.sock.pending {
		if e.timer != nil {
			e.timer.Stop()
		}
	}
	conns := append([]*wsConn(nil), s.sock.conns...)
	s.mu.Unlock()
	for _, c := range conns {
		_ = c.ws.WriteControl(websocket.CloseMessage,
			websocket.FormatCloseMessage(websocket.CloseGoingAway, "server closing"), time.Now().Add(time.Second))
		c.ws.Close()
	}
	s.sock.wg.Wait()
}
