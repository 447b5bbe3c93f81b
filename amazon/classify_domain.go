package amazon

import "strings"

// amazonTLDs are the public suffixes under which Amazon runs a store. A
// domain is Amazon's only when it is amazon.<suffix> or a subdomain of it.
var amazonTLDs = []string{
	"com", "ca", "com.mx", "com.br", "de", "co.uk", "fr", "it", "es", "nl",
	"se", "pl", "com.be", "ie", "com.tr", "ae", "sa", "eg", "in", "co.jp",
	"com.au", "sg", "cn", "co.za", "at", "ch",
}

// amazonSuffix returns the store suffix of an Amazon domain ("de" for
// marketplace.amazon.de) and whether the domain is Amazon's at all.
func amazonSuffix(domain string) (string, bool) {
	domain = strings.TrimSuffix(strings.ToLower(domain), ".")
	best := ""
	for _, tld := range amazonTLDs {
		base := "amazon." + tld
		// The longest match wins: x.amazon.com.mx is amazon.com.mx, not amazon.com.
		if len(tld) > len(best) && (domain == base || strings.HasSuffix(domain, "."+base)) {
			best = tld
		}
	}
	return best, best != ""
}

// isAmazonDomain reports whether domain belongs to one of Amazon's stores.
func isAmazonDomain(domain string) bool {
	_, ok := amazonSuffix(domain)
	return ok
}

// isAmazonBounceDomain reports whether an envelope sender's domain is
// Amazon's: a store domain or Amazon SES, which sends Amazon's mail.
func isAmazonBounceDomain(domain string) bool {
	domain = strings.TrimSuffix(strings.ToLower(domain), ".")
	return isAmazonDomain(domain) || domain == "amazonses.com" || strings.HasSuffix(domain, ".amazonses.com")
}

// relayMarketplace returns "amazon.<tld>" when addr is a buyer relay address
// at marketplace.amazon.<tld>.
func relayMarketplace(addr string) (string, bool) {
	_, domain, ok := strings.Cut(strings.ToLower(addr), "@")
	if !ok || !strings.HasPrefix(domain, "marketplace.amazon.") {
		return "", false
	}
	tld, ok := amazonSuffix(domain)
	if !ok || domain != "marketplace.amazon."+tld {
		return "", false
	}
	return "amazon." + tld, true
}

// domainOf returns the lower-case domain of an e-mail address.
func domainOf(addr string) string {
	i := strings.LastIndexByte(addr, '@')
	if i < 0 {
		return ""
	}
	return strings.ToLower(strings.Trim(addr[i+1:], " >.\t"))
}
