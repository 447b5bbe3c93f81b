package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/sla"
)

// digestSoon is how far ahead a digest lists cases as due soon.
const digestSoon = 4 * time.Hour

// digestListMax bounds the cases a digest lists by name per section.
const digestListMax = 10

// Digest posts the summary of a team's open cases in its channel: how many
// are open, due within 4 hours, breached and unclaimed, listing the urgent
// ones with their deadlines and claimers. The cron wrapper makes it run
// once per local day and time.
func (b *Bot) Digest(ctx context.Context, team string, now time.Time) error {
	r := b.rota(ctx)
	t := digestTeam(r, team)
	if t == nil {
		return fmt.Errorf("digest: no team %q", team)
	}
	cases, err := b.digestCases(ctx, t)
	if err != nil {
		return err
	}
	var soon, late, unclaimed []buyerdesk.Case
	for _, c := range cases {
		switch {
		case !c.Deadline.After(now):
			late = append(late, c)
		case c.Deadline.Sub(now) <= digestSoon:
			soon = append(soon, c)
		}
		if c.Assignee == "" {
			unclaimed = append(unclaimed, c)
		}
	}
	local := now.In(t.Zone).Format("15:04 MST")
	var sb strings.Builder
	fmt.Fprintf(&sb, ":clipboard: *Digest %s, team %s*: %d open · %d due within 4h · %d breached · %d unclaimed",
		local, escape(t.Name), len(cases), len(soon), len(late), len(unclaimed))
	digestList(&sb, ":red_circle: Breached", late)
	digestList(&sb, ":hourglass_flowing_sand: Due within 4h", soon)
	digestList(&sb, ":grey_question: Unclaimed", unclaimed)
	ch := cmpOrString(t.Channel, b.cfg.DefaultChannel)
	if _, _, err := b.slack.PostMessageContext(ctx, ch, slack.MsgOptionText(sb.String(), false), slack.MsgOptionDisableLinkUnfurl()); err != nil {
		return fmt.Errorf("digest %s: %w", t.Name, err)
	}
	return nil
}

// digestList adds up to digestListMax cases, most urgent first.
func digestList(sb *strings.Builder, title string, cs []buyerdesk.Case) {
	if len(cs) == 0 {
		return
	}
	fmt.Fprintf(sb, "\n%s:", title)
	for i, c := range cs {
		if i == digestListMax {
			fmt.Fprintf(sb, "\n• … and %d more", len(cs)-i)
			break
		}
		fmt.Fprintf(sb, "\n• %s – due %s – %s", caseLink(c), slackDate(c.Deadline), digestClaimer(c))
	}
}

func digestClaimer(c buyerdesk.Case) string {
	if c.Assignee == "" || !escSlackID.MatchString(c.Assignee) {
		return "unclaimed"
	}
	return "claimed by <@" + c.Assignee + ">"
}

// digestCases returns the open, waiting cases the team serves, by deadline.
func (b *Bot) digestCases(ctx context.Context, t *sla.Team) ([]buyerdesk.Case, error) {
	var out []buyerdesk.Case
	err := b.store.Cases(ctx, func(c buyerdesk.Case) bool {
		if c.Waiting() && c.State == buyerdesk.StateOpen && !c.Deadline.IsZero() &&
			(len(t.Marketplaces) == 0 || slices.Contains(t.Marketplaces, c.Marketplace)) {
			out = append(out, c)
		}
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("cases of team %s: %w", t.Name, err)
	}
	slices.SortFunc(out, func(a, b buyerdesk.Case) int { return a.Deadline.Compare(b.Deadline) })
	return out, nil
}

func digestTeam(r sla.Rota, name string) *sla.Team {
	for i := range r.Teams {
		if r.Teams[i].Name == name {
			return &r.Teams[i]
		}
	}
	return nil
}

func cmpOrString(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Routine configures the wall-clock posts.
type Routine struct {
	// DigestTimes are each team's digest times ("15:04" local); a team
	// missing here gets DefaultDigestTimes (default 09:00, 13:00, 17:00).
	DigestTimes        map[string][]string
	DefaultDigestTimes []string
	CoverageDays       int            // gaps looked for ahead (default 14)
	CoverageZone       *time.Location // zone of the weekly notice (default UTC)
	CoverageAt         string         // its Monday time (default "09:00")
}

func (r *Routine) defaults() {
	if r.DefaultDigestTimes == nil {
		r.DefaultDigestTimes = []string{"09:00", "13:00", "17:00"}
	}
	if r.CoverageDays <= 0 {
		r.CoverageDays = 14
	}
	if r.CoverageZone == nil {
		r.CoverageZone = time.UTC
	}
	if r.CoverageAt == "" {
		r.CoverageAt = "09:00"
	}
}

// AddJobs schedules the digests of every team and the weekly coverage
// notice on c. Times inside 02:00–03:00 are refused (sla.ErrDSTWindow).
func (b *Bot) AddJobs(c *sla.Cron, r Routine) error {
	for _, j := range b.routineJobs(r) {
		if err := c.Add(j); err != nil {
			if j.Team != "" {
				return fmt.Errorf("team %s: %w", j.Team, err)
			}
			return err
		}
	}
	return nil
}

// routineJobs are the wall-clock jobs of a routine: each team's digests in its
// zone, and the weekly coverage notice.
func (b *Bot) routineJobs(r Routine) []sla.Job {
	r.defaults()
	var out []sla.Job
	for _, t := range b.cfg.Rota.Teams {
		times := r.DigestTimes[t.Name]
		if times == nil {
			times = r.DefaultDigestTimes
		}
		for _, at := range times {
			team := t.Name
			out = append(out, sla.Job{Name: "digest " + at, Team: team, Zone: t.Zone, At: at,
				Run: func(ctx context.Context, now time.Time) error { return b.Digest(ctx, team, now) }})
		}
	}
	days := r.CoverageDays
	return append(out, sla.Job{Name: "coverage", Zone: r.CoverageZone, At: r.CoverageAt, Days: []time.Weekday{time.Monday},
		Run: func(ctx context.Context, now time.Time) error { return b.CoverageNotice(ctx, now, days) }})
}

// CoverageNotice posts the rota's gaps (nobody on shift) over the next days
// in the escalation channel, or that there are none.
func (b *Bot) CoverageNotice(ctx context.Context, now time.Time, days int) error {
	gaps := b.rota(ctx).Coverage(now, days)
	var sb strings.Builder
	if len(gaps) == 0 {
		fmt.Fprintf(&sb, ":white_check_mark: Rota coverage: someone is on shift at every hour of the next %d days.", days)
	} else {
		fmt.Fprintf(&sb, ":warning: Rota coverage: %d gap(s) with nobody on shift in the next %d days; the fallback is on call then.", len(gaps), days)
		for i, g := range gaps {
			if i == digestListMax*2 {
				fmt.Fprintf(&sb, "\n• … and %d more", len(gaps)-i)
				break
			}
			fmt.Fprintf(&sb, "\n• %s – %s", slackDate(g.From), slackDate(g.To))
		}
	}
	ch := cmpOrString(b.escChannel(), b.cfg.DefaultChannel)
	if _, _, err := b.slack.PostMessageContext(ctx, ch, slack.MsgOptionText(sb.String(), false)); err != nil {
		return fmt.Errorf("coverage notice: %w", err)
	}
	return nil
}
