package bot

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/buyerdesk/buyerdesk"
)

// Harness helpers of the reaction, command and App Home tests.

// reactOpen ingests a buyer mail and mirrors its case into Slack, so the
// reactions and commands have a thread to work on.
func reactOpen(h *harness, m buyerdesk.Mail) buyerdesk.Case {
	h.t.Helper()
	res := h.ingest(m)
	if err := h.bot.Mirror(h.ctx, res.Case.ID); err != nil {
		h.t.Fatalf("mirror: %v", err)
	}
	c := h.caseNow(res.Case.ID)
	if c.Channel != chanSupport || c.ThreadTS == "" {
		h.t.Fatalf("case not mirrored to the support channel: %+v", c)
	}
	return c
}

// react adds (or removes) a reaction as user on the case's parent.
func (h *harness) react(user string, c buyerdesk.Case, name string, added bool) {
	h.t.Helper()
	act := h.slack.React
	if !added {
		act = h.slack.Unreact
	}
	if _, err := act(h.ctx, user, c.Channel, c.ThreadTS, name); err != nil {
		h.t.Fatalf("reaction %s by %s: %v", name, user, err)
	}
}

// threadText is the case's thread replies (without the parent), joined.
func (h *harness) threadText(c buyerdesk.Case) string {
	var s []string
	for _, m := range h.slack.Thread(c.Channel, c.ThreadTS) {
		if m.TS != c.ThreadTS {
			s = append(s, m.Text)
		}
	}
	return strings.Join(s, "\n")
}

// cardJSON is the text of the parent message's blocks as Slack holds them.
func (h *harness) cardJSON(c buyerdesk.Case) string {
	m, ok := h.slack.Message(c.Channel, c.ThreadTS)
	if !ok {
		h.t.Fatalf("parent %s not in Slack", c.ThreadTS)
	}
	return blockText(h.t, m.Blocks)
}

// blockText collects every string of a blocks payload, one a line.
func blockText(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("blocks: %v", err)
	}
	var out []string
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
			for _, k := range slices.Sorted(maps.Keys(x)) {
				walk(x[k])
			}
		}
	}
	walk(v)
	return strings.Join(out, "\n")
}

// told reports whether user was privately told something containing s.
func (h *harness) told(user, s string) bool {
	for _, e := range h.slack.Ephemerals(user) {
		if strings.Contains(e.Text, s) {
			return true
		}
	}
	return false
}

// noted reports whether a thread note with a key starting with prefix was
// recorded as posted.
func (h *harness) noted(id buyerdesk.CaseID, prefix string) bool {
	for _, e := range h.eventsOf(id, buyerdesk.EventPosted) {
		if strings.HasPrefix(e.Key, prefix) {
			return true
		}
	}
	return false
}

func (h *harness) eventsOf(id buyerdesk.CaseID, typ buyerdesk.EventType) []buyerdesk.Event {
	var out []buyerdesk.Event
	for _, e := range h.events(id) {
		if e.Type == typ {
			out = append(out, e)
		}
	}
	return out
}

// reactionPayload is an Events API callback for a reaction, as Slack sends it.
func reactionPayload(eventID, kind, user, name string, c buyerdesk.Case, onTS string) json.RawMessage {
	return json.RawMessage(fmt.Sprintf(`{"token":"t","team_id":"T0FAKE","api_app_id":"A0FAKE","type":"event_callback",
		"event_id":%q,"event_time":1764000000,"event":{"type":%q,"user":%q,"reaction":%q,"item_user":"UBOT",
		"item":{"type":"message","channel":%q,"ts":%q},"event_ts":"1764000000.000100"}}`,
		eventID, kind, user, name, c.Channel, onTS))
}
