package app

import (
	"context"
	"time"

	"github.com/rs/zerolog"

	"github.com/buyerdesk/buyerdesk/bot"
	"github.com/buyerdesk/buyerdesk/sla"
)

// coverageNS is the store namespace marking the UTC days on which a
// start-up coverage notice was posted, so restarts do not repeat it.
const coverageNS = "startup-coverage"

// coverageMarkTTL keeps a day's mark past the day.
const coverageMarkTTL = 48 * time.Hour

// logCoverage reports the rota's gaps (nobody on shift) in the days from
// now: a warning listing each gap in UTC, or an info line when there are
// none. It returns the gaps.
func logCoverage(log zerolog.Logger, r sla.Rota, now time.Time, days int) []sla.Gap {
	gaps := r.Coverage(now, days)
	if len(gaps) == 0 {
		log.Info().Int("days", days).Msg("rota coverage: someone is on shift at every hour")
		return nil
	}
	list := zerolog.Arr()
	for _, g := range gaps {
		list.Str(g.From.UTC().Format(time.RFC3339) + "/" + g.To.UTC().Format(time.RFC3339))
	}
	log.Warn().Int("days", days).Int("count", len(gaps)).Array("gaps", list).
		Msg("rota coverage: gaps with nobody on shift; the fallback is on call then")
	return gaps
}

// noticeCoverage posts the bot's coverage notice in Slack, at most once
// per UTC day however often the service restarts.
func (s *Service) noticeCoverage(ctx context.Context, b *bot.Bot, now time.Time, days int) {
	seen, err := s.db.Seen(ctx, coverageNS, now.UTC().Format(time.DateOnly), now, coverageMarkTTL)
	if err != nil {
		s.log.Error().Err(err).Msg("start-up coverage notice: store")
		return
	}
	if seen {
		return
	}
	if err := b.CoverageNotice(ctx, now, days); err != nil {
		s.log.Error().Err(err).Msg("start-up coverage notice not posted")
	}
}
