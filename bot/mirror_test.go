package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/slack-go/slack"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
	"github.com/buyerdesk/buyerdesk/internal/store"
)

// mirrorIngest stores a mail and tells the bot, as the ingest pipeline does.
func (h *harness) mirrorIngest(m buyerdesk.Mail) store.IngestResult {
	h.t.Helper()
	res := h.ingest(m)
	h.bot.Changed(h.ctx, []store.IngestResult{res})
	return res
}

// mirrorWait waits until the case's thread holds n replies and returns the
// case and the replies.
func (h *harness) mirrorWait(id buyerdesk.CaseID, n int) (buyerdesk.Case, []fakeslack.Message) {
	h.t.Helper()
	var c buyerdesk.Case
	var thread []fakeslack.Message
	h.eventually(fmt.Sprintf("%d replies in the thread of %s", n, id), func() bool {
		c = h.caseNow(id)
		if c.ThreadTS == "" {
			return false
		}
		thread = h.slack.Thread(c.Channel, c.ThreadTS)
		return len(thread) == n+1 && h.count(id, buyerdesk.EventPosted) == n
	})
	return c, thread[1:]
}

// mirrorStrings returns every string in a message: its text and all strings
// inside its blocks.
func mirrorStrings(t *testing.T, m fakeslack.Message) []string {
	t.Helper()
	out := []string{m.Text}
	if len(m.Blocks) == 0 {
		return out
	}
	var v any
	if err := json.Unmarshal(m.Blocks, &v); err != nil {
		t.Fatalf("blocks: %v", err)
	}
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			out = append(out, x)
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}

// mirrorAll joins mirrorStrings.
func mirrorAll(t *testing.T, m fakeslack.Message) string {
	return strings.Join(mirrorStrings(t, m), "\n")
}

func TestMirrorNewCase(t *testing.T) {
	for _, tc := range []struct {
		names, want, hidden string
	}{
		{"first", "Erika", "Mustermann"},
		{"masked", "E***", "Erika"},
	} {
		t.Run(tc.names, func(t *testing.T) {
			h := newHarness(t, Config{BuyerNames: tc.names})
			res := h.mirrorIngest(sampleMail("m1@amazon.de", "302-1234567-1234567"))
			c, replies := h.mirrorWait(res.Case.ID, 1)

			top := h.slack.Messages(chanSupport)
			if len(top) != 1 || top[0].TS != c.ThreadTS || c.Channel != chanSupport {
				t.Fatalf("want one parent %s in %s, got %+v", c.ThreadTS, chanSupport, top)
			}
			parent := top[0]
			if parent.Metadata == nil || parent.Metadata.EventType != "buyerdesk_case" ||
				!strings.Contains(string(parent.Metadata.EventPayload), `"case_id":"`+string(c.ID)+`"`) {
				t.Errorf("parent metadata = %+v", parent.Metadata)
			}
			if parent.UnfurlLinks || parent.UnfurlMedia || replies[0].UnfurlLinks {
				t.Error("unfurling is on")
			}
			card := mirrorAll(t, parent)
			date := fmt.Sprintf("<!date^%d^", c.Deadline.Unix())
			for _, want := range []string{"302-1234567-1234567", "amazon.de", tc.want, date, "unclaimed"} {
				if !strings.Contains(card, want) {
					t.Errorf("card lacks %q:\n%s", want, card)
				}
			}
			if strings.Contains(card, tc.hidden) {
				t.Errorf("card shows %q with BuyerNames=%s", tc.hidden, tc.names)
			}
			if got := mirrorAll(t, replies[0]); !strings.Contains(got, "Wo ist mein Paket?") ||
				!strings.Contains(got, "Frage zu Bestellung") {
				t.Errorf("first reply is not the buyer's message:\n%s", got)
			}
			if h.count(c.ID, buyerdesk.EventMirrorIntent) != 1 || h.count(c.ID, buyerdesk.EventMirrored) != 1 {
				t.Errorf("events: %+v", h.events(c.ID))
			}
			if n := h.slack.Calls("chat.update"); n != 0 {
				t.Errorf("a fresh card was updated %d times", n)
			}
		})
	}
}

func TestMirrorFollowUpSameThread(t *testing.T) {
	h := newHarness(t, Config{})
	first := sampleMail("m1@amazon.de", "302-1234567-1234567")
	res := h.mirrorIngest(first)
	c, _ := h.mirrorWait(res.Case.ID, 1)

	follow := first
	follow.MessageID, follow.Body = "m2@amazon.de", "Hallo? Noch keine Antwort."
	if r := h.mirrorIngest(follow); r.Case.ID != c.ID || r.NewCase {
		t.Fatalf("follow-up opened another case: %+v", r)
	}
	_, replies := h.mirrorWait(c.ID, 2)
	if !strings.Contains(mirrorAll(t, replies[1]), "Noch keine Antwort") {
		t.Errorf("second reply = %q", replies[1].Text)
	}
	h.eventually("card updated in place", func() bool {
		m, _ := h.slack.Message(chanSupport, c.ThreadTS)
		return m.Edited && strings.Contains(mirrorAll(t, m), "2 (1 follow-up)")
	})
	if top := h.slack.Messages(chanSupport); len(top) != 1 {
		t.Fatalf("parent re-posted: %d top-level messages", len(top))
	}

	// Mirror is idempotent, even run twice at once.
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			if err := h.bot.Mirror(h.ctx, c.ID); err != nil {
				t.Errorf("mirror: %v", err)
			}
		})
	}
	wg.Wait()
	if top, th := h.slack.Messages(chanSupport), h.slack.Thread(chanSupport, c.ThreadTS); len(top) != 1 || len(th) != 3 {
		t.Errorf("after re-running: %d parents, %d thread messages", len(top), len(th))
	}

	// A new order from the same buyer is a new case with its own thread.
	other := sampleMail("m3@amazon.de", "302-7654321-7654321")
	r := h.mirrorIngest(other)
	oc, _ := h.mirrorWait(r.Case.ID, 1)
	if oc.ID == c.ID || oc.ThreadTS == c.ThreadTS || len(h.slack.Messages(chanSupport)) != 2 {
		t.Errorf("new case reused the old thread: %s vs %s", oc.ThreadTS, c.ThreadTS)
	}
}

func TestMirrorConcurrentFirstRun(t *testing.T) {
	h := newHarness(t, Config{})
	res := h.ingest(sampleMail("m1@amazon.de", "302-1234567-1234567")) // not announced
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if err := h.bot.Mirror(h.ctx, res.Case.ID); err != nil {
				t.Errorf("mirror: %v", err)
			}
		})
	}
	wg.Wait()
	c := h.caseNow(res.Case.ID)
	if top, th := h.slack.Messages(chanSupport), h.slack.Thread(chanSupport, c.ThreadTS); len(top) != 1 || len(th) != 2 {
		t.Fatalf("%d parents, %d thread messages; want 1 and 2", len(top), len(th))
	}
	if h.slack.Calls("chat.postMessage") != 2 {
		t.Errorf("chat.postMessage called %d times", h.slack.Calls("chat.postMessage"))
	}
}

func TestMirrorCrashBetweenPostAndRecord(t *testing.T) {
	h := newHarness(t, Config{})
	res := h.ingest(sampleMail("m1@amazon.de", "302-1234567-1234567"))
	id := res.Case.ID
	if _, _, err := h.store.Append(h.ctx, id, buyerdesk.Event{Type: buyerdesk.EventMirrorIntent, Key: "mirror/intent",
		At: h.clock(), Actor: buyerdesk.SystemActor, Data: map[string]string{"channel": chanSupport}}); err != nil {
		t.Fatal(err)
	}
	post := func(caseID string) string {
		t.Helper()
		_, ts, err := h.api.PostMessage(chanSupport, slack.MsgOptionText("Buyer message", false),
			slack.MsgOptionMetadata(slack.SlackMetadata{EventType: "buyerdesk_case", EventPayload: map[string]any{"case_id": caseID}}))
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	// The process posted the parent, then died before recording it; other
	// traffic followed, including another case's parent.
	ts := post(string(id))
	post("other-case")
	for i := range 250 {
		if _, _, err := h.api.PostMessage(chanSupport, slack.MsgOptionText(fmt.Sprintf("chatter %d", i), false)); err != nil {
			t.Fatal(err)
		}
	}
	posts := h.slack.Calls("chat.postMessage")

	if err := h.bot.Mirror(h.ctx, id); err != nil {
		t.Fatal(err)
	}
	c := h.caseNow(id)
	if c.ThreadTS != ts || c.Channel != chanSupport {
		t.Fatalf("mirrored as %s/%s, want the existing parent %s", c.Channel, c.ThreadTS, ts)
	}
	if got := h.slack.Calls("chat.postMessage") - posts; got != 1 {
		t.Errorf("%d posts after restart, want only the thread reply", got)
	}
	if th := h.slack.Thread(chanSupport, ts); len(th) != 2 || !strings.Contains(mirrorAll(t, th[1]), "Wo ist mein Paket?") {
		t.Errorf("thread = %+v", th)
	}
	if h.slack.Calls("conversations.history") < 3 {
		t.Errorf("history not paged: %d calls", h.slack.Calls("conversations.history"))
	}
	if h.slack.Calls("chat.update") != 1 {
		t.Errorf("found parent not refreshed: %d updates", h.slack.Calls("chat.update"))
	}
}

func TestMirrorIntentWithoutPost(t *testing.T) {
	h := newHarness(t, Config{})
	res := h.ingest(sampleMail("m1@amazon.de", "302-1234567-1234567"))
	if _, _, err := h.store.Append(h.ctx, res.Case.ID, buyerdesk.Event{Type: buyerdesk.EventMirrorIntent, Key: "mirror/intent",
		At: h.clock(), Actor: buyerdesk.SystemActor, Data: map[string]string{"channel": chanSupport}}); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := h.bot.Mirror(h.ctx, res.Case.ID); err != nil {
			t.Fatal(err)
		}
	}
	c := h.caseNow(res.Case.ID)
	if top := h.slack.Messages(chanSupport); len(top) != 1 || top[0].TS != c.ThreadTS {
		t.Fatalf("want one parent, got %d", len(top))
	}
	if h.count(c.ID, buyerdesk.EventMirrorIntent) != 1 || h.count(c.ID, buyerdesk.EventMirrored) != 1 {
		t.Errorf("events: %+v", h.events(c.ID))
	}
}

func TestMirrorRetriesAfterSlackError(t *testing.T) {
	h := newHarness(t, Config{})
	h.slack.FailNext("chat.postMessage", 1, 500)
	res := h.mirrorIngest(sampleMail("m1@amazon.de", "302-1234567-1234567"))
	c, _ := h.mirrorWait(res.Case.ID, 1)
	if top := h.slack.Messages(chanSupport); len(top) != 1 || top[0].TS != c.ThreadTS {
		t.Fatalf("want one parent after the retry, got %d", len(top))
	}
}

func TestMirrorRetryRefreshesCard(t *testing.T) {
	h := newHarness(t, Config{})
	first := sampleMail("m1@amazon.de", "302-1234567-1234567")
	res := h.mirrorIngest(first)
	c, _ := h.mirrorWait(res.Case.ID, 1)

	h.slack.FailNext("chat.update", 1, 500)
	follow := first
	follow.MessageID, follow.Body = "m2@amazon.de", "Hallo?"
	h.mirrorIngest(follow)
	h.mirrorWait(c.ID, 2)
	h.eventually("card updated by the retry", func() bool {
		m, _ := h.slack.Message(chanSupport, c.ThreadTS)
		return m.Edited && strings.Contains(mirrorAll(t, m), "2 (1 follow-up)")
	})
	if n := h.slack.Calls("chat.update"); n != 2 {
		t.Errorf("chat.update called %d times, want the failed one and the retry", n)
	}
	if th := h.slack.Thread(chanSupport, c.ThreadTS); len(th) != 3 {
		t.Errorf("retry re-posted: %d thread messages", len(th))
	}
}
