package templates

import "strings"

// offPlatform matches attempts to move payment, ordering or contact away
// from Amazon. Patterns run on lower-cased text.
var offPlatform = []gatedRe{
	gate(`paypal|\p{L}*überweisung|überweis(?:en|e|t)|überwiesen|bank\s*transfer|wire\s+transfer|iban|bankverbindung|kontonummer|bank\s+(?:details|account)|western\s+union|venmo|cash\s*app|vorkasse|`+
		`bar\s+bei\s+abholung|barzahlung|cash\s+on\s+(?:collection|pickup)|in\s+unserem\s+ladengeschäft|in\s+our\s+(?:physical\s+|retail\s+)?(?:shop|store)\s+in\s+person`,
		"abholung", "barzahlung", "ladengeschäft", "in person", "paypal", "überweis", "überwies", "transfer", "iban", "bankverbindung", "kontonummer", "bank", "western", "venmo", "cash", "vorkasse"),
	gateBack(70, `(?:order|buy|purchase|pay|bestell|kauf|bezahl|zahl)\p{L}*[^.!?\n]{0,40}?(?:direkt|direct(?:ly)?)\s+(?:bei|über|from|through|via|on|at|with)\s+(?:uns|us|our|unser\p{L}*)|direkt\s+bei\s+uns\s+(?:bestell|kauf|bezahl)\p{L}*`,
		"direkt", "direct"),
	gate(`(?:zahlen|bezahlen)\s+sie\s+(?:\p{L}+\s+){0,4}an\s+uns|pay\s+us\s+directly|pay\s+(?:the\s+\p{L}+\s+)?(?:directly\s+)?to\s+us`,
		"zahlen", "pay"),
	gate(`au(?:ß|ss)erhalb\s+(?:von\s+)?amazons?|outside\s+(?:of\s+)?amazon|off[\s-]amazon|bypass\p{L}*\s+amazon|ohne\s+amazon`,
		"außerhalb", "ausserhalb", "outside", "off", "bypass", "ohne amazon"),
	gate(`(?:your|ihre|deine)\s+(?:private\s+|persönliche\s+)?(?:phone\s+number|telephone\s+number|mobile\s+number|e-?mail\s+address|telefonnummer|handynummer|e-mail-adresse|mailadresse|whatsapp-nummer)`,
		"phone", "mobile", "mail", "telefonnummer", "handynummer", "whatsapp"),
	gateBack(60, `(?:can|will|could|would|may)\s+call\s+you|call\s+you\s+back|(?:send|give|tell)\s+us\s+your\s+(?:phone\s+|mobile\s+|telephone\s+)?number|wir\s+rufen\s+sie\s+(?:\p{L}+\s+){0,3}(?:zurück|an)|(?:nennen|schicken|senden|geben|schreiben)\s+sie\s+uns\s+(?:\p{L}+\s+){0,2}ihre\s+(?:telefon|handy|mobil)?nummer`,
		"call you", "number", "rufen sie", "nummer"),
	gate(`(?:our|unserer?|unseren)\s+(?:own\s+|eigenen?\s+)?(?:website|web\s+site|homepage|webseite|online-?shop)`,
		"website", "web site", "homepage", "webseite", "onlineshop", "online-shop"),
}

func (l *linter) checkOffPlatform() {
	for _, g := range offPlatform {
		g.find(l.idx, func(s, e int) {
			if strings.Contains(l.lower[max(0, s-40):s], "amazon") && strings.Contains(l.lower[s:e], "call") {
				return // "Amazon customer service can call you"
			}
			l.block("offplatform", "off_platform", s, e,
				"Moves payment, ordering or contact away from Amazon.",
				"Keep payment, refunds and contact inside Amazon (refunds via Seller Central).")
		})
	}
}
