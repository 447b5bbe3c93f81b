package outbox

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// cleanText makes untrusted text safe for a header: every control, line
// or paragraph separator and format character (CR, LF, NUL, U+0085, U+2028,
// U+2029, bidi controls, …) becomes a space, runs of white space collapse
// to one and invalid UTF-8 is dropped.
func cleanText(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.In(r, unicode.Zl, unicode.Zp, unicode.Cf) || unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// hasControl reports whether s holds anything cleanText would change
// other than plain spaces.
func hasControl(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || (r != ' ' && (unicode.IsControl(r) || unicode.In(r, unicode.Zl, unicode.Zp, unicode.Cf) || unicode.IsSpace(r))) {
			return true
		}
	}
	return false
}

// replyPrefix matches one reply or forward marker at the start of a
// subject: Re:, RE:, AW:, Aw:, WG:, Antw:, SV:, also "Re[2]:" and "Re :".
var replyPrefix = regexp.MustCompile(`(?i)^\s*(re|aw|wg|antw|sv|vs|fwd?)\s*(\[\d+\]|\(\d+\))?\s*[:：]\s*`)

// maxSubjectRunes bounds the subject so no header line gets near the
// 998-octet limit.
const maxSubjectRunes = 200

// replySubject is "Re: " and the original subject without its stacked
// reply markers, cleaned for a header.
func replySubject(original string) string {
	s := cleanText(original)
	for {
		loc := replyPrefix.FindStringIndex(s)
		if loc == nil {
			break
		}
		s = s[loc[1]:]
	}
	if utf8.RuneCountInString(s) > maxSubjectRunes {
		s = string([]rune(s)[:maxSubjectRunes])
	}
	return strings.TrimSpace("Re: " + s)
}

// msgIDPattern is RFC 5322's msg-id: dot-atom-text "@" (dot-atom-text or
// no-fold-literal), inside angle brackets.
var msgIDPattern = regexp.MustCompile("^<[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@" +
	"([A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*|\\[[!-Z^-~]*\\])>$")

// msgID returns id in its bracketed form if it is a valid Message-ID, with
// or without the brackets; ok is false otherwise.
func msgID(id string) (string, bool) {
	id = strings.TrimSpace(id)
	if id == "" || len(id) > 250 {
		return "", false
	}
	if !strings.HasPrefix(id, "<") {
		id = "<" + id + ">"
	}
	if !msgIDPattern.MatchString(id) {
		return "", false
	}
	return id, true
}

// maxReferences keeps the References header bounded; the oldest (the
// thread's root) and the newest ids are kept, as RFC 5322 suggests.
const maxReferences = 10

// references builds the References list: the valid ids of refs, then
// inReplyTo, without duplicates, trimmed to maxReferences.
func references(refs []string, inReplyTo string) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range append(append([]string(nil), refs...), inReplyTo) {
		for _, id := range idList(r) {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	if len(out) > maxReferences {
		out = append(out[:1], out[len(out)-maxReferences+1:]...)
	}
	return out
}

// idList reads one stored reference: a single id with or without angle
// brackets, or a header-style list of bracketed ids. Anything else in
// it is dropped.
func idList(s string) []string {
	s = cleanText(s)
	if !strings.HasPrefix(s, "<") {
		if id, ok := msgID(s); ok {
			return []string{id}
		}
		return nil
	}
	var ids []string
	for _, f := range strings.Fields(s) {
		if strings.HasPrefix(f, "<") {
			if id, ok := msgID(f); ok {
				ids = append(ids, id)
			}
		}
	}
	return ids
}
