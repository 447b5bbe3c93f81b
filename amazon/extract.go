package amazon

import (
	"regexp"
	"strings"

	"github.com/buyerdesk/buyerdesk"
	"github.com/emersion/go-message/mail"
)

var (
	orderRe = regexp.MustCompile(`\b\d{3}-\d{7}-\d{7}\b`)
	// orderLabelRe matches a label such as "Order ID:" right before an order id.
	orderLabelRe = regexp.MustCompile(`(?i)(?:order(?:\s*id|\s*number|\s*#)?|bestell(?:ung|nummer)|commande|ordine|pedido|注文(?:番号)?|bestelling|zamówienie|beställning)\s*(?:nr\.?|no\.?)?\s*[:#：]?\s*$`)
	// buyerSuffixRe is what Amazon appends to a buyer's display name.
	buyerSuffixRe = regexp.MustCompile(`(?i)\s*[-–]\s*(?:amazon\s*)?marketplace\s*$`)
	relayInTextRe = regexp.MustCompile(`(?i)[a-z0-9._%+-]+@marketplace\.amazon\.[a-z.]+[a-z]`)
)

// extract fills the fields of a mail Amazon sent: order, marketplace, relay
// address, buyer, body, language and the "no response needed" link.
func extract(h mail.Header, m *buyerdesk.Mail, text string, c *content, cl classification) {
	m.OrderID = findOrderID(m.Subject, text)
	if m.OrderID == "" && c.origSubject != "" {
		m.OrderID = findOrderID(c.origSubject, "")
	}

	relay, name := findRelay(h, text, c)
	if relay != "" {
		m.RelayAddress = strings.ToLower(relay)
		local, _, _ := strings.Cut(relay, "@")
		if _, tag, ok := strings.Cut(local, "+"); ok {
			m.CaseID = tag
		}
	}
	m.BuyerName = buyerName(name)
	if m.BuyerName == "" && cl.kind == buyerdesk.KindSellerCopy {
		if sm := sellerCopySubjectRe.FindStringSubmatch(m.Subject); sm != nil {
			m.BuyerName = buyerName(sm[1])
		}
	}

	m.Marketplace = findMarketplace(m.RelayAddress, h.Get("X-Marketplace-Id"), domainOf(cl.from.addr))

	m.Body = buyerText(text)
	m.Language = detectLanguage(m.Body)
	m.NoResponseNeededURL = noResponseURL(text, c.links)
}

// findOrderID takes the order id from the subject, else from a labelled line
// of the text, else from anywhere in the text.
func findOrderID(subject, text string) string {
	if id := orderRe.FindString(subject); id != "" {
		return id
	}
	locs := orderRe.FindAllStringIndex(text, 32)
	for _, loc := range locs {
		if orderLabelRe.MatchString(text[max(0, loc[0]-40):loc[0]]) {
			return text[loc[0]:loc[1]]
		}
	}
	if len(locs) > 0 {
		return text[locs[0][0]:locs[0][1]]
	}
	return ""
}

// findRelay returns the buyer's relay address and its display name: from
// From, Reply-To, To or Cc (in that order), else a DSN's failed recipient,
// else the first relay address in the text.
func findRelay(h mail.Header, text string, c *content) (addr, name string) {
	for _, key := range []string{"From", "Reply-To", "To", "Cc"} {
		list, _ := addresses(h, key)
		for _, a := range list {
			if _, ok := relayMarketplace(a.addr); ok {
				return a.addr, a.name
			}
		}
	}
	if _, ok := relayMarketplace(c.dsnRecipient); ok {
		return c.dsnRecipient, ""
	}
	for _, cand := range relayInTextRe.FindAllString(text, 8) {
		if _, ok := relayMarketplace(cand); ok {
			return cand, ""
		}
	}
	return "", ""
}

// buyerName strips Amazon's " - Amazon Marketplace" suffix and quotes.
func buyerName(name string) string {
	name = cleanLine(strings.Trim(name, `"' `))
	name = buyerSuffixRe.ReplaceAllString(name, "")
	return strings.TrimSpace(name)
}

// findMarketplace prefers the relay domain, then Amazon's marketplace id,
// then the Amazon domain that sent the mail.
func findMarketplace(relay, marketplaceID, fromDomain string) string {
	if mp, ok := relayMarketplace(relay); ok {
		return mp
	}
	if mp, ok := marketplaceIDs[strings.ToUpper(strings.TrimSpace(marketplaceID))]; ok {
		return mp
	}
	if tld, ok := amazonSuffix(fromDomain); ok {
		return "amazon." + tld
	}
	return ""
}
