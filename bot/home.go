package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/buyerdesk/buyerdesk"
)

// Block budgets of the App Home: Slack allows 100 blocks in a view.
const (
	homeMaxBlocks = 100
	homeMaxMine   = 40 // cases of "my queue" shown before "and N more"
)

// atRisk is how little time left makes a waiting case at risk.
const atRisk = 4 * time.Hour

// onHomeOpened publishes the viewer's App Home in the background.
func (b *Bot) onHomeOpened(user, tab string) {
	if user == "" || (tab != "" && tab != "home") {
		return
	}
	b.enqueue("app home", func(ctx context.Context) {
		if err := b.publishHome(ctx, user); err != nil {
			b.log.Warn().Err(err).Str("user", user).Msg("app home not published")
		}
	})
}

// publishHome renders and publishes user's App Home.
func (b *Bot) publishHome(ctx context.Context, user string) error {
	mine, board, err := b.homeCases(ctx, user)
	if err != nil {
		return err
	}
	view := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: b.homeBlocks(mine, board)}}
	if _, err := b.slack.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user, View: view}); err != nil {
		return fmt.Errorf("views.publish: %w", err)
	}
	return nil
}

// caseOpen reports whether a case waits for an agent: a buyer message is
// unanswered (or our reply bounced).
func caseOpen(c buyerdesk.Case) bool { return c.State == buyerdesk.StateOpen }

// caseClosed reports whether an agent closed the case: resolved, or marked
// as needing no response.
func caseClosed(c buyerdesk.Case) bool {
	return c.State == buyerdesk.StateResolved || c.State == buyerdesk.StateNoResponseNeeded
}

// homeCases returns the open cases claimed by user and the unclaimed open
// ones, each by deadline (cases without one last).
func (b *Bot) homeCases(ctx context.Context, user string) (mine, board []buyerdesk.Case, err error) {
	err = b.store.Cases(ctx, func(c buyerdesk.Case) bool {
		switch {
		case !caseOpen(c):
		case c.Assignee == user:
			mine = append(mine, c)
		case c.Assignee == "":
			board = append(board, c)
		}
		return true
	})
	if err != nil {
		return nil, nil, fmt.Errorf("app home cases: %w", err)
	}
	slices.SortStableFunc(mine, byDeadline)
	slices.SortStableFunc(board, byDeadline)
	return mine, board, nil
}

// byDeadline orders cases by deadline, those without one last.
func byDeadline(a, b buyerdesk.Case) int {
	switch {
	case a.Deadline.IsZero() && b.Deadline.IsZero():
		return 0
	case a.Deadline.IsZero():
		return 1
	case b.Deadline.IsZero():
		return -1
	}
	return a.Deadline.Compare(b.Deadline)
}

// homeBlocks lays out "my queue" and the team board within Slack's block
// limit, summarising what does not fit.
func (b *Bot) homeBlocks(mine, board []buyerdesk.Case) []slack.Block {
	now := b.now()
	blocks := []slack.Block{slack.NewHeaderBlock(plain("My queue"))}
	if len(mine) == 0 {
		blocks = append(blocks, slack.NewContextBlock("", md(fmt.Sprintf("Nothing claimed. React :%s: on a case to claim it.",
			reactName(b.cfg.Reactions.Claim)))))
	}
	blocks = b.homeList(blocks, mine, homeMaxMine, now)
	blocks = append(blocks, slack.NewDividerBlock(), slack.NewHeaderBlock(plain("Team board: unclaimed cases")))
	if len(board) == 0 {
		blocks = append(blocks, slack.NewContextBlock("", md("No unclaimed cases. :tada:")))
	}
	return b.homeList(blocks, board, homeMaxBlocks-len(blocks), now)
}

// homeList appends one section per case, at most max of them, and a
// context line counting the rest.
func (b *Bot) homeList(blocks []slack.Block, cases []buyerdesk.Case, max int, now time.Time) []slack.Block {
	n := min(len(cases), max)
	if n < len(cases) && n > 0 {
		n-- // the summary line takes a place of the budget
	}
	for _, c := range cases[:n] {
		blocks = append(blocks, slack.NewSectionBlock(md(homeLine(c, now)), nil, nil))
	}
	if rest := len(cases) - n; rest > 0 {
		blocks = append(blocks, slack.NewContextBlock("", md(fmt.Sprintf("and %d more", rest))))
	}
	return blocks
}

// homeLine is one case in the App Home: a link to its thread, where it
// comes from, its deadline and status; at-risk cases are flagged.
func homeLine(c buyerdesk.Case, now time.Time) string {
	var s strings.Builder
	if caseAtRisk(c, now) {
		s.WriteString(":warning: ")
	}
	s.WriteString("*" + caseLink(c) + "* · " + escape(orDash(mirrorClip(c.Marketplace, cardNameMax))))
	s.WriteString("\nDue " + slackDate(c.Deadline) + " · " + status(c, now))
	return s.String()
}

// caseAtRisk reports whether a waiting case has less than atRisk left
// (breached ones included).
func caseAtRisk(c buyerdesk.Case, now time.Time) bool {
	return c.Waiting() && !c.Deadline.IsZero() && c.Deadline.Sub(now) < atRisk
}

// caseLink links to the case's thread, labelled with its order id.
func caseLink(c buyerdesk.Case) string {
	label := c.OrderID
	if label == "" {
		label = "pre-sale question"
	}
	label = strings.ReplaceAll(escape(mirrorClip(label, cardNameMax)), "|", "¦") // a bar would end the link's label
	if c.Channel == "" || c.ThreadTS == "" {
		return label + " (not in Slack yet)"
	}
	return "<" + permalink(c.Channel, c.ThreadTS) + "|" + label + ">"
}

// permalink is the web link of a message: Slack redirects it into the
// workspace that holds the channel.
func permalink(channel, ts string) string {
	return "https://slack.com/archives/" + channel + "/p" + strings.ReplaceAll(ts, ".", "")
}
