package app

import (
	"context"
	"fmt"
	"time"

	"github.com/buyerdesk/buyerdesk/sla"
)

// retentionAt is when the daily retention job runs, in UTC: outside
// 02:00–03:00, which sla.Cron refuses.
const retentionAt = "04:30"

// retentionJob is the daily wall-clock job that drops the raw bytes of
// mails stored longer than store.retention ago and the expired marks.
func (s *Service) retentionJob() sla.Job {
	return sla.Job{Name: "retention", Zone: time.UTC, At: retentionAt, Run: s.purge}
}

// purge drops raw mails older than the retention and expired marks.
func (s *Service) purge(ctx context.Context, now time.Time) error {
	raw, err := s.db.PurgeRaw(ctx, now.Add(-s.cfg.Store.Retention))
	if err != nil {
		return fmt.Errorf("retention: %w", err)
	}
	marks, err := s.db.PurgeSeen(ctx, now)
	if err != nil {
		return fmt.Errorf("retention: %w", err)
	}
	s.log.Info().Int("raw_mails", raw).Int("marks", marks).Msg("retention: purged")
	return nil
}

// startRetention schedules the retention job on its own cron, so it runs
// with or without Slack.
func (s *Service) startRetention(start func(string, func(context.Context) error)) error {
	c := &sla.Cron{Marks: s.db, Now: s.opts.Now, Log: s.log.With().Str("part", "retention").Logger()}
	if err := c.Add(s.retentionJob()); err != nil {
		return fmt.Errorf("wall-clock jobs: %w", err)
	}
	start("retention", c.Run)
	return nil
}
