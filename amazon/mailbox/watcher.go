package mailbox

import (
	"context"
	"math/rand/v2"
	"net"
	"sync"
	"time"

	"github.com/rs/zerolog"
)

// Watcher watches one mailbox. Create it with New and start it with Run.
type Watcher struct {
	cfg  Config
	sink Sink
	log  zerolog.Logger
	dial dialFunc
	rnd  func(int64) int64 // jitter source, [0, n)

	mu     sync.Mutex
	status Status
}

// Status is a snapshot of a watcher's health.
type Status struct {
	Connected bool      // logged in to the server
	LastFetch time.Time // end of the last complete fetch round
	LastError error     // the error that ended the last connection, nil once a round succeeds
	Failures  int       // connection attempts failed in a row
}

// New returns a watcher for cfg that delivers to sink. Zero Config fields
// take their defaults; Run reports a configuration it cannot use.
func New(cfg Config, sink Sink) *Watcher {
	cfg = cfg.withDefaults()
	dialer := &net.Dialer{Timeout: 30 * time.Second}
	return &Watcher{
		cfg:  cfg,
		sink: sink,
		log:  cfg.Logger.With().Str("mailbox", cfg.Name).Logger(),
		dial: dialer.DialContext,
		rnd:  rand.Int64N,
	}
}

// Run watches the mailbox until ctx is done, then returns nil. It returns
// an error only for a configuration no retry can fix (for example ErrInsecure);
// connection, server and sink errors are logged and retried after a capped
// exponential backoff, resuming from the sink's cursor.
func (w *Watcher) Run(ctx context.Context) error {
	if err := w.cfg.validate(); err != nil {
		return err
	}
	failures := 0
	for {
		progressed, err := w.session(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if progressed {
			failures = 0
		}
		wait := backoff(failures, w.cfg.MinBackoff, w.cfg.MaxBackoff, w.rnd)
		failures++
		w.setFailure(err, failures)
		w.log.Warn().Err(err).Int("failures", failures).Dur("retry_in", wait).Msg("mailbox connection ended")

		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

// Status returns the watcher's current health.
func (w *Watcher) Status() Status {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.status
}

func (w *Watcher) setConnected(connected bool) {
	w.mu.Lock()
	w.status.Connected = connected
	w.mu.Unlock()
}

func (w *Watcher) setFetched(at time.Time) {
	w.mu.Lock()
	w.status.LastFetch = at
	w.status.LastError = nil
	w.status.Failures = 0
	w.mu.Unlock()
}

func (w *Watcher) setFailure(err error, failures int) {
	w.mu.Lock()
	w.status.LastError = err
	w.status.Failures = failures
	w.mu.Unlock()
}
