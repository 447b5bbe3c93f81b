package fakeslack

import (
	"encoding/json"
	"regexp"
	"strings"
)

// Notification-relevant markup in Slack mrkdwn.
var (
	// angleToken matches Slack's control sequences: <!here>, <@U1|x>, <https://a|b>.
	angleToken = regexp.MustCompile(`<([^<>]*)>`)
	// bareSpecial matches @channel/@here/@everyone, which Slack only turns
	// into pings when the message was sent with link_names or parse=full.
	bareSpecial = regexp.MustCompile(`(?:^|[^\w])@(channel|here|everyone)\b`)
)

// Link is a link as Slack renders it: the target and the label shown.
type Link struct {
	URL   string `json:"url"`
	Label string `json:"label,omitempty"`
}

// Mentions lists what this message would notify as Slack renders it, from
// its text and its mrkdwn blocks: "!channel", "!here", "!everyone",
// "@U123" user mentions and "!subteam^S1" group mentions. Bare
// "@channel"-style words count only when sent with link_names or
// parse=full.
func (m Message) Mentions() []string {
	var out []string
	for _, t := range m.mrkdwnTexts() {
		for _, match := range angleToken.FindAllStringSubmatch(t, -1) {
			target, _, _ := strings.Cut(match[1], "|")
			switch {
			case target == "!channel", target == "!here", target == "!everyone":
				out = append(out, target)
			case strings.HasPrefix(target, "!subteam^"), strings.HasPrefix(target, "@U"), strings.HasPrefix(target, "@W"):
				out = append(out, target)
			}
		}
		if m.LinkNames {
			for _, match := range bareSpecial.FindAllStringSubmatch(t, -1) {
				out = append(out, "!"+match[1])
			}
		}
	}
	return out
}

// Links lists the links Slack would render in the text and mrkdwn blocks,
// with their labels (a label that differs from the URL disguises it).
func (m Message) Links() []Link {
	var out []Link
	for _, t := range m.mrkdwnTexts() {
		for _, match := range angleToken.FindAllStringSubmatch(t, -1) {
			target, label, _ := strings.Cut(match[1], "|")
			if strings.HasPrefix(target, "http://") || strings.HasPrefix(target, "https://") || strings.HasPrefix(target, "mailto:") {
				out = append(out, Link{URL: target, Label: label})
			}
		}
	}
	return out
}

// mrkdwnTexts returns the top-level text and every mrkdwn text object in
// the blocks; plain_text is never parsed for mentions by Slack.
func (m Message) mrkdwnTexts() []string {
	out := []string{m.Text}
	var blocks any
	if json.Unmarshal(m.Blocks, &blocks) == nil {
		walkMrkdwn(blocks, &out)
	}
	return out
}

func walkMrkdwn(v any, out *[]string) {
	switch x := v.(type) {
	case map[string]any:
		if x["type"] == "mrkdwn" {
			if t, ok := x["text"].(string); ok {
				*out = append(*out, t)
			}
		}
		for _, c := range x {
			walkMrkdwn(c, out)
		}
	case []any:
		for _, c := range x {
			walkMrkdwn(c, out)
		}
	}
}
