package mailbox

import (
	"context"
	"crypto/tls"
	"time"

	"github.com/rs/zerolog"
)

// Sink is what the watcher needs from storage.
type Sink interface {
	// Cursor returns the mailbox's UIDVALIDITY and the highest UID already
	// delivered; (0, 0) before the first delivery.
	Cursor(ctx context.Context, mailbox string) (uidValidity, uid uint32, err error)
	// Deliver stores the mails durably and advances the cursor to the highest
	// UID in the same step; it must be idempotent (the same Message-ID
	// delivered again is a no-op).
	Deliver(ctx context.Context, mailbox string, uidValidity uint32, mails []Mail) error
	// Resync is called when UIDVALIDITY changed: the sink resets its cursor
	// to (newValidity, 0).
	Resync(ctx context.Context, mailbox string, uidValidity uint32) error
}

// Mail is one message as the server stores it.
type Mail struct {
	UID          uint32
	Raw          []byte
	InternalDate time.Time
}

// TLS modes for Config.TLS.
const (
	TLSImplicit = "implicit" // TLS from the first byte (port 993)
	TLSStartTLS = "starttls" // plain connect, then STARTTLS before login
	TLSNone     = "none"     // no encryption; loopback hosts only
)

// Config describes one watched mailbox. Zero fields take the defaults noted.
type Config struct {
	Name      string      // mailbox name used as the cursor key
	Addr      string      // host:port
	TLS       string      // TLSImplicit (default), TLSStartTLS or TLSNone (loopback only)
	TLSConfig *tls.Config // optional, e.g. to trust a test certificate

	Username, Password string

	Folder string // default INBOX

	// PollInterval is how often the folder is polled when IDLE is not used,
	// and how often a running IDLE is renewed to prove the connection is
	// alive (default 1m).
	PollInterval time.Duration
	// DisableIDLE makes the watcher poll even when the server offers IDLE.
	DisableIDLE bool
	// Backfill is the INTERNALDATE window fetched when the cursor is empty
	// (first start or after a UIDVALIDITY change); default 7 days.
	Backfill time.Duration
	// BatchSize is the number of mails per Deliver call (default 50).
	BatchSize int
	// MinBackoff and MaxBackoff bound the capped exponential reconnect
	// backoff (defaults 1s and 5m).
	MinBackoff, MaxBackoff time.Duration

	Now    func() time.Time // default time.Now
	Logger zerolog.Logger   // receives counts and UIDs only
}

// Defaults for the zero fields of Config.
const (
	DefaultFolder       = "INBOX"
	DefaultPollInterval = time.Minute
	DefaultBackfill     = 7 * 24 * time.Hour
	DefaultBatchSize    = 50
	DefaultMinBackoff   = time.Second
	DefaultMaxBackoff   = 5 * time.Minute
)

func (c Config) withDefaults() Config {
	if c.TLS == "" {
		c.TLS = TLSImplicit
	}
	if c.Folder == "" {
		c.Folder = DefaultFolder
	}
	if c.PollInterval <= 0 {
		c.PollInterval = DefaultPollInterval
	}
	if c.Backfill <= 0 {
		c.Backfill = DefaultBackfill
	}
	if c.BatchSize <= 0 {
		c.BatchSize = DefaultBatchSize
	}
	if c.MinBackoff <= 0 {
		c.MinBackoff = DefaultMinBackoff
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = DefaultMaxBackoff
	}
	if c.MaxBackoff < c.MinBackoff {
		c.MaxBackoff = c.MinBackoff
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}
