package templates

import (
	"regexp"
	"strings"
)

// promotion matches advertising on lower-cased text: codes and vouchers,
// discount offers, store visits, cross-selling and marketing channels.
var promotion = []gatedRe{
	gate(`(?:gutschein|coupon|voucher|promo|rabatt|discount|aktions|spar)[\s-]?codes?|\p{L}*gutschein\p{L}*|coupons?|vouchers?|promo(?:tion(?:al)?)?s?`,
		"code", "gutschein", "coupon", "voucher", "promo"),
	gateNear(32, `\d+\s*(?:%|prozent|percent|€|\$|£|euro)\s*(?:rabatt|discount|off|nachlass|günstiger|sparen|auf\s+(?:alles|alle|ihren\s+nächsten|ihre\s+nächste|unser\p{L}*))`,
		"rabatt", "discount", "off", "nachlass", "günstiger", "sparen", "auf all", "auf ihre", "auf unser"),
	gate(`(?:save|spar\p{L}*|sparen\s+sie|you\s+save|sichern\s+sie\s+sich)\s+(?:jetzt\s+)?(?:bis\s+zu\s+|up\s+to\s+)?\d+\s*(?:%|€|\$|£)`,
		"save", "spar", "sichern"),
	gate(`(?:visit|check(?:\s+out)?|browse|besuchen\s+sie|schauen\s+sie\s+sich|stöbern\s+sie)\s+(?:\p{L}+\s+){0,3}(?:store|shop|storefront|products|range|collection|sortiment|produkte|website|webseite|profile|profil|verkäuferprofil)`,
		"visit", "check", "browse", "besuchen", "schauen", "stöbern"),
	gate(`(?:great|more|best|amazing|exclusive|special|hot)\s+deals|(?:tolle|weitere|mehr|attraktive|aktuelle)\s+angebote|(?:schauen|kommen)\s+sie\s+(?:\p{L}+\s+){0,3}vorbei|(?:stop|drop|pop)\s+by`,
		"deals", "angebote", "vorbei", "stop by", "drop by", "pop by"),
	gate(`finden\s+sie\s+(?:\p{L}+\s+){0,2}in\s+unserem\s+(?:amazon-)?(?:shop|store|sortiment)|find\s+(?:\p{L}+\s+){0,3}in\s+our\s+(?:amazon\s+)?(?:shop|store|storefront)`,
		"finden sie", "find"),
	gateNear(40, `you\s+might\s+also\s+(?:like|enjoy|love)|könnte\s+ihnen\s+auch\s+gefallen|(?:our|unsere?n?)\s+(?:other|new|neuen?|anderen?|weiteren?)\s+(?:products|items|produkte\p{L}*|artikel)`,
		"might also", "auch gefallen", "products", "items", "produkte", "artikel"),
	gate(`newsletter|follow\s+us|folgen\s+sie\s+uns|subscribe|abonnieren\s+sie|sign\s+up|exclusive\s+offers?|exklusiven?\s+angebot\p{L}*|special\s+offers?|sonderangebot\p{L}*|limited\s+time|gift\s+cards?|geschenkkarte\p{L}*|free\s+gift|gratisgeschenk\p{L}*`,
		"newsletter", "follow", "folgen", "subscribe", "abonnieren", "sign up", "exclusive", "exklusiv", "offer", "sonderangebot", "limited", "gift", "geschenk"),
	gate(`(?:auf|on|bei|via|über|at)\s+(?:instagram|facebook|tiktok|youtube|pinterest|twitter|linkedin)|(?:instagram|facebook|tiktok|youtube|pinterest)[\s-]*(?:seite|page|kanal|channel|account|profil\p{L}*)`,
		"instagram", "facebook", "tiktok", "youtube", "pinterest", "twitter", "linkedin"),
	gate(`neu(?:e[snm]?)?\s+(?:in\s+unserem|im)\s+(?:sortiment|shop|store)|new\s+(?:in|to)\s+our\s+(?:range|store|shop|collection)|just\s+launched|(?:frisch|neu)\s+eingetroffen`,
		"neu", "new", "launched", "eingetroffen"),
	gate(`(?:new|neue)\s+(?:collection|kollektion)|search\s+(?:amazon\s+)?for\s+our\s+(?:brand|shop|store|name)|suchen\s+sie\s+(?:\p{L}+\s+){0,3}nach\s+unserer?\s+(?:marke|shop)`,
		"collection", "kollektion", "search", "suchen sie"),
}

// promoCode matches a voucher-style code after the word "code" ("Code
// WELCOME5"); it runs on the original text, since the capitals tell it from
// "Code im Typenschild".
var promoCode = gate(`(?i:code)\s*:?\s*[A-Z]{2,}\d{1,4}`, "code")

// "next order"-style phrases are promotion when the sentence also mentions a
// saving.
var (
	nextPurchase = gate(`(?:next|future|nächste[nrm]?|zukünftige[nrm]?)\s+(?:purchase|order|einkauf|bestellung|kauf|mal)`,
		"next", "future", "nächste", "zukünftig")
	savingRe = regexp.MustCompile(`discount|\boff\b|save|saving|coupon|voucher|rabatt|gutschein|spar|günstiger|%|€|\$|£`)
)

func (l *linter) checkPromo() {
	lo := l.lower
	const msg = "Promotional content: discounts, codes, vouchers, store visits or cross-selling."
	const sug = "Remove the offer; replies may only deal with this order."
	for _, g := range promotion {
		g.find(l.idx, func(s, e int) {
			if !amazonOwned(lo, s, e) {
				l.block("promotion", "promotion", s, e, msg, sug)
			}
		})
	}
	promoCode.find(l.textIndex(), func(s, e int) {
		if !l.overlapsCategory(s, e, "promotion") {
			l.block("promotion.code", "promotion", s, e, msg, sug)
		}
	})
	nextPurchase.find(l.idx, func(s, e int) {
		a, b := sentenceBounds(lo, s, e)
		if savingRe.MatchString(lo[a:b]) && !l.overlapsCategory(a, b, "promotion") {
			l.block("promotion.next_purchase", "promotion", s, e, msg, sug)
		}
	})
}

// amazonOwned reports whether a voucher or gift-card match is Amazon's own
// ("Amazon-Gutschein", "Amazon gift card", "Gutscheinkonto"): refunds to an
// Amazon gift-card balance are routine, not promotion.
func amazonOwned(lo string, s, e int) bool {
	w := lo[s:e]
	if !strings.Contains(w, "gutschein") && !strings.Contains(w, "gift card") && !strings.Contains(w, "geschenkkarte") {
		return false
	}
	return strings.Contains(w, "amazon") || strings.Contains(w, "konto") ||
		strings.HasSuffix(lo[max(0, s-8):s], "amazon ") || strings.HasSuffix(lo[max(0, s-8):s], "amazon-") ||
		strings.HasPrefix(lo[e:], " balance") || strings.HasPrefix(lo[e:], "-guthaben")
}
