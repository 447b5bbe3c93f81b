package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// escape makes untrusted text (a buyer's words, a subject) safe for Slack's
// mrkdwn: &, < and > are escaped, so no buyer can ping @channel, mention a
// user or group, or disguise a link; control characters other than newline
// and tab are removed.
func escape(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r == utf8.RuneError, unicode.IsControl(r), r == '\u2028', r == '\u2029',
			unicode.Is(unicode.Cf, r) && r != '\u200d': // keep ZWJ so emoji sequences stay whole
			// dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// chunk splits escaped text into pieces of at most max bytes, preferring
// line breaks, then spaces, and never splitting a rune or an escape entity.
// At most limit pieces are returned; when text is cut, truncated is true.
func chunk(s string, max, limit int) (parts []string, truncated bool) {
	for len(s) > 0 {
		if len(parts) == limit {
			return parts, true
		}
		if len(s) <= max {
			parts = append(parts, s)
			break
		}
		cut := cutPoint(s, max)
		parts = append(parts, strings.TrimRight(s[:cut], " \n"))
		s = strings.TrimLeft(s[cut:], " \n")
	}
	return parts, false
}

func cutPoint(s string, max int) int {
	window := s[:max]
	if i := strings.LastIndexByte(window, '\n'); i > max/2 {
		return i + 1
	}
	if i := strings.LastIndexByte(window, ' '); i > max/2 {
		return i + 1
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if amp := strings.LastIndexByte(s[:cut], '&'); amp >= 0 && amp > cut-6 && !strings.Contains(s[amp:cut], ";") {
		cut = amp // do not split &amp; &lt; &gt;
	}
	return cut
}
