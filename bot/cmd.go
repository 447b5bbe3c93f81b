package bot

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/sla"
)

// cmdReply is a slash command's immediate answer, seen only by the caller.
type cmdReply struct {
	ResponseType string `json:"response_type"`
	Text         string `json:"text"`
}

func cmdEphemeral(text string) cmdReply { return cmdReply{ResponseType: "ephemeral", Text: text} }

// cmdMaxLines bounds the lists of /buyerdesk mine and status.
const cmdMaxLines = 30

// runCommand answers /buyerdesk in the ingress loop: quick answers go into
// the acknowledgement, everything else runs in the background and answers
// privately (b.tell) or, when it changes shared state, in the case threads.
func (b *Bot) runCommand(ctx context.Context, cmd *slack.SlashCommand) any {
	fields := strings.Fields(cmd.Text)
	sub := ""
	if len(fields) > 0 {
		sub = strings.ToLower(fields[0])
		fields = fields[1:]
	}
	by := reactBy{user: cmd.UserID, channel: cmd.ChannelID, key: "cmd/" + cmd.TriggerID}
	if cmd.TriggerID == "" {
		by.key = fmt.Sprintf("cmd/%s/%d", cmd.UserID, b.now().UnixNano())
	}
	switch sub {
	case "", "help":
		return cmdEphemeral(b.cmdHelp())
	case "oncall", "on-call":
		return cmdEphemeral(b.cmdOnCall(ctx, b.now()))
	case "mine":
		b.enqueue("command mine", func(ctx context.Context) { b.tell(ctx, by.channel, by.user, b.cmdMine(ctx, by.user)) })
		return nil
	case "status":
		b.enqueue("command status", func(ctx context.Context) { b.tell(ctx, by.channel, by.user, b.cmdStatus(ctx)) })
		return nil
	case "claim":
		if len(fields) != 1 {
			return cmdEphemeral(fmt.Sprintf("Usage: `%s claim <order id>`, e.g. `%s claim 302-1234567-1234567`.", b.cfg.Command, b.cfg.Command))
		}
		order := strings.Trim(fields[0], "`*_")
		b.enqueue("command claim", func(ctx context.Context) { b.cmdClaim(ctx, order, by) })
		return nil
	case "handover":
		return b.cmdHandover(fields, by)
	case "away":
		return b.cmdAway(fields, by)
	}
	return cmdEphemeral(fmt.Sprintf("I don't know `%s`.\n\n%s", escape(sub), b.cmdHelp()))
}

// cmdHelp lists the subcommands.
func (b *Bot) cmdHelp() string {
	c := b.cfg.Command
	return strings.Join([]string{
		"*" + c + "* helps the support team with Amazon buyer messages:",
		"• `" + c + " oncall`: who is on call now, per team, and the next handoff",
		"• `" + c + " handover @someone [for 4h | until 18:00]`: give your open cases and your on-call slot to someone (default: until your shift ends)",
		"• `" + c + " away [for 2d | until 18:00]`: take yourself off the rota for a while",
		"• `" + c + " mine`: your open cases with their deadlines",
		"• `" + c + " status`: open, at risk and breached cases per marketplace",
		"• `" + c + " claim <order id>`: claim the open case of an order",
		"• `" + c + " help`: this list",
		fmt.Sprintf("On a case's message, react :%s: to claim, :%s: to take over, :%s: to resolve, :%s: when no response is needed.",
			reactName(b.cfg.Reactions.Claim), reactName(b.cfg.Reactions.Takeover),
			reactName(b.cfg.Reactions.Resolve), reactName(b.cfg.Reactions.NoResponse)),
	}, "\n")
}

// cmdOnCall says who is on call at now: overall, per team, and the next
// handoff.
func (b *Bot) cmdOnCall(ctx context.Context, now time.Time) string {
	r := b.rota(ctx)
	o := r.OnCall(now)
	var s strings.Builder
	if o.FallbackUsed {
		fmt.Fprintf(&s, "*On call now:* %s (fallback: nobody is on shift)", mention(o.Primary))
		if !o.ShiftEndsAt.IsZero() {
			fmt.Fprintf(&s, " until %s", slackDate(o.ShiftEndsAt))
		}
	} else {
		fmt.Fprintf(&s, "*On call now:* %s (%s) until %s", mention(o.Primary), escape(o.Team), slackDate(o.ShiftEndsAt))
	}
	for _, t := range r.Teams {
		to, ok := r.TeamOnCall(t.Name, now)
		if !ok {
			fmt.Fprintf(&s, "\n• *%s*: nobody on shift", escape(t.Name))
			continue
		}
		fmt.Fprintf(&s, "\n• *%s*: %s primary until %s", escape(t.Name), mention(to.Primary), slackDate(to.ShiftEndsAt))
		if others := slices.DeleteFunc(slices.Clone(to.OnShift), func(id string) bool { return id == to.Primary }); len(others) > 0 {
			s.WriteString("; also on shift: ")
			for i, id := range others {
				if i > 0 {
					s.WriteString(", ")
				}
				s.WriteString(mention(id))
			}
		}
	}
	if h := r.Handoffs(now, now.AddDate(0, 0, 7)); len(h) > 0 {
		fmt.Fprintf(&s, "\n*Next handoff:* %s at %s", escape(h[0].Team), slackDate(h[0].At))
	}
	return s.String()
}

// mention renders a Slack id: a user group as <!subteam^…>, a channel as
// <#…>, else a user.
func mention(id string) string {
	switch {
	case id == "":
		return "nobody (no fallback configured)"
	case sla.Literal(id).Kind == sla.Group:
		return "<!subteam^" + id + ">"
	case sla.Literal(id).Kind == sla.Channel:
		return "<#" + id + ">"
	}
	return "<@" + id + ">"
}

// cmdMine lists user's open cases by deadline with links to their threads.
func (b *Bot) cmdMine(ctx context.Context, user string) string {
	mine, _, err := b.homeCases(ctx, user)
	if err != nil {
		b.log.Warn().Err(err).Msg("mine: cases unreadable")
		return "Sorry, I could not read the cases just now. Try again in a minute."
	}
	if len(mine) == 0 {
		return fmt.Sprintf("You have no open cases. React :%s: on a case, or use `%s claim <order id>`.",
			reactName(b.cfg.Reactions.Claim), b.cfg.Command)
	}
	now := b.now()
	lines := []string{fmt.Sprintf("*Your open cases (%d):*", len(mine))}
	for i, c := range mine {
		if i == cmdMaxLines {
			lines = append(lines, fmt.Sprintf("and %d more", len(mine)-i))
			break
		}
		lines = append(lines, "• "+strings.ReplaceAll(homeLine(c, now), "\n", " · "))
	}
	return strings.Join(lines, "\n")
}

// cmdCount is one row of /buyerdesk status.
type cmdCount struct{ open, risk, breached int }

// cmdStatus counts open, at-risk and breached cases per marketplace.
func (b *Bot) cmdStatus(ctx context.Context) string {
	now := b.now()
	per := map[string]*cmdCount{}
	var total cmdCount
	err := b.store.Cases(ctx, func(c buyerdesk.Case) bool {
		if !caseOpen(c) {
			return true
		}
		n := per[c.Marketplace]
		if n == nil {
			n = &cmdCount{}
			per[c.Marketplace] = n
		}
		for _, x := range []*cmdCount{n, &total} {
			x.open++
			switch {
			case c.Waiting() && !c.Deadline.IsZero() && !now.Before(c.Deadline):
				x.breached++
			case caseAtRisk(c, now):
				x.risk++
			}
		}
		return true
	})
	if err != nil {
		b.log.Warn().Err(err).Msg("status: cases unreadable")
		return "Sorry, I could not read the cases just now. Try again in a minute."
	}
	row := func(name string, n cmdCount) string {
		return fmt.Sprintf("%s: %d open, %d at risk (under %s left), %d breached", name, n.open, n.risk, cmdHours(atRisk), n.breached)
	}
	lines := []string{"*" + row("All marketplaces", total) + "*"}
	markets := make([]string, 0, len(per))
	for m := range per {
		markets = append(markets, m)
	}
	slices.Sort(markets)
	for i, m := range markets {
		if i == cmdMaxLines {
			lines = append(lines, fmt.Sprintf("and %d more marketplaces", len(markets)-i))
			break
		}
		lines = append(lines, "• "+row(escape(orDash(m)), *per[m]))
	}
	return strings.Join(lines, "\n")
}

func cmdHours(d time.Duration) string { return strconv.Itoa(int(d.Hours())) + "h" }

// cmdClaim claims the open case of an order, like the claim reaction.
func (b *Bot) cmdClaim(ctx context.Context, order string, by reactBy) {
	cases, err := b.store.CasesByOrder(ctx, order)
	if err != nil {
		b.log.Warn().Err(err).Msg("claim: cases unreadable")
		b.tell(ctx, by.channel, by.user, "Sorry, I could not read the cases just now. Try again in a minute.")
		return
	}
	cases = slices.DeleteFunc(cases, caseClosed)
	if len(cases) == 0 {
		b.tell(ctx, by.channel, by.user, fmt.Sprintf("There is no open case for order %s.", escape(order)))
		return
	}
	// The newest case waiting for a reply, else the newest one not closed.
	c := cases[len(cases)-1]
	for _, o := range slices.Backward(cases) {
		if caseOpen(o) {
			c = o
			break
		}
	}
	b.act(ctx, c.ID, reactClaim, by)
	if c, err = b.store.Case(ctx, c.ID); err == nil && c.Assignee == by.user {
		b.tell(ctx, by.channel, by.user, "You have claimed "+caseLink(c)+".")
	}
}
