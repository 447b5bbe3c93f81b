package app

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/buyerdesk/buyerdesk/amazon"
	"github.com/buyerdesk/buyerdesk/amazon/mailbox"
	"github.com/buyerdesk/buyerdesk/internal/config"
	"github.com/buyerdesk/buyerdesk/internal/ingest"
	"github.com/buyerdesk/buyerdesk/internal/store"
)

// Options are what the command line (or the demo, or a test) adds to the
// configuration.
type Options struct {
	Log zerolog.Logger
	Now func() time.Time
	// TLSConfig, if set, is used for IMAP and SMTP connections (the demo and
	// tests trust their stand-ins' certificates this way).
	TLSConfig *tls.Config
	// HTTPClient, if set, is used for SP-API calls.
	HTTPClient *http.Client
	// Tick, if set, makes the scheduler and the handoffs poll at this real
	// interval instead of sleeping until the next due instant: the demo's
	// time-lapse clock runs faster than the runtime's timers.
	Tick time.Duration
}

// Service is buyerdesk running: one store, the mailbox watchers and, when
// configured, the Slack side.
type Service struct {
	cfg  *config.Config
	opts Options
	log  zerolog.Logger
	db   *store.DB

	pipeline *ingest.Pipeline // its Stored hook is set when Slack starts
	watchers []*mailbox.Watcher
}

// Open opens the store and builds every part; nothing connects yet.
func Open(ctx context.Context, cfg *config.Config, opts Options) (*Service, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Service{cfg: cfg, opts: opts, log: opts.Log}
	db, err := store.Open(cfg.Store.Path, store.Options{Timeout: time.Second, Window: Windows(cfg).Window})
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	s.db = db
	if n, err := db.RecomputeDeadlines(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("recompute deadlines: %w", err)
	} else if n > 0 {
		s.log.Info().Int("cases", n).Msg("deadlines recomputed with the configured windows")
	}
	s.pipeline = &ingest.Pipeline{Store: db, Parse: amazon.Parse, Now: opts.Now, Log: s.log, Marketplaces: map[string]string{}}
	for _, m := range cfg.Mailboxes {
		if m.Marketplace != "" {
			s.pipeline.Marketplaces[m.Name] = m.Marketplace
		}
		s.watchers = append(s.watchers, mailbox.New(s.mailboxConfig(m), s.pipeline))
	}
	return s, nil
}

func (s *Service) mailboxConfig(m config.Mailbox) mailbox.Config {
	return mailbox.Config{
		Name: m.Name, Addr: net.JoinHostPort(m.Host, strconv.Itoa(m.Port)), TLS: string(m.TLS),
		TLSConfig: s.opts.TLSConfig, Username: m.Username, Password: m.Password.Reveal(),
		Folder: m.Folder, PollInterval: m.PollInterval, DisableIDLE: !m.IDLE, Backfill: m.Backfill,
		Now: s.opts.Now, Logger: s.log,
	}
}

// Store is the service's case store.
func (s *Service) Store() *store.DB { return s.db }

// Run runs every part until ctx is done, then closes the store. It returns
// the first error that stopped a part.
func (s *Service) Run(ctx context.Context) error {
	defer s.db.Close()
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	start := func(name string, run func(context.Context) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := run(ctx); err != nil && !errors.Is(err, context.Canceled) {
				cancel(fmt.Errorf("%s: %w", name, err))
			}
		}()
	}
	start("admin socket", s.serveAdmin)
	if err := s.startRetention(start); err != nil {
		cancel(err)
	}
	now := s.opts.Now()
	gaps := logCoverage(s.log, Rota(s.cfg), now, s.cfg.Coverage.Days)
	if side, err := s.startSlack(ctx, start); err != nil {
		cancel(err)
	} else if side != nil && len(gaps) > 0 {
		s.noticeCoverage(ctx, side.bot, now, s.cfg.Coverage.Days)
	}
	for i, w := range s.watchers {
		start("mailbox "+s.cfg.Mailboxes[i].Name, w.Run)
	}
	s.log.Info().Int("mailboxes", len(s.watchers)).Str("store", s.cfg.Store.Path).Msg("buyerdesk running")
	<-ctx.Done()
	wg.Wait()
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	s.log.Info().Msg("buyerdesk stopped")
	return nil
}
