package bot

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/sla"
)

// Handovers and absences without an end last until the caller's shift ends,
// or cmdDefaultSpan when they are not on shift; none lasts over cmdMaxSpan.
const (
	cmdDefaultSpan = 8 * time.Hour
	cmdMaxSpan     = 30 * 24 * time.Hour
)

var (
	// cmdMentionRE matches an escaped user mention: <@U123> or <@U123|ben>.
	cmdMentionRE = regexp.MustCompile(`^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$`)
	// cmdDurationRE matches one part of a duration such as "1h30m" or "2 days".
	cmdDurationRE = regexp.MustCompile(`(\d+)\s*(weeks?|w|days?|d|hours?|hrs?|h|minutes?|mins?|m)`)
	// cmdClockRE matches a time of day: 18:00, 18, 6pm, 6:30 pm.
	cmdClockRE = regexp.MustCompile(`^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm)?$`)
)

var errCmdSpan = errors.New("say `for 4h`, `for 2d` or `until 18:00`")

// cmdSpan is how long a handover or absence lasts, as the caller said it.
type cmdSpan struct {
	dur   time.Duration // "for 4h"
	clock int           // "until 18:00": minutes after midnight, in the caller's zone
	until bool          // clock is set
}

// cmdParseSpan reads "for <duration>", "until <time of day>" or nothing.
func cmdParseSpan(args []string) (cmdSpan, error) {
	if len(args) == 0 {
		return cmdSpan{}, nil
	}
	word, rest := strings.ToLower(args[0]), strings.ToLower(strings.Join(args[1:], " "))
	switch word {
	case "for":
		d, err := cmdParseDuration(rest)
		return cmdSpan{dur: d}, err
	case "until", "till", "til":
		m := cmdClockRE.FindStringSubmatch(strings.TrimSpace(rest))
		if m == nil {
			return cmdSpan{}, errCmdSpan
		}
		h, _ := strconv.Atoi(m[1])
		mins := 0
		if m[2] != "" {
			mins, _ = strconv.Atoi(m[2])
		}
		switch {
		case m[3] == "pm" && h >= 1 && h <= 11:
			h += 12
		case m[3] == "am" && h == 12:
			h = 0
		case m[3] != "" && (h < 1 || h > 12):
			return cmdSpan{}, errCmdSpan
		}
		if h > 23 || mins > 59 {
			return cmdSpan{}, errCmdSpan
		}
		return cmdSpan{clock: h*60 + mins, until: true}, nil
	}
	return cmdSpan{}, errCmdSpan
}

// cmdParseDuration reads "4h", "2d", "1h30m", "90 minutes", "1 week".
func cmdParseDuration(s string) (time.Duration, error) {
	var d time.Duration
	parts := cmdDurationRE.FindAllStringSubmatchIndex(s, -1)
	if len(parts) == 0 || strings.TrimSpace(cmdDurationRE.ReplaceAllString(s, "")) != "" {
		return 0, errCmdSpan
	}
	for _, p := range parts {
		n, err := strconv.Atoi(s[p[2]:p[3]])
		if err != nil || n > 10000 {
			return 0, errCmdSpan
		}
		unit := time.Minute
		switch s[p[4]] {
		case 'w':
			unit = 7 * 24 * time.Hour
		case 'd':
			unit = 24 * time.Hour
		case 'h':
			unit = time.Hour
		}
		d += time.Duration(n) * unit
	}
	if d <= 0 || d > cmdMaxSpan {
		return 0, fmt.Errorf("a handover or absence lasts between a minute and %d days", int(cmdMaxSpan.Hours()/24))
	}
	return d, nil
}

// cmdEnd turns a span into an instant: now plus the duration, the next
// time the caller's clock shows the time of day, or the end of the
// caller's current shift (cmdDefaultSpan when not on shift).
func (b *Bot) cmdEnd(ctx context.Context, span cmdSpan, user string, now time.Time) time.Time {
	switch {
	case span.dur > 0:
		return now.Add(span.dur)
	case span.until:
		loc := b.cmdZone(ctx, user)
		l := now.In(loc)
		end := time.Date(l.Year(), l.Month(), l.Day(), span.clock/60, span.clock%60, 0, 0, loc)
		if !end.After(now) {
			end = time.Date(l.Year(), l.Month(), l.Day()+1, span.clock/60, span.clock%60, 0, 0, loc)
		}
		return end
	}
	if end, ok := cmdShiftEnd(b.rota(ctx), user, now); ok {
		return end
	}
	return now.Add(cmdDefaultSpan)
}

// cmdShiftEnd returns when user's current shift ends: their primary slot's
// end, else the handoff of a team they are on shift with.
func cmdShiftEnd(r sla.Rota, user string, now time.Time) (time.Time, bool) {
	for _, t := range r.Teams {
		o, ok := r.TeamOnCall(t.Name, now)
		if !ok {
			continue
		}
		if o.Primary == user && o.ShiftEndsAt.After(now) {
			return o.ShiftEndsAt, true
		}
		if !slices.Contains(o.OnShift, user) {
			continue
		}
		for _, h := range r.Handoffs(now, now.AddDate(0, 0, 7)) {
			if h.Team == t.Name {
				return h.At, true
			}
		}
	}
	return time.Time{}, false
}

// cmdZone is user's time zone from users.info; UTC when unknown.
func (b *Bot) cmdZone(ctx context.Context, user string) *time.Location {
	u, err := b.slack.GetUserInfoContext(ctx, user)
	if err != nil {
		b.log.Warn().Err(err).Str("user", user).Msg("users.info failed; using UTC")
		return time.UTC
	}
	loc, err := time.LoadLocation(u.TZ)
	if err != nil || u.TZ == "" {
		return time.UTC
	}
	return loc
}

// cmdHandover checks `handover @user [for …|until …]` in the ingress loop
// and does the work in the background.
func (b *Bot) cmdHandover(args []string, by reactBy) any {
	usage := fmt.Sprintf("Usage: `%s handover @someone [for 4h | until 18:00]`", b.cfg.Command)
	if len(args) == 0 {
		return cmdEphemeral(usage)
	}
	m := cmdMentionRE.FindStringSubmatch(args[0])
	if m == nil {
		return cmdEphemeral("Please @-mention the person taking over, so Slack fills in who it is. " + usage)
	}
	to := m[1]
	if to == by.user {
		return cmdEphemeral("You cannot hand over to yourself. " + usage)
	}
	span, err := cmdParseSpan(args[1:])
	if err != nil {
		return cmdEphemeral(fmt.Sprintf("I did not understand how long: %v. %s", err, usage))
	}
	b.enqueue("command handover", func(ctx context.Context) { b.cmdDoHandover(ctx, to, span, by) })
	return nil
}

// cmdDoHandover gives the cases the caller holds and has not closed to
// another agent (announced in each thread) and their on-call slot until the span's end.
func (b *Bot) cmdDoHandover(ctx context.Context, to string, span cmdSpan, by reactBy) {
	if !b.cmdAllowed(ctx, reactHandover, by) {
		return
	}
	if !b.isAgent(ctx, to) {
		b.tell(ctx, by.channel, by.user, fmt.Sprintf("<@%s> is not one of the support agents, so they cannot take over.", to))
		return
	}
	now := b.now()
	end := b.cmdEnd(ctx, span, by.user, now)
	if err := b.addOverride(ctx, sla.Override{Kind: sla.Handover, From: by.user, To: to, Start: now, End: end}); err != nil {
		b.log.Warn().Err(err).Msg("handover override not stored")
		b.tell(ctx, by.channel, by.user, "Sorry, I could not store the handover. Try again in a minute.")
		return
	}
	var held []buyerdesk.CaseID // answered ones too: a follow-up would land with the caller
	err := b.store.Cases(ctx, func(c buyerdesk.Case) bool {
		if c.Assignee == by.user && !caseClosed(c) {
			held = append(held, c.ID)
		}
		return true
	})
	if err != nil {
		b.log.Warn().Err(err).Msg("handover: cases unreadable")
	}
	moved := 0
	for _, id := range held {
		b.withCase(id, func() {
			c, err := b.store.Case(ctx, id)
			if err != nil || c.Assignee != by.user || caseClosed(c) {
				return
			}
			_, ok := b.reactChange(ctx, c.ID, buyerdesk.Event{Type: buyerdesk.EventHandover, Actor: by.user, Key: "handover/" + by.key,
				Data: map[string]string{"from": by.user, "to": to}},
				"handover", fmt.Sprintf(":handshake: <@%s> handed this case over to <@%s>.", by.user, to))
			if ok {
				moved++
			}
		})
	}
	b.tell(ctx, by.channel, by.user, fmt.Sprintf("Handed %d case(s) and your on-call slot to <@%s> until %s.", moved, to, slackDate(end)))
}

// cmdAway checks `away [for …|until …]` and stores the absence in the
// background.
func (b *Bot) cmdAway(args []string, by reactBy) any {
	span, err := cmdParseSpan(args)
	if err != nil {
		return cmdEphemeral(fmt.Sprintf("I did not understand how long: %v. Usage: `%s away [for 2d | until 18:00]`", err, b.cfg.Command))
	}
	b.enqueue("command away", func(ctx context.Context) {
		if !b.cmdAllowed(ctx, reactAway, by) {
			return
		}
		now := b.now()
		end := b.cmdEnd(ctx, span, by.user, now)
		if err := b.addOverride(ctx, sla.Override{Kind: sla.Away, From: by.user, Start: now, End: end}); err != nil {
			b.log.Warn().Err(err).Msg("away override not stored")
			b.tell(ctx, by.channel, by.user, "Sorry, I could not store your absence. Try again in a minute.")
			return
		}
		o := b.rota(ctx).OnCall(now)
		b.tell(ctx, by.channel, by.user, fmt.Sprintf("You are off the rota until %s; on call now: %s. "+
			"Cases you claimed stay yours: use `%s handover @someone` to pass them on.", slackDate(end), mention(o.Primary), b.cfg.Command))
	})
	return nil
}

// cmdAllowed lets agents through and refuses everyone else politely. A
// refusal without a case goes to the workspace audit log.
func (b *Bot) cmdAllowed(ctx context.Context, action reactAction, by reactBy) bool {
	if b.isAgent(ctx, by.user) {
		return true
	}
	b.log.Warn().Str("user", by.user).Str("action", string(action)).Msg("audit: refused, not an agent")
	b.audit(ctx, by.user, "refused", map[string]string{"action": string(action), "reason": "not an agent"})
	b.tell(ctx, by.channel, by.user, "Sorry, only the support agents can hand over or change the rota. "+
		"Ask your team lead to add you if you should be one of them.")
	return false
}
