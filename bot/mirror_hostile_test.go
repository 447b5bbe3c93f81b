package bot

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
)

// mirrorOwnFormat is the only markup of ours that may contain '<' in a
// mirrored mail or a card without assignee: dates.
var mirrorOwnFormat = regexp.MustCompile(`<!date\^\d+\^\{date_short_pretty\} \{time\}\|[0-9: -]+UTC>`)

// mirrorCheckSafe asserts that nothing in a message can mention, broadcast
// or link, that no control or bidi override character arrived, and that
// every part is within Slack's limits.
func mirrorCheckSafe(t *testing.T, what string, m fakeslack.Message) {
	t.Helper()
	if n := utf8.RuneCountInString(m.Text); n > 40000 {
		t.Errorf("%s: text of %d characters", what, n)
	}
	for _, s := range mirrorStrings(t, m) {
		rest := mirrorOwnFormat.ReplaceAllString(s, "")
		for _, bad := range []string{"<!", "<@", "<#", "<http", "<mailto", "<"} {
			if strings.Contains(rest, bad) {
				t.Errorf("%s: %q reached Slack in %.80q", what, bad, rest)
			}
		}
		stripped := strings.NewReplacer("&amp;", "", "&lt;", "", "&gt;", "").Replace(rest)
		if strings.Contains(stripped, "&") {
			t.Errorf("%s: a broken entity in %.80q", what, rest)
		}
		for _, r := range s {
			if r != '\n' && r != '\t' && (unicode.IsControl(r) || r == '\u202e' || r == '\u202d' || r == '\u2066') {
				t.Errorf("%s: character %U reached Slack", what, r)
			}
		}
	}
	var blocks []map[string]any
	if err := json.Unmarshal(m.Blocks, &blocks); err != nil && len(m.Blocks) > 0 {
		t.Fatalf("%s: blocks: %v", what, err)
	}
	if len(blocks) > 50 {
		t.Errorf("%s: %d blocks", what, len(blocks))
	}
	for i, b := range blocks {
		if txt, ok := b["text"].(map[string]any); ok && b["type"] == "section" {
			if n := utf8.RuneCountInString(txt["text"].(string)); n > 3000 {
				t.Errorf("%s: block %d has %d characters", what, i, n)
			}
		}
	}
}

func TestMirrorHostileMessages(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		shown      []string // what the reader must still see
		truncated  int      // characters the note must report; 0: no note
	}{
		{"channel", "Hey <!channel> look", []string{"&lt;!channel&gt;"}, 0},
		{"here", "<!here|here> and <!everyone>", []string{"&lt;!here|here&gt;"}, 0},
		{"user", "ask <@U123> or <@U123|boss>", []string{"&lt;@U123&gt;"}, 0},
		{"subteam", "ping <!subteam^S1|@support>", []string{"&lt;!subteam^S1|@support&gt;"}, 0},
		{"channel link", "see <#C999|general>", []string{"&lt;#C999|general&gt;"}, 0},
		{"disguised link", "Log in at <https://evil.example|Amazon> now", []string{"&lt;https://evil.example|Amazon&gt;"}, 0},
		{"entities", "a &lt; b &amp;&amp; c > d", []string{"&amp;lt;", "&gt; d"}, 0},
		{"control", "a\x00b\x07c\x1b[31md\r\ne\u2028f", []string{"abc[31md"}, 0},
		{"rtl override", "order \u202egnp.exe\u202c done", []string{"gnp.exe"}, 0},
		{"40000 characters", strings.Repeat("x", 40000), nil, 10000},
		{"40000 brackets", strings.Repeat("<", 40000), nil, 40000 - 10*750},
		{"long words", strings.Repeat("Wo ist mein Paket? ", 2200), []string{"Wo ist mein Paket?"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Config{BuyerNames: "full"})
			m := sampleMail("hostile@amazon.de", "302-1111111-1111111")
			m.Body = tc.body
			m.BuyerName = "<!channel> Evil\u202e"
			m.Subject = "Re: <@U123> " + tc.body
			m.Attachments = []buyerdesk.Attachment{{Filename: "<https://evil.example|invoice>.pdf", Size: 1_200_000}}
			res := h.mirrorIngest(m)
			c, replies := h.mirrorWait(res.Case.ID, 1)
			parent, _ := h.slack.Message(c.Channel, c.ThreadTS)
			mirrorCheckSafe(t, "card", parent)
			mirrorCheckSafe(t, "reply", replies[0])

			all := mirrorAll(t, replies[0])
			for _, want := range tc.shown {
				if !strings.Contains(all, want) {
					t.Errorf("reply lacks %q", want)
				}
			}
			if !strings.Contains(all, "&lt;https://evil.example|invoice&gt;.pdf (1.2 MB)") {
				t.Errorf("attachment not listed safely:\n%.300s", all)
			}
			note := regexp.MustCompile(`message truncated: (\d+) more characters in the stored mail`).FindStringSubmatch(all)
			switch {
			case tc.truncated == 0 && note != nil:
				t.Errorf("unexpected note %q", note[0])
			case tc.truncated == 1 && note == nil: // some amount cut, exact count depends on word breaks
				t.Error("long message not marked as truncated")
			case tc.truncated > 1 && (note == nil || note[1] != fmt.Sprint(tc.truncated)):
				t.Errorf("note = %v, want %d more characters", note, tc.truncated)
			}
			if n := h.slack.Calls("chat.postMessage"); n != 2 {
				t.Errorf("chat.postMessage called %d times; Slack refused something", n)
			}
		})
	}
}
