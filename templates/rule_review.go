package templates

import "regexp"

// Review requests, matched on lower-cased text. Three shapes:
//   - a review noun with a qualifying adjective ("positive Bewertung",
//     "honest review", "5-star rating") or a direct "rate us"/"bewerten Sie
//     uns": always a solicitation;
//   - a star count ("5 Sterne", "five stars", "5 ★") in a sentence that also
//     asks, hopes or offers something;
//   - a review noun in a sentence with a request verb ("hinterlassen",
//     "leave", "update", "remove", "would appreciate") or an incentive.
var (
	reviewDirect = []gatedRe{
		gate(`(?:positive?[nrs]?|gute[nrs]?|tolle[nrs]?|ehrliche[nrs]?|good|great|honest|glowing|excellent|favou?rable|(?:5|five|fünf)[\s-]*(?:star|sterne?n?))[\s-]+(?:\p{L}+\s+)?(?:reviews?|feedback|ratings?|bewertung\p{L}*|rezension\p{L}*|sterne?n?)`,
			"review", "feedback", "rating", "bewertung", "rezension", "stern"),
		gate(`rat(?:e|ing)\s+(?:us|me|your\s+(?:purchase|experience|order|item|product)|the\s+(?:product|item|seller)|our\s+(?:service|product|shop|store)|this\s+(?:item|product|seller))`,
			"rate", "rating"),
		gate(`(?:uns|den\s+artikel|das\s+produkt|unseren?\s+(?:service|shop)|ihren\s+kauf)\s+(?:\p{L}+\s+)?bewerten|bewerten\s+sie\s+(?:uns|den|das|unser\p{L}*|ihren|ihre)`,
			"bewerten"),
	}
	reviewStars = gate(`(?:5|five|fünf|5[.,]0)[\s-]*(?:stars?|sterne?n?|★|⭐)`, "star", "stern", "★", "⭐")
	reviewNoun  = gate(`\p{L}*(?:bewertung|rezension|feedback)\p{L}*|reviews?|ratings?|feedback`,
		"bewertung", "rezension", "feedback", "review", "rating")
	starsCueRe   = regexp.MustCompile(`please|bitte|bitten|würden|would|freuen|freut|love|appreciate|hope|hoffen|leave|leaving|give|gib|geben|vergeben|hinterlassen|bewerten|rate|consider|happy|zufrieden|glad`)
	reviewVerbRe = regexp.MustCompile(`(?:leav|writ|post|submit|updat|chang|revis|amend|remov|delet|withdraw|reconsider|edit)(?:e|es|ed|ing|s)?|give|giving|` +
		`hinterlass\p{L}*|abgeb\p{L}*|abzugeben|schreib\p{L}*|geschrieben|verfass\p{L}*|vergeb\p{L}*|teilen|änder\p{L}*|anpass\p{L}*|` +
		`lösch\p{L}*|entfern\p{L}*|zurückzieh\p{L}*|zurückzunehmen|zurücknehm\p{L}*|überdenk\p{L}*|aktualisier\p{L}*|` +
		`would\s+appreciate|would\s+be\s+grateful|wären\s+(?:ihnen\s+|wir\s+)?(?:sehr\s+)?dankbar|freuen\s+uns|würden\s+uns|` +
		`gift\s+cards?|geschenkkarte\p{L}*|gutschein\p{L}*|voucher\p{L}*|coupon\p{L}*|dankeschön|in\s+return|im\s+gegenzug|refund\p{L}*|erstatt\p{L}*|free|gratis|kostenlos\p{L}*`)
)

func (l *linter) checkReview() {
	lo := l.lower
	const msg = "Asks for a review, feedback or a star rating."
	const sug = "Delete the request; Amazon asks buyers for reviews itself."
	for _, g := range reviewDirect {
		g.find(l.hits, lo, func(s, e int) {
			l.block("review.request", "review_request", s, e, msg, sug)
		})
	}
	reviewStars.find(l.hits, lo, func(s, e int) {
		a, b := sentenceBounds(lo, s, e)
		if l.overlapsCategory(s, e, "review_request") || !starsCueRe.MatchString(lo[a:b]) {
			return
		}
		l.block("review.stars", "review_request", s, e, msg, sug)
	})
	reviewNoun.find(l.hits, lo, func(s, e int) {
		if l.overlapsCategory(s, e, "review_request") {
			return
		}
		a, b := sentenceBounds(lo, s, e)
		found := false
		findWordsIn(reviewVerbRe, lo, a, b, func(int, int) { found = true })
		if found {
			l.block("review.request_sentence", "review_request", s, e, msg, sug)
		}
	})
}
