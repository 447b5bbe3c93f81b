package amazontest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"sync"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// SMTPSinkConfig configures an SMTPSink.
type SMTPSinkConfig struct {
	// Username and Password, when set, require AUTH PLAIN before MAIL.
	Username string
	Password string
	// StartTLS offers STARTTLS with a self-signed certificate for
	// 127.0.0.1 and localhost; clients trust it through CertPool.
	StartTLS bool
	// ImplicitTLS serves TLS from the first byte (like port 465) with the
	// same self-signed certificate.
	ImplicitTLS bool
	// Now stamps received messages (default time.Now).
	Now func() time.Time
}

// Received is one message the sink accepted.
type Received struct {
	From       string
	To         []string
	Data       []byte
	ReceivedAt time.Time
	TLS        bool // the session ran over STARTTLS
	AuthUser   string
}

// SMTPSink is an in-process SMTP server that keeps every accepted message.
//
// It can simulate a temporary (4xx) or permanent (5xx) refusal of DATA
// (FailNext) and a crash right after accepting a message (CrashAfterAccept):
// the message is kept, then the connection is closed before the 250 reply
// is written, so the client cannot know the mail was accepted.
type SMTPSink struct {
	cfg    SMTPSinkConfig
	srv    *smtp.Server
	ln     net.Listener
	pool   *x509.CertPool
	tlsCfg *tls.Config

	mu       sync.Mutex
	messages []Received
	changed  chan struct{}
	failures []*smtp.SMTPError
	crashes  int
}

// StartSMTPSink listens on 127.0.0.1 at a free port and serves.
func StartSMTPSink(cfg SMTPSinkConfig) (*SMTPSink, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &SMTPSink{cfg: cfg, changed: make(chan struct{})}
	srv := smtp.NewServer(smtp.BackendFunc(s.newSession))
	srv.Domain = "localhost"
	srv.ReadTimeout = time.Minute
	srv.WriteTimeout = time.Minute
	srv.MaxMessageBytes = 10 << 20
	srv.ErrorLog = log.New(io.Discard, "", 0)
	srv.AllowInsecureAuth = !cfg.StartTLS && !cfg.ImplicitTLS
	if cfg.StartTLS || cfg.ImplicitTLS {
		cert, pool, err := selfSigned(cfg.Now())
		if err != nil {
			return nil, err
		}
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		s.pool = pool
		s.tlsCfg = &tls.Config{RootCAs: pool, ServerName: "localhost", MinVersion: tls.VersionTLS12}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("smtp sink listen: %w", err)
	}
	if cfg.ImplicitTLS {
		ln = tls.NewListener(ln, srv.TLSConfig)
		srv.TLSConfig = nil // no STARTTLS inside TLS
	}
	s.srv, s.ln = srv, ln
	go func() { _ = srv.Serve(ln) }()
	return s, nil
}

// Addr is the host:port the sink listens on.
func (s *SMTPSink) Addr() string { return s.ln.Addr().String() }

// CertPool trusts the sink's certificate (nil without TLS).
func (s *SMTPSink) CertPool() *x509.CertPool { return s.pool }

// ClientTLSConfig is a client configuration that verifies the sink's
// certificate (nil without TLS).
func (s *SMTPSink) ClientTLSConfig() *tls.Config {
	if s.tlsCfg == nil {
		return nil
	}
	return s.tlsCfg.Clone()
}

// Close stops the server and drops open connections.
func (s *SMTPSink) Close() error {
	if err := s.srv.Close(); err != nil && !errors.Is(err, smtp.ErrServerClosed) {
		return fmt.Errorf("smtp sink close: %w", err)
	}
	return nil
}

// FailNext answers the next n DATA commands with code and msg instead of
// accepting them: 4xx is a temporary failure, 5xx a permanent one.
func (s *SMTPSink) FailNext(n, code int, msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.failures = append(s.failures, &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCodeNotSet, Message: msg})
	}
}

// CrashAfterAccept makes the next n accepted messages be kept but their
// connection dropped before the client reads the 250 reply.
func (s *SMTPSink) CrashAfterAccept(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.crashes += n
}

// Messages returns every accepted message, oldest first.
func (s *SMTPSink) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.messages...)
}

// WaitMessages blocks until at least n messages were accepted and returns
// them, or returns ctx's error.
func (s *SMTPSink) WaitMessages(ctx context.Context, n int) ([]Received, error) {
	for {
		s.mu.Lock()
		if len(s.messages) >= n {
			msgs := append([]Received(nil), s.messages...)
			s.mu.Unlock()
			return msgs, nil
		}
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("smtp sink wait for %d messages: %w", n, ctx.Err())
		case <-changed:
		}
	}
}

// accept stores a message and reports whether to crash instead of replying.
func (s *SMTPSink) accept(r Received) (crash bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.messages = append(s.messages, r)
	close(s.changed)
	s.changed = make(chan struct{})
	if s.crashes > 0 {
		s.crashes--
		return true
	}
	return false
}

func (s *SMTPSink) nextFailure() *smtp.SMTPError {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.failures) == 0 {
		return nil
	}
	f := s.failures[0]
	s.failures = s.failures[1:]
	return f
}

func (s *SMTPSink) newSession(c *smtp.Conn) (smtp.Session, error) {
	return &sinkSession{sink: s, conn: c}, nil
}

// sinkSession is one SMTP session.
type sinkSession struct {
	sink *SMTPSink
	conn *smtp.Conn
	user string
	from string
	to   []string
}

var _ smtp.AuthSession = (*sinkSession)(nil)

func (ss *sinkSession) AuthMechanisms() []string {
	if ss.sink.cfg.Username == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (ss *sinkSession) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain || ss.sink.cfg.Username == "" {
		return nil, smtp.ErrAuthUnsupported
	}
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != ss.sink.cfg.Username || password != ss.sink.cfg.Password || (identity != "" && identity != username) {
			return smtp.ErrAuthFailed
		}
		ss.user = username
		return nil
	}), nil
}

func (ss *sinkSession) Mail(from string, _ *smtp.MailOptions) error {
	if ss.sink.cfg.Username != "" && ss.user == "" {
		return smtp.ErrAuthRequired
	}
	ss.from = from
	return nil
}

func (ss *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.to = append(ss.to, to)
	return nil
}

func (ss *sinkSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("smtp sink read data: %w", err)
	}
	if f := ss.sink.nextFailure(); f != nil {
		return f
	}
	_, isTLS := ss.conn.TLSConnectionState()
	rec := Received{From: ss.from, To: append([]string(nil), ss.to...), Data: data,
		ReceivedAt: ss.sink.cfg.Now(), TLS: isTLS, AuthUser: ss.user}
	if ss.sink.accept(rec) {
		_ = ss.conn.Conn().Close()
	}
	return nil
}

func (ss *sinkSession) Reset() { ss.from, ss.to = "", nil }

func (ss *sinkSession) Logout() error { return nil }
