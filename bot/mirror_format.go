package bot

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/buyerdesk/buyerdesk"
)

// Limits of a mirrored mail in the thread. Section text may hold 3,000
// characters; chunk counts bytes, which are never fewer.
const (
	mirrorSectionMax  = 3000 // bytes of one body section
	mirrorMaxParts    = 10   // body sections of one thread reply
	mirrorSubjectMax  = 200  // characters of a subject shown
	mirrorReasonMax   = 300  // characters of a bounce reason shown
	mirrorFallbackMax = 200  // characters of the notification text's excerpt
	mirrorNameMax     = 80   // characters of an attachment name shown
	mirrorFilesMax    = 20   // attachments listed by name
	mirrorFilesBytes  = 2500 // bytes of the attachment list
)

// mirrorReply renders a stored mail as a thread reply: a header (what it is,
// when it was sent, its subject), the text in verbatim sections, a note when
// it was cut, and the attachments. Everything the mail brings is escaped,
// so no mention, broadcast or disguised link reaches Slack.
func mirrorReply(m buyerdesk.Mail) (fallback string, blocks []slack.Block) {
	head, label := mirrorHead(m)
	if !m.SentAt.IsZero() {
		head += " · " + slackDate(m.SentAt)
	}
	if s := strings.TrimSpace(mirrorClip(m.Subject, mirrorSubjectMax)); s != "" {
		head += "\n*Subject:* " + escape(s)
	}
	blocks = append(blocks, slack.NewSectionBlock(md(head), nil, nil))

	body := strings.TrimSpace(escape(m.Body))
	parts, truncated := chunk(body, mirrorSectionMax, mirrorMaxParts)
	for _, p := range parts {
		blocks = append(blocks, slack.NewSectionBlock(verbatim(p), nil, nil))
	}
	if truncated {
		rest := mirrorChars(body) - mirrorChars(strings.Join(parts, ""))
		blocks = append(blocks, slack.NewContextBlock("", md(fmt.Sprintf(
			"_(message truncated: %d more characters in the stored mail)_", max(rest, 1)))))
	}
	if files := mirrorFiles(m.Attachments); files != "" {
		blocks = append(blocks, slack.NewSectionBlock(md(files), nil, nil))
	}

	fallback = label
	if excerpt := strings.TrimSpace(escape(mirrorClip(m.Body, mirrorFallbackMax))); excerpt != "" {
		fallback += ": " + excerpt
	}
	return fallback, blocks
}

// mirrorHead is the first line of a mirrored mail by kind, and the plain
// label for notifications.
func mirrorHead(m buyerdesk.Mail) (head, label string) {
	switch m.Kind {
	case buyerdesk.KindSellerCopy:
		return ":outbox_tray: *Answered in Seller Central* — the reply clock stopped", "Answered in Seller Central"
	case buyerdesk.KindDeliveryFailure:
		reason := m.Reason
		if strings.TrimSpace(reason) == "" {
			reason = m.Subject
		}
		if reason = strings.TrimSpace(mirrorClip(reason, mirrorReasonMax)); reason == "" {
			reason = "the mail server gave no reason"
		}
		return ":x: *Our reply could not be delivered:* " + escape(reason) + "\nThe case is open again.",
			"Our reply could not be delivered"
	case buyerdesk.KindClaim:
		return ":warning: *A-to-z Guarantee claim filed* — respond in Seller Central", "A-to-z Guarantee claim filed"
	}
	return ":envelope_with_arrow: *Buyer message*", "Buyer message"
}

// mirrorFiles lists attachments by name and size, one a line.
func mirrorFiles(files []buyerdesk.Attachment) string {
	var b strings.Builder
	for i, f := range files {
		name := strings.TrimSpace(mirrorClip(f.Filename, mirrorNameMax))
		if name == "" {
			name = "unnamed attachment"
		}
		line := ":paperclip: " + escape(name)
		if f.Size > 0 {
			line += " (" + mirrorSize(f.Size) + ")"
		}
		if i == mirrorFilesMax || b.Len()+len(line)+1 > mirrorFilesBytes {
			fmt.Fprintf(&b, "… and %d more attachments", len(files)-i)
			break
		}
		b.WriteString(line + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// mirrorSize renders a byte count the way file managers do: 1.2 MB.
func mirrorSize(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	case n < 1000*1000*1000:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%.1f GB", float64(n)/1e9)
}

// mirrorClip cuts s to at most n characters.
func mirrorClip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// mirrorChars counts the characters escaped text stood for: every & in it
// begins one of the entities escape writes.
func mirrorChars(escaped string) int {
	return utf8.RuneCountInString(escaped) - 4*strings.Count(escaped, "&amp;") -
		3*strings.Count(escaped, "&lt;") - 3*strings.Count(escaped, "&gt;")
}

// verbatim is mrkdwn Slack shows as written: no automatic links, channel
// names or mentions.
func verbatim(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, true)
}
