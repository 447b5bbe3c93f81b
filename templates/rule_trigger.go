package templates

// trigger matches, on lower-cased text, the words the seed guide says
// Amazon's scanner reacts to. German nouns also match inside compounds
// ("Sonderrabatt", "Produktbewertung"); English words match whole words
// only, so "rating" does not fire inside "operating".
var trigger = gate(`\p{L}*(?:rezension|bewertung|rabatt|feedback)\p{L}*|fünf[\s-]sterne\p{L}*|extern\p{L}*|hier\s+klicken|klicken\s+sie\s+hier|`+
	`reviews?|reviewed|reviewing|ratings?|five[\s-]stars?|discounts?|discounted|click\s+here|external(?:ly)?`,
	"rezension", "bewertung", "rabatt", "feedback", "fünf", "extern", "klicken", "review", "rating", "five", "discount", "click here")

func (l *linter) checkTriggerWords() {
	trigger.find(l.idx, func(s, e int) {
		if l.overlapsBlock(s, e) {
			return
		}
		l.warn("trigger_word", "trigger_word", s, e,
			"Word that Amazon's message scanner reacts to.",
			"Rephrase if you can; the message may be held for review.")
	})
}
