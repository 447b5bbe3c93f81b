package mailbox

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/emersion/go-imap/v2/imapclient"
)

// ErrInsecure is returned by Run when TLS "none" is configured for a host
// that is not a loopback address.
var ErrInsecure = errors.New("unencrypted IMAP is allowed only to loopback addresses")

// dialFunc opens the TCP connection; tests replace it.
type dialFunc func(ctx context.Context, network, addr string) (net.Conn, error)

// Validate reports a configuration Run would refuse (after applying the
// defaults), without connecting anywhere.
func (c Config) Validate() error {
	return c.withDefaults().validate()
}

// validate checks the parts of the configuration that no retry can fix.
func (c Config) validate() error {
	if c.Name == "" {
		return errors.New("mailbox config: name is empty")
	}
	host, _, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return fmt.Errorf("mailbox config: address: %w", err)
	}
	switch c.TLS {
	case TLSImplicit, TLSStartTLS:
	case TLSNone:
		if !isLoopback(host) {
			return fmt.Errorf("mailbox config: tls none to %q: %w", host, ErrInsecure)
		}
	default:
		return fmt.Errorf("mailbox config: unknown tls mode %q", c.TLS)
	}
	return nil
}

// isLoopback reports whether host names the local machine without asking DNS.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// connect dials, secures and logs in. opts carries the unilateral data
// handler of this connection.
func (w *Watcher) connect(ctx context.Context, opts *imapclient.Options) (*imapclient.Client, error) {
	cfg := w.cfg
	conn, err := w.dial(ctx, "tcp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("imap dial: %w", err)
	}
	host, _, _ := net.SplitHostPort(cfg.Addr)
	tlsConfig := &tls.Config{}
	if cfg.TLSConfig != nil {
		tlsConfig = cfg.TLSConfig.Clone()
	}
	if tlsConfig.ServerName == "" {
		tlsConfig.ServerName = host
	}
	opts.TLSConfig = tlsConfig

	var c *imapclient.Client
	switch cfg.TLS {
	case TLSImplicit:
		if tlsConfig.NextProtos == nil {
			tlsConfig.NextProtos = []string{"imap"}
		}
		tc := tls.Client(conn, tlsConfig)
		if err := tc.HandshakeContext(ctx); err != nil {
			_ = conn.Close()
			return nil, fmt.Errorf("imap tls handshake: %w", err)
		}
		c = imapclient.New(tc, opts)
	case TLSStartTLS:
		stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
		c, err = imapclient.NewStartTLS(conn, opts)
		stop()
		if err != nil {
			return nil, fmt.Errorf("imap starttls: %w", err)
		}
	default:
		c = imapclient.New(conn, opts)
	}

	stop := context.AfterFunc(ctx, func() { _ = c.Close() })
	defer stop()
	if err := c.Login(cfg.Username, cfg.Password).Wait(); err != nil {
		_ = c.Close()
		return nil, fmt.Errorf("imap login: %w", err)
	}
	return c, nil
}
