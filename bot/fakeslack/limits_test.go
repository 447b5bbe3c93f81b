package fakeslack_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
	"github.com/slack-go/slack"
)

func txt(kind, s string) map[string]any { return map[string]any{"type": kind, "text": s} }

func section(s string) map[string]any {
	return map[string]any{"type": "section", "text": txt("mrkdwn", s)}
}

func button(id, label, value string) map[string]any {
	return map[string]any{"type": "button", "action_id": id, "text": txt("plain_text", label), "value": value}
}

func options(n int, label string) []any {
	var out []any
	for i := 0; i < n; i++ {
		out = append(out, map[string]any{"text": txt("plain_text", label), "value": fmt.Sprint(i)})
	}
	return out
}

func repeatBlocks(n int, b map[string]any) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = b
	}
	return out
}

func TestBlockKitLimits(t *testing.T) {
	srv, _ := setup(t, fakeslack.Options{})
	long := func(n int) string { return strings.Repeat("x", n) }
	tests := []struct {
		name    string
		blocks  []any
		pointer string // "" means valid
	}{
		{"50 blocks", repeatBlocks(50, section("a")), ""},
		{"51 blocks", repeatBlocks(51, section("a")), "/blocks"},
		{"section text 3000", []any{section(long(3000))}, ""},
		{"section text 3001", []any{section(long(3001))}, "/blocks/0/text/text"},
		{"header 151", []any{map[string]any{"type": "header", "text": txt("plain_text", long(151))}}, "/blocks/0/text/text"},
		{"button text 76", []any{map[string]any{"type": "actions", "elements": []any{button("a", long(76), "v")}}}, "/blocks/0/elements/0/text/text"},
		{"button value 2001", []any{map[string]any{"type": "actions", "elements": []any{button("a", "ok", long(2001))}}}, "/blocks/0/elements/0/value"},
		{"action_id 256", []any{map[string]any{"type": "actions", "elements": []any{button(long(256), "ok", "v")}}}, "/blocks/0/elements/0/action_id"},
		{"block_id 256", []any{map[string]any{"type": "divider", "block_id": long(256)}}, "/blocks/0/block_id"},
		{"26 action elements", []any{map[string]any{"type": "actions", "elements": repeatBlocks(26, button("a", "ok", "v"))}}, "/blocks/0/elements"},
		{"11 context elements", []any{map[string]any{"type": "context", "elements": repeatBlocks(11, txt("mrkdwn", "a"))}}, "/blocks/0/elements"},
		{"101 select options", []any{map[string]any{"type": "section", "text": txt("mrkdwn", "pick"),
			"accessory": map[string]any{"type": "static_select", "action_id": "t", "options": options(101, "o")}}}, "/blocks/0/accessory/options"},
		{"option text 76", []any{map[string]any{"type": "actions", "elements": []any{
			map[string]any{"type": "static_select", "action_id": "t", "options": options(1, long(76))}}}}, "/blocks/0/elements/0/options/0/text/text"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, _ := json.Marshal(tc.blocks)
			got := call(t, srv, "chat.postMessage", url.Values{"channel": {"C1"}, "text": {"t"}, "blocks": {string(b)}})
			if tc.pointer == "" {
				if got["ok"] != true {
					t.Fatalf("valid payload refused: %v", got)
				}
				return
			}
			if got["error"] != "invalid_blocks" {
				t.Fatalf("got %v", got)
			}
			msgs := fmt.Sprint(got["response_metadata"])
			if !strings.Contains(msgs, "[json-pointer:"+tc.pointer+"]") {
				t.Errorf("messages %s do not name %s", msgs, tc.pointer)
			}
		})
	}
}

func TestViewBlockLimitAndSlackGoError(t *testing.T) {
	srv, api := setup(t, fakeslack.Options{})
	ctx := ctxT(t)
	var blocks []slack.Block
	for i := 0; i < 51; i++ {
		blocks = append(blocks, slack.NewDividerBlock())
	}
	_, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionBlocks(blocks...))
	if err == nil || err.Error() != "invalid_blocks" {
		t.Errorf("51 blocks in a message: %v", err)
	}
	home := func(n int) slack.HomeTabViewRequest {
		var bs []slack.Block
		for i := 0; i < n; i++ {
			bs = append(bs, slack.NewDividerBlock())
		}
		return slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: bs}}
	}
	if _, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U1", View: home(100)}); err != nil {
		t.Errorf("100 blocks in a view: %v", err)
	}
	if _, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U1", View: home(101)}); err == nil || err.Error() != "invalid_blocks" {
		t.Errorf("101 blocks in a view: %v", err)
	}
	_ = srv
}

func TestBlockKitSchema(t *testing.T) {
	srv, _ := setup(t, fakeslack.Options{BlockKitSchema: "../../../shared/slack/block-kit.schema.json"})
	valid, _ := json.Marshal([]any{section("hello"), map[string]any{"type": "divider"}})
	if got := call(t, srv, "chat.postMessage", url.Values{"channel": {"C1"}, "blocks": {string(valid)}}); got["ok"] != true {
		t.Fatalf("valid blocks refused: %v", got)
	}
	bad, _ := json.Marshal([]any{map[string]any{"type": "section", "text": map[string]any{"type": "rich", "text": "x"}}})
	got := call(t, srv, "chat.postMessage", url.Values{"channel": {"C1"}, "blocks": {string(bad)}})
	if got["error"] != "invalid_blocks" || !strings.Contains(fmt.Sprint(got["response_metadata"]), "json-pointer:/blocks/0") {
		t.Errorf("schema violation: %v", got)
	}
}

func TestValidator(t *testing.T) {
	v, err := fakeslack.NewValidator("../../../shared/slack/block-kit.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	ok, _ := json.Marshal([]any{section("fine")})
	tooLong, _ := json.Marshal([]any{section(strings.Repeat("x", 3001))})
	badType, _ := json.Marshal([]any{map[string]any{"type": "sektion"}})
	fifty, _ := json.Marshal(repeatBlocks(51, map[string]any{"type": "divider"}))
	tests := []struct {
		name   string
		check  func(json.RawMessage) []string
		blocks []byte
		want   string // substring of the first problem; "" = valid
	}{
		{"valid message", v.Message, ok, ""},
		{"section too long", v.Message, tooLong, "[json-pointer:/blocks/0/text/text]"},
		{"unknown block type", v.Message, badType, "/blocks/0"},
		{"51 blocks in a message", v.Message, fifty, "no more than 50 items"},
		{"51 blocks in a view", v.View, fifty, ""},
		{"not an array", v.Message, []byte(`{"type":"divider"}`), "JSON array"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.check(tc.blocks)
			if tc.want == "" {
				if len(got) != 0 {
					t.Errorf("problems = %q", got)
				}
				return
			}
			if len(got) == 0 || !strings.Contains(got[0], tc.want) {
				t.Errorf("problems = %q, want %q", got, tc.want)
			}
		})
	}
}
