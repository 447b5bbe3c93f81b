package bot

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/buyerdesk/buyerdesk"
)

// home opens user's App Home and returns the text of the published view.
func (h *harness) home(user string) string {
	h.t.Helper()
	before, _ := h.slack.Home(user)
	if _, err := h.slack.OpenHome(h.ctx, user); err != nil {
		h.t.Fatalf("open home: %v", err)
	}
	h.eventually("home of "+user, func() bool {
		v, ok := h.slack.Home(user)
		return ok && v.Hash != before.Hash
	})
	v, _ := h.slack.Home(user)
	if v.Type != "home" {
		h.t.Fatalf("view type = %q, want home", v.Type)
	}
	return blockText(h.t, v.Blocks)
}

func TestHomeTwoViewers(t *testing.T) {
	h := newHarness(t, Config{})
	now := h.clock()
	a := h.claimed(userAna, "m1@amazon.de", "302-0000001-0000001")
	b := h.claimed(userBen, "m2@amazon.de", "302-0000002-0000002")
	risky := sampleMail("m3@amazon.de", "302-0000003-0000003")
	risky.SentAt = now.Add(-21 * time.Hour) // 3h left
	r := reactOpen(h, risky)
	fresh := reactOpen(h, sampleMail("m4@amazon.de", "302-0000004-0000004"))
	done := reactOpen(h, sampleMail("m5@amazon.de", "302-0000005-0000005"))
	h.react(userAna, done, "no_entry_sign", true)
	h.eventually("no response needed", func() bool { return h.caseNow(done.ID).State == buyerdesk.StateNoResponseNeeded })

	link := func(c buyerdesk.Case) string { return "<" + permalink(c.Channel, c.ThreadTS) + "|" + c.OrderID + ">" }
	ana := h.home(userAna)
	queue, board, ok := strings.Cut(ana, "Team board")
	if !ok || !strings.Contains(queue, "My queue") {
		t.Fatalf("Ana's home lacks its sections:\n%s", ana)
	}
	if !strings.Contains(queue, link(a)) || !strings.Contains(queue, slackDate(a.Deadline)) || strings.Contains(ana, b.OrderID) {
		t.Errorf("Ana's queue should hold her case with its deadline and not Ben's:\n%s", queue)
	}
	ri, fi := strings.Index(board, ":warning: *"+link(r)), strings.Index(board, "*"+link(fresh))
	if ri < 0 || fi < 0 || fi < ri || strings.Contains(board, ":warning: *"+link(fresh)) {
		t.Errorf("board should list the at-risk case first and flagged, then the fresh one:\n%s", board)
	}
	if strings.Contains(ana, done.OrderID) {
		t.Errorf("a case needing no response is on the board:\n%s", ana)
	}

	ben := h.home(userBen)
	queue, _, _ = strings.Cut(ben, "Team board")
	if !strings.Contains(queue, link(b)) || strings.Contains(ben, a.OrderID) {
		t.Errorf("Ben's queue should hold only his case:\n%s", queue)
	}

	// Claiming from the board moves the case to the claimer's queue.
	h.react(userBen, fresh, "eyes", true)
	h.eventually("claim", func() bool { return h.caseNow(fresh.ID).Assignee == userBen })
	queue, board, _ = strings.Cut(h.home(userBen), "Team board")
	if !strings.Contains(queue, link(fresh)) || strings.Contains(board, link(fresh)) {
		t.Errorf("claimed case not moved to Ben's queue:\nqueue %s\nboard %s", queue, board)
	}
}

func TestHomeEmpty(t *testing.T) {
	h := newHarness(t, Config{})
	got := h.home(userOutsider)
	for _, want := range []string{"Nothing claimed", "No unclaimed cases"} {
		if !strings.Contains(got, want) {
			t.Errorf("empty home = %q, want %q", got, want)
		}
	}
}

// homeTestCases makes n open cases held by assignee ("" for the board),
// due a minute apart from now.
func homeTestCases(n int, assignee string, now time.Time) []buyerdesk.Case {
	var cs []buyerdesk.Case
	for i := range n {
		cs = append(cs, buyerdesk.Case{
			ID: buyerdesk.CaseID(fmt.Sprintf("%s-%d", assignee, i)), OrderID: fmt.Sprintf("302-%07d-0000000", i),
			Marketplace: "amazon.de", State: buyerdesk.StateOpen, Assignee: assignee, Channel: chanSupport,
			ThreadTS: fmt.Sprintf("1764000000.%06d", i), WaitingSince: now, Deadline: now.Add(time.Duration(i) * time.Minute),
		})
	}
	return cs
}

// homeBlockKit builds a Home view for the Block Kit table; mod may make
// its cases hostile.
func homeBlockKit(mine, board int, mod func(*buyerdesk.Case)) func(b *Bot) (string, []slack.Block) {
	return func(b *Bot) (string, []slack.Block) {
		m, bd := homeTestCases(mine, userAna, blockKitNow), homeTestCases(board, "", blockKitNow)
		if mod != nil {
			for i := range m {
				mod(&m[i])
			}
			for i := range bd {
				mod(&bd[i])
			}
		}
		return "", b.homeBlocks(m, bd)
	}
}

func TestHomeBlockLimit(t *testing.T) {
	h := newHarness(t, Config{})
	now := h.clock()
	mk := func(n int, assignee string) []buyerdesk.Case { return homeTestCases(n, assignee, now) }
	tests := []struct {
		name              string
		mine, board       int
		wantMine, wantAll string
	}{
		{"fits", 3, 20, "", ""},
		{"long queue", 60, 20, "and 21 more", ""},
		{"long board", 3, 300, "", "and 207 more"},
		{"both long", 60, 300, "and 21 more", "and 244 more"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blocks := h.bot.homeBlocks(mk(tt.mine, userAna), mk(tt.board, ""))
			if len(blocks) > homeMaxBlocks {
				t.Fatalf("%d blocks, Slack allows %d", len(blocks), homeMaxBlocks)
			}
			raw, err := (slack.Blocks{BlockSet: blocks}).MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			text := blockText(t, raw)
			queue, board, _ := strings.Cut(text, "Team board")
			if tt.wantMine == "" && tt.wantAll == "" && strings.Contains(text, " more") {
				t.Errorf("summary line although everything fits:\n%s", text)
			}
			if tt.wantMine != "" && !strings.Contains(queue, tt.wantMine) {
				t.Errorf("queue lacks %q", tt.wantMine)
			}
			if tt.wantAll != "" && !strings.Contains(board, tt.wantAll) {
				t.Errorf("board lacks %q", tt.wantAll)
			}
			// Slack (the fake checks the schema and the limits) accepts it.
			_, err = h.api.PublishViewContext(h.ctx, slack.PublishViewContextRequest{UserID: userAna,
				View: slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}})
			if err != nil {
				t.Fatalf("views.publish: %v", err)
			}
		})
	}
}
