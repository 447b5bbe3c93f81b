package amazon

import (
	"net/url"
	"regexp"
	"strings"
)

var (
	// noResponseRe matches Amazon's "no response needed" wording.
	noResponseRe = regexp.MustCompile(`(?i)(no response (?:is )?needed|no reply needed|keine antwort (?:ist )?erforderlich|aucune réponse (?:n'est )?nécessaire|nessuna risposta (?:è )?necessaria|no es necesario responder|no se necesita respuesta|返信不要|geen antwoord nodig|nie wymaga odpowiedzi|inget svar behövs)`)
	// noResponseURLRe matches a link whose address says the same.
	noResponseURLRe = regexp.MustCompile(`(?i)no[-_]?response|noreply[-_]?needed|nrn=|response[-_]?needed=(?:false|no|0)`)
	urlRe           = regexp.MustCompile(`https?://[^\s<>"'\])]+`)
)

// noResponseURL returns Amazon's "no response needed" link: an anchor with
// that text, a Seller Central link on or just below a line with that text, or
// a Seller Central link whose address says so.
func noResponseURL(text string, links []link) string {
	for _, l := range links {
		if noResponseRe.MatchString(l.text) && isSellerCentral(l.href) {
			return l.href
		}
	}
	// Look for the wording only around Seller Central links: on the link's
	// line or up to two lines above it.
	lines := strings.Split(text, "\n")
	checked := 0
	for j, l := range lines {
		if !strings.Contains(l, "://sellercentral.") {
			continue
		}
		if checked++; checked > 32 {
			break
		}
		near := strings.Join(lines[max(0, j-2):j+1], "\n")
		if !noResponseRe.MatchString(near) {
			continue
		}
		for _, u := range urlRe.FindAllString(l, 4) {
			if u = trimURL(u); isSellerCentral(u) {
				return u
			}
		}
	}
	for _, l := range links {
		if isSellerCentral(l.href) && noResponseURLRe.MatchString(l.href) {
			return l.href
		}
	}
	for _, u := range urlRe.FindAllString(text, 64) {
		if u = trimURL(u); isSellerCentral(u) && noResponseURLRe.MatchString(u) {
			return u
		}
	}
	return ""
}

// isSellerCentral reports whether raw is an https link to Seller Central on
// one of Amazon's domains.
func isSellerCentral(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.User != nil {
		return false
	}
	host := strings.ToLower(u.Hostname())
	return strings.HasPrefix(host, "sellercentral") && isAmazonDomain(host)
}

// trimURL drops sentence punctuation that follows a link in running text.
func trimURL(u string) string { return strings.TrimRight(u, ".,;:!?") }
