package templates

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"mvdan.cc/xurls/v2"
)

// amazonHostRe matches Amazon's own hosts on every marketplace.
var amazonHostRe = regexp.MustCompile(`^(?:[a-z0-9-]+\.)*amazon\.(?:com|de|co\.uk|fr|it|es|nl|pl|se|ca|com\.au|co\.jp|com\.be|com\.tr|com\.mx|com\.br|in|sg|ae|sa|eg|ie)$`)

// reviewPathRe matches Amazon pages where buyers write reviews or seller
// feedback.
var reviewPathRe = regexp.MustCompile(`create-?review|/review/|/reviews/create|/feedback|write-?a-?review`)

// shorteners hide where a link leads. amzn.to, amzn.eu and a.co belong to
// Amazon, but the approving person cannot see the target (and the buyer
// cannot either), so every shortener blocks; agents paste the full
// amazon.<tld> address instead, which only warns.
var shorteners = map[string]bool{
	"bit.ly": true, "tinyurl.com": true, "goo.gl": true, "t.co": true, "ow.ly": true,
	"is.gd": true, "buff.ly": true, "rebrand.ly": true, "cutt.ly": true, "shorturl.at": true,
	"tiny.cc": true, "t.ly": true, "rb.gy": true, "s.id": true, "bit.do": true, "lnkd.in": true,
	"amzn.to": true, "amzn.eu": true, "a.co": true, "shorturl.gg": true,
}

// messengerHosts are links that open a chat with the seller.
var messengerHosts = map[string]bool{
	"wa.me": true, "t.me": true, "m.me": true, "api.whatsapp.com": true, "chat.whatsapp.com": true, "signal.me": true,
}

// Obfuscated links: "shop[dot]de", "shop (punkt) de", "shop dot com",
// "www . shop", "h t t p s://", "hxxps://". The patterns run on lower-cased
// text; spaced dots ("shop . de") are found by findSpacedDots.
var (
	obfDot     = gate(`[\p{L}\p{N}-]+\s*[\[({]\s*(?:dot|punkt|point|\.)\s*[\])}]\s*\p{L}{2,}`, "dot", "punkt", "point", "(.)", "[.]", "{.}", "( .", "[ .")
	spelledDot = gate(`[\p{L}\p{N}-]+\s+(?:dot|punkt)\s+(?:com|de|net|org|eu|at|ch|co\.uk|uk|fr|it|es|nl|pl|info|shop|store)`, "dot", "punkt")
	spacedWWW  = gate(`www(?:\s+[.,]?\s*|,\s*|\.\s+)[\p{L}\p{N}-]+`, "www")
	spacedHTTP = gate(`(?:h\s*[tx]\s*[tx]\s*p\s*s?|h\s*t\s*t\s*p\s*s)\s*:\s*/\s*/\S*`, "h t", "hxx", "h x", ":/", ": /")
)

// spacedTLDs are the endings recognised after a spaced dot ("shop . de").
var spacedTLDs = []string{"com", "de", "net", "org", "eu", "info", "shop", "store", "biz", "co.uk", "fr", "nl", "pl", "ch", "io"}

// bareRe finds scheme-less domains, URLs and e-mail addresses inside a
// token; a candidate counts only if its last label is a real TLD (xurls's
// list). Scheme URLs are left to xurls.Strict, which is slower and needed
// only for tokens containing ":".
var bareRe = regexp.MustCompile(`(?:[\p{L}\p{N}._%+-]+@)?(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,63}(?::\d{1,5})?(?:[/?#][^\s<>"'()\[\]{}]*)?`)

// tlds holds xurls's list of top-level domains, lower-cased, and the TLDs
// reserved for documentation and tests (RFC 2606), which xurls leaves out
// but which name a site as well as any other.
var tlds = func() map[string]bool {
	m := make(map[string]bool, len(xurls.TLDs)+4)
	for _, t := range xurls.TLDs {
		m[strings.ToLower(t)] = true
	}
	for _, t := range []string{"example", "test", "invalid", "localhost"} {
		m[t] = true
	}
	return m
}()

func (l *linter) checkLinks() {
	t := l.text
	forEachToken(t, func(s, e int) {
		tok := t[s:e]
		if !mayBeURL(tok) {
			return
		}
		if strings.Contains(tok, ":") {
			if ms := xurls.Strict().FindAllStringIndex(tok, -1); len(ms) > 0 {
				for _, m := range ms {
					l.classifyURL(s+m[0], s+m[1])
				}
				return
			}
		}
		for _, m := range bareRe.FindAllStringIndex(tok, -1) {
			ms, me := s+m[0], s+m[1]
			for me > ms && strings.IndexByte(".,;:!?", t[me-1]) >= 0 {
				me--
			}
			if hasRealTLD(t[ms:me]) {
				l.classifyURL(ms, me)
			}
		}
	})
	report := func(s, e int) {
		if l.overlapsCategory(s, e, "external_link") || l.overlapsCategory(s, e, "contact_info") || l.overlapsCategory(s, e, "amazon_link") {
			return
		}
		l.block("link.obfuscated", "external_link", s, e,
			"Disguised link to a site outside Amazon.",
			"Remove the address; answer inside the Amazon message instead.")
	}
	for _, g := range []gatedRe{obfDot, spelledDot, spacedWWW, spacedHTTP} {
		g.find(l.idx, report)
	}
	findSpacedDots(t, report)
}

// findSpacedDots reports "shop . de" and "shop. de": a word of two or more
// characters, a dot with a space on at least one side, and a lower-case TLD.
// It runs on the original text: "it. It" is a sentence, not a domain.
func findSpacedDots(t string, fn func(s, e int)) {
	for i := 1; i+1 < len(t); i++ {
		if t[i] != '.' || (t[i-1] != ' ' && t[i+1] != ' ') {
			continue
		}
		j := i + 1
		for j < len(t) && t[j] == ' ' {
			j++
		}
		end := -1
		for _, tld := range spacedTLDs {
			if strings.HasPrefix(t[j:], tld) && wordEnd(t, j+len(tld)) {
				end = j + len(tld)
				break
			}
		}
		if end < 0 {
			continue
		}
		k := i
		for k > 0 && t[k-1] == ' ' {
			k--
		}
		start := k
		for start > 0 {
			r, size := utf8.DecodeLastRuneInString(t[:start])
			if !isWordRune(r) && r != '-' {
				break
			}
			start -= size
		}
		if k-start >= 2 {
			fn(start, end)
		}
	}
}

// classifyURL turns one xurls match into a finding.
func (l *linter) classifyURL(s, e int) {
	if l.overlapsCategory(s, e, "contact_info") {
		return
	}
	u := l.text[s:e]
	lower := strings.ToLower(u)
	scheme := ""
	rest := lower
	if i := strings.Index(lower, "://"); i >= 0 {
		scheme, rest = lower[:i], lower[i+3:]
	} else if i := strings.IndexByte(lower, ':'); i >= 0 && !strings.Contains(lower[:i], ".") {
		scheme, rest = lower[:i], lower[i+1:]
	}
	switch scheme {
	case "mailto", "tel", "sms", "callto", "skype", "whatsapp", "tg":
		l.block("contact.uri", "contact_info", s, e, "Link that contacts the seller outside Amazon.", "Remove it; the buyer can reply to this message.")
		return
	}
	if at := strings.LastIndexByte(rest, '@'); at >= 0 && scheme == "" {
		host := rest[at+1:]
		if amazonHostRe.MatchString(host) {
			l.warn("link.amazon_email", "amazon_link", s, e, "Amazon e-mail address in the reply.", "Check that the buyer needs it; replies already go through Amazon.")
			return
		}
		l.block("contact.email", "contact_info", s, e, "E-mail address: contact must stay inside Amazon messaging.", "Remove the address; the buyer can reply to this message.")
		return
	}
	host := rest
	if i := strings.IndexAny(host, "/?#"); i >= 0 {
		host = host[:i]
	}
	if i := strings.LastIndexByte(host, '@'); i >= 0 {
		host = host[i+1:]
	}
	if i := strings.IndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	if scheme == "" && isSentenceTypo(u) {
		return
	}
	switch {
	case messengerHosts[host]:
		l.block("contact.messenger_link", "contact_info", s, e, "Messenger link: contact must stay inside Amazon messaging.", "Remove the link; the buyer can reply to this message.")
	case shorteners[host]:
		l.block("link.shortener", "external_link", s, e, "Shortened link: its destination is hidden.", "Remove it; if it points to Amazon, paste the full amazon address instead.")
	case amazonHostRe.MatchString(host) && reviewPathRe.MatchString(rest):
		l.block("review.link", "review_request", s, e, "Link to Amazon's review or feedback form.", "Delete the link; Amazon asks buyers for reviews itself.")
	case amazonHostRe.MatchString(host):
		if scheme == "" && host == strings.ToLower(u) && !strings.HasPrefix(host, "www.") && strings.Count(host, ".") <= 2 && strings.HasPrefix(host, "amazon.") {
			return // "Amazon.de" as the marketplace's name, not a link
		}
		l.warn("link.amazon", "amazon_link", s, e, "Link to an Amazon page.", "Allowed in context (order, product or returns page); check that it is needed.")
	default:
		l.block("link.external", "external_link", s, e, "Link or domain outside Amazon.", "Remove it; answer inside the message or point to the buyer's Amazon account.")
	}
}

// hasRealTLD reports whether the host of a scheme-less candidate ends in a
// known top-level domain. A host starting with "www." names a website
// whatever its ending.
func hasRealTLD(c string) bool {
	if i := strings.LastIndexByte(c, '@'); i >= 0 {
		c = c[i+1:]
	} else if len(c) > 4 && strings.EqualFold(c[:4], "www.") {
		return true
	}
	if i := strings.IndexAny(c, ":/?#"); i >= 0 {
		c = c[:i]
	}
	return tlds[strings.ToLower(c[strings.LastIndexByte(c, '.')+1:])]
}

// mayBeURL reports whether a token could hold a URL, domain or e-mail
// address: it has "://", or a '.' or '@' between an alphanumeric character
// and a letter.
func mayBeURL(tok string) bool {
	if strings.Contains(tok, "://") {
		return true
	}
	for i := 1; i+1 < len(tok); i++ {
		if c := tok[i]; c == '.' || c == '@' {
			p, n := tok[i-1], tok[i+1]
			if isAlnumByte(p) && (isAlnumByte(n) && n > '9' || n >= 0x80) {
				return true
			}
		}
	}
	return false
}

func isAlnumByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// isSentenceTypo reports a bare "word.Word" without scheme, path or "www":
// a missing space after a full stop ("Thanks.It arrives"), not a domain. A
// domain's TLD is not capitalised while its name is lower-case.
func isSentenceTypo(u string) bool {
	name, tld, ok := strings.Cut(u, ".")
	if !ok || strings.ContainsAny(tld, "./:") || len(tld) < 2 || strings.HasPrefix(strings.ToLower(name), "www") {
		return false
	}
	r, size := utf8.DecodeRuneInString(tld)
	return unicode.IsUpper(r) && strings.ToLower(tld[size:]) == tld[size:]
}

// forEachToken calls fn with the byte span of every whitespace-separated token.
func forEachToken(t string, fn func(s, e int)) {
	start := -1
	for i := 0; i < len(t); i++ {
		c := t[i]
		space := c == ' ' || c == '\n' || c == '\t' || c == '\r'
		if space {
			if start >= 0 {
				fn(start, i)
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		fn(start, len(t))
	}
}

// overlapsCategory reports whether [s, e) overlaps a finding of category.
func (l *linter) overlapsCategory(s, e int, category string) bool {
	for _, f := range l.findings {
		if f.Category == category && s < f.End && f.Start < e {
			return true
		}
	}
	return false
}
