package app

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/buyerdesk/buyerdesk/amazon/outbox"
	"github.com/buyerdesk/buyerdesk/amazon/spapi"
	"github.com/buyerdesk/buyerdesk/bot"
	"github.com/buyerdesk/buyerdesk/bot/slackout"
	"github.com/buyerdesk/buyerdesk/internal/config"
	"github.com/buyerdesk/buyerdesk/internal/store"
	"github.com/buyerdesk/buyerdesk/sla"
	"github.com/buyerdesk/buyerdesk/templates"
)

// slackSide is the running Slack half of the service.
type slackSide struct {
	api   *slack.Client
	out   *slackout.Client
	bot   *bot.Bot
	sched *sla.Scheduler
	cron  *sla.Cron
}

// startSlack connects to Slack (auth.test), builds the bot, the scheduler
// and the wall-clock jobs, and starts them with start. It returns nil, nil
// when Slack is not configured.
func (s *Service) startSlack(ctx context.Context, start func(string, func(context.Context) error)) (*slackSide, error) {
	sc := s.cfg.Slack
	if !sc.Enabled() {
		s.log.Warn().Msg("Slack is off: SLACK_BOT_TOKEN is not set; mails are stored but not posted")
		return nil, nil
	}
	side := &slackSide{}
	// A bounded timeout, and enough idle connections for one per channel
	// lane of the rate-limited client.
	httpClient := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		Proxy: http.ProxyFromEnvironment, MaxIdleConnsPerHost: 32, IdleConnTimeout: 90 * time.Second}}
	side.api = slack.New(sc.BotToken.Reveal(), slack.OptionAPIURL(sc.APIURL),
		slack.OptionAppLevelToken(sc.AppToken.Reveal()), slack.OptionHTTPClient(httpClient))
	auth, err := side.api.AuthTestContext(ctx)
	if err != nil {
		return nil, fmt.Errorf("slack auth.test: %w", err)
	}
	side.out = slackout.New(side.api, slackout.Options{Logger: s.log.With().Str("part", "slack").Logger()})
	replies, err := s.replies(ctx)
	if err != nil {
		return nil, err
	}
	side.bot = bot.New(botConfig(s.cfg, auth.UserID), s.db, side.out,
		bot.WithNow(s.opts.Now), bot.WithLogger(s.log.With().Str("part", "bot").Logger()), bot.WithReplies(replies))
	side.sched = &sla.Scheduler{Store: s.db, Ladder: Ladder(s.cfg), Fire: side.bot.Escalate, Now: s.opts.Now,
		Log: s.log.With().Str("part", "scheduler").Logger()}
	side.cron = &sla.Cron{Marks: s.db, Now: s.opts.Now, Log: s.log.With().Str("part", "cron").Logger()}
	if err := side.bot.AddJobs(side.cron, routine(s.cfg)); err != nil {
		return nil, fmt.Errorf("wall-clock jobs: %w", err)
	}
	s.pipeline.Stored = func(ctx context.Context, results []store.IngestResult) {
		side.bot.Changed(ctx, results)
		for _, r := range results {
			side.sched.Watch(r.Case)
		}
	}

	start("slack client", func(ctx context.Context) error { side.out.Run(ctx); return nil })
	side.bot.Start(ctx)
	start("slack bot", func(ctx context.Context) error { <-ctx.Done(); side.bot.Wait(); return nil })
	if err := side.bot.Reconcile(ctx); err != nil {
		s.log.Error().Err(err).Msg("reconciling threads after start failed; will retry as mail arrives")
	}
	if err := side.bot.RecoverSends(ctx); err != nil {
		s.log.Error().Err(err).Msg("recovering sends with unknown outcome failed")
	}
	if s.opts.Tick > 0 {
		start("scheduler", func(ctx context.Context) error { return poll(ctx, s.opts.Tick, side.sched.RunDue) })
	} else {
		start("scheduler", side.sched.Run)
	}
	start("cron", side.cron.Run)
	start("handoffs", func(ctx context.Context) error {
		if s.opts.Tick > 0 {
			return poll(ctx, s.opts.Tick, func(ctx context.Context) (time.Time, error) {
				return side.bot.RunHandoffs(ctx, s.cfg.Handoff.AcceptWithin)
			})
		}
		if err := side.bot.Handoffs(ctx, s.cfg.Handoff.AcceptWithin); err != nil && ctx.Err() == nil {
			return err
		}
		return nil
	})
	switch sc.Mode {
	case "http":
		srv := &http.Server{Addr: sc.Listen, Handler: side.bot.HTTPHandler(sc.SigningSecret.Reveal()), ReadHeaderTimeout: 10 * time.Second}
		start("slack http", func(ctx context.Context) error { return serveHTTP(ctx, srv) })
	default:
		start("slack socket mode", func(ctx context.Context) error {
			return side.bot.RunSocketMode(ctx, socketmode.New(side.api))
		})
	}
	s.log.Info().Str("bot", auth.UserID).Str("mode", sc.Mode).Msg("connected to Slack")
	return side, nil
}

// poll calls step every interval until ctx is done; errors are the step's
// own to log and retry.
func poll(ctx context.Context, every time.Duration, step func(context.Context) (time.Time, error)) error {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		_, _ = step(ctx)
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

func serveHTTP(ctx context.Context, srv *http.Server) error {
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// replies builds the reply path: templates, order data and the SMTP sender.
func (s *Service) replies(ctx context.Context) (bot.Replies, error) {
	var r bot.Replies
	set, err := templates.Load(ctx, s.cfg.Templates.Dir)
	if err != nil {
		return r, fmt.Errorf("templates: %w", err)
	}
	r.Templates = set
	for _, t := range s.cfg.Triggers {
		r.Triggers = append(r.Triggers, templates.Trigger{Lang: t.Lang, Keywords: t.Keywords, Pattern: t.Regexp,
			Category: t.Category, Template: t.Template, Team: t.Team})
	}
	if sp := s.cfg.SPAPI; sp.Enabled {
		r.Orders = spapi.New(spapi.Config{Endpoint: sp.Endpoint, TokenURL: sp.TokenURL, ClientID: sp.ClientID,
			ClientSecret: sp.ClientSecret.Reveal(), RefreshToken: sp.RefreshToken.Reveal(), Rate: sp.Rate, Burst: sp.Burst,
			HTTPClient: s.opts.HTTPClient})
	}
	if m := s.cfg.SMTP; m.Host != "" {
		r.Mailer = &outbox.Sender{Addr: fmt.Sprintf("%s:%d", m.Host, m.Port), TLS: string(m.TLS), TLSConfig: s.opts.TLSConfig,
			Username: m.Username, Password: m.Password.Reveal(), HELO: m.HELO}
		r.From = m.From
	}
	return r, nil
}

// botConfig turns the slack section (and the rota) into the bot's Config.
func botConfig(c *config.Config, botUser string) bot.Config {
	sc := c.Slack
	return bot.Config{
		BotUserID: botUser, DefaultChannel: sc.Channels.Default, Routes: sc.Channels.Routes,
		EscalationChannel: sc.Escalation(), Agents: sc.Agents, AgentGroup: sc.AgentGroup,
		Reactions:  bot.Reactions{Claim: sc.Reactions.Claim, Resolve: sc.Reactions.Resolve, NoResponse: sc.Reactions.NoResponse, Takeover: sc.Reactions.Takeover},
		BuyerNames: sc.BuyerNames, SelfApproval: sc.SelfApproval, DraftLease: sc.DraftLease, Workers: sc.Workers,
		Rota: Rota(c), Ladder: Ladder(c),
	}
}

// routine turns the digest and coverage settings into the bot's Routine.
func routine(c *config.Config) bot.Routine {
	r := bot.Routine{DigestTimes: map[string][]string{}, CoverageDays: c.Coverage.Days}
	for _, t := range c.Digests.Times {
		r.DefaultDigestTimes = append(r.DefaultDigestTimes, t.String())
	}
	for i := range c.Teams {
		var times []string
		for _, t := range c.DigestTimes(&c.Teams[i]) {
			times = append(times, t.String())
		}
		r.DigestTimes[c.Teams[i].Name] = times
	}
	return r
}
