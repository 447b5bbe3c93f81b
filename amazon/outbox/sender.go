package outbox

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// TLS modes of a Sender.
const (
	TLSImplicit = "implicit" // TLS from the first byte (port 465)
	TLSStartTLS = "starttls" // STARTTLS upgrade, required (port 587)
	TLSNone     = "none"     // plain text, loopback addresses only
)

// Sender delivers mails to one SMTP server.
type Sender struct {
	Addr string // host:port
	// TLS is TLSImplicit, TLSStartTLS or TLSNone (default TLSStartTLS).
	TLS       string
	TLSConfig *tls.Config
	// Username and Password enable AUTH PLAIN.
	Username string
	Password string
	// HELO is the name given in EHLO (go-smtp's "localhost" when empty;
	// with STARTTLS the first, unencrypted EHLO always says "localhost").
	HELO string
	// Timeout bounds dialling and each command (default 1 minute).
	Timeout time.Duration
}

// Send delivers msg from the envelope sender to the recipients. Failures
// are *SendError.
func (s *Sender) Send(ctx context.Context, from string, to []string, msg []byte) error {
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = time.Minute
	}
	c, stop, err := s.dial(ctx, timeout)
	if err != nil {
		return err
	}
	defer stop()
	defer c.Close()
	fail := func(stage string, err error) error {
		if ctx.Err() != nil {
			err = fmt.Errorf("%w: %w", ctx.Err(), err)
		}
		return classify(stage, err)
	}
	c.CommandTimeout, c.SubmissionTimeout = timeout, timeout
	if s.HELO != "" {
		if err := c.Hello(s.HELO); err != nil {
			return fail("hello", err)
		}
	}
	if s.Username != "" {
		if err := c.Auth(sasl.NewPlainClient("", s.Username, s.Password)); err != nil {
			return fail("auth", err)
		}
	}
	if err := c.Mail(from, nil); err != nil {
		return fail("mail", err)
	}
	for _, rcpt := range to {
		if err := c.Rcpt(rcpt, nil); err != nil {
			return fail("rcpt", err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return fail("data", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fail("data", err)
	}
	if err := w.Close(); err != nil {
		return fail("dot", err)
	}
	_ = c.Quit() // the mail is accepted; a failed QUIT changes nothing
	return nil
}

// dial connects and, per the TLS mode, secures the connection. The
// connection is closed when ctx ends.
func (s *Sender) dial(ctx context.Context, timeout time.Duration) (*smtp.Client, func() bool, error) {
	host, _, err := net.SplitHostPort(s.Addr)
	if err != nil {
		return nil, nil, classify("dial", fmt.Errorf("smtp address %q: %w", s.Addr, err))
	}
	mode := s.TLS
	if mode == "" {
		mode = TLSStartTLS
	}
	if mode != TLSImplicit && mode != TLSStartTLS && mode != TLSNone {
		return nil, nil, classify("dial", fmt.Errorf("smtp tls mode %q: want implicit, starttls or none", mode))
	}
	if mode == TLSNone && !loopback(host) {
		return nil, nil, classify("dial", fmt.Errorf("smtp tls none: %s is not a loopback address", host))
	}
	d := net.Dialer{Timeout: timeout}
	conn, err := d.DialContext(ctx, "tcp", s.Addr)
	if err != nil {
		return nil, nil, classify("dial", err)
	}
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
	cfg := s.tlsConfig(host)
	var c *smtp.Client
	switch mode {
	case TLSImplicit:
		tc := tls.Client(conn, cfg)
		hctx, cancel := context.WithTimeout(ctx, timeout)
		err = tc.HandshakeContext(hctx)
		cancel()
		if err != nil {
			stop()
			_ = conn.Close()
			return nil, nil, classify("tls", err)
		}
		c = smtp.NewClient(tc)
	case TLSStartTLS:
		c, err = smtp.NewClientStartTLS(conn, cfg)
		if err != nil {
			stop()
			_ = conn.Close()
			return nil, nil, classify("tls", err)
		}
	default:
		c = smtp.NewClient(conn)
	}
	return c, stop, nil
}

func (s *Sender) tlsConfig(host string) *tls.Config {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if s.TLSConfig != nil {
		cfg = s.TLSConfig.Clone()
	}
	if cfg.ServerName == "" {
		cfg.ServerName = host
	}
	return cfg
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
