package templates

import (
	"regexp"
	"strings"
)

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
		gate(`(?:erzählen|berichten|empfehlen)\s+sie\s+(?:\p{L}+\s+){0,2}anderen|anderen\s+(?:kunden|käufern)\s+(?:\p{L}+\s+){0,3}(?:erzählen|berichten|mitteilen|empfehlen)|let\s+other\s+(?:buyers|customers|shoppers)\s+know|tell\s+other\s+(?:buyers|customers|shoppers)|recommend\s+(?:us|it|the\s+item)\s+to\s+others|tell\s+others|let\s+others\s+know|weitersagen|erzählen\s+sie\s+es\s+weiter|weiterempfehl\p{L}*|recommend\s+us|empfehlen\s+sie\s+uns`,
			"erzählen", "berichten", "empfehlen", "anderen", "other", "recommend", "weitersagen", "weiterempfehl"),
		gate(`(?:uns|den\s+artikel|das\s+produkt|unseren?\s+(?:service|shop)|ihren\s+kauf)\s+(?:\p{L}+\s+)?bewerten|bewerten\s+sie\s+(?:uns|den|das|unser\p{L}*|ihren|ihre)`,
			"bewerten"),
	}
	reviewStars = gate(`(?:5|five|fünf|5[.,]0)[\s-]*(?:stars?|sterne?n?|★|⭐)`, "star", "stern", "★", "⭐")
	reviewNoun  = gate(`\p{L}*(?:bewertung|rezension|feedback)\p{L}*|reviews?|ratings?|feedback`,
		"bewertung", "rezension", "feedback", "review", "rating")
	starsCueRe = regexp.MustCompile(`please|bitte|bitten|würden|wären|wäre|would|freuen|freut|toll|great|love|appreciate|hope|hoffen|leave|leaving|give|gib|geben|vergeben|hinterlassen|bewerten|rate|consider|happy|zufrieden|glad|make\s+our\s+day`)
	// reviewVerbs turn a sentence with a review noun into a request.
	reviewVerbs = gate(`(?:leav|writ|post|submit|updat|chang|revis|amend|remov|delet|withdraw|reconsider|edit)(?:e|es|ed|ing|s)?|give|giving|`+
		`hinterlass\p{L}*|abgeb\p{L}*|abzugeben|schreib\p{L}*|geschrieben|verfass\p{L}*|vergeb\p{L}*|teilen|änder\p{L}*|anpass\p{L}*|`+
		`lösch\p{L}*|entfern\p{L}*|zurückzieh\p{L}*|zurückzunehmen|zurücknehm\p{L}*|überdenk\p{L}*|aktualisier\p{L}*|`+
		`would\s+(?:really\s+)?(?:appreciate|love)|\p{L}+['’]d\s+(?:really\s+)?(?:appreciate|love)|would\s+be\s+grateful|would\s+(?:really\s+)?(?:help|mean|be\s+(?:great|nice|appreciated))|helps?\s+us|love\s+to\s+hear|`+
		`wäre\s+(?:\p{L}+\s+){0,3}(?:super|toll|schön|klasse|nett|hilfreich)|hilft\s+uns|würde\s+uns\s+(?:sehr\s+)?helfen|`+
		`wären\s+(?:ihnen\s+|wir\s+)?(?:sehr\s+)?dankbar|freuen\s+uns|würden\s+uns|`+
		`gift\s+cards?|geschenkkarte\p{L}*|gutschein\p{L}*|voucher\p{L}*|coupon\p{L}*|dankeschön|in\s+return|im\s+gegenzug|refund\p{L}*|erstatt\p{L}*|free|gratis|kostenlos\p{L}*`,
		"leav", "writ", "post", "submit", "updat", "chang", "revis", "amend", "remov", "delet", "withdraw", "reconsider", "edit", "giv",
		"hinterlass", "abgeb", "abzugeben", "schreib", "geschrieben", "verfass", "vergeb", "teilen", "änder", "anpass",
		"lösch", "entfern", "zurückzieh", "zurückzunehmen", "zurücknehm", "überdenk", "aktualisier",
		"would", "'d", "’d", "help", "love", "wäre", "hilft", "würde", "freuen",
		"gift", "geschenkkarte", "gutschein", "voucher", "coupon", "dankeschön", "in return", "gegenzug", "refund", "erstatt", "free", "gratis", "kostenlos")
	// Sharing an experience is a review request when it is meant for Amazon
	// or other buyers, not for the seller.
	shareExperience = gate(`(?:teilen|share[ds]?|sharing|schreiben|write|post|hinterlassen|leave)\s+(?:sie\s+)?(?:ihre|deine|your)\s+(?:erfahrung\p{L}*|meinung|eindr[üu]\p{L}*|experience|opinion|thoughts|impressions?)|(?:a\s+few\s+)?kind\s+words|(?:ein\s+paar\s+)?(?:nette|freundliche)\s+worte`,
		"kind words", "worte", "teilen", "share", "schreiben", "write", "post", "hinterlassen", "leave")
	publicCueRe = regexp.MustCompile(`amazon|product\s+page|produktseite|artikelseite|listing|others|anderen|other\s+(?:buyers|customers|shoppers)`)
)

// nearby reports whether spans [a0, a1) and [b0, b1) are at most
// reviewGap bytes apart without a sentence or clause end (. ! ? ; newline)
// between them: "eine Bewertung auf Amazon hinterlassen", "update your
// review", but not "update the app; after that the battery rating".
func nearby(text string, a0, a1, b0, b1 int) bool {
	if a0 > b0 {
		a0, a1, b0, b1 = b0, b1, a0, a1
	}
	if b0 < a1 {
		return true
	}
	return b0-a1 <= reviewGap && !strings.ContainsAny(text[a1:b0], ".!?;\n")
}

// reviewGap is how far a request verb may stand from its review noun.
const reviewGap = 30

func (l *linter) checkReview() {
	lo := l.lower
	const msg = "Asks for a review, feedback or a star rating."
	const sug = "Delete the request; Amazon asks buyers for reviews itself."
	for _, g := range reviewDirect {
		g.find(l.idx, func(s, e int) {
			l.block("review.request", "review_request", s, e, msg, sug)
		})
	}
	reviewStars.find(l.idx, func(s, e int) {
		a, b := sentenceBounds(lo, s, e)
		if l.overlapsCategory(s, e, "review_request") || !starsCueRe.MatchString(lo[a:b]) {
			return
		}
		l.block("review.stars", "review_request", s, e, msg, sug)
	})
	shareExperience.find(l.idx, func(s, e int) {
		a, b := sentenceBounds(lo, s, e)
		if publicCueRe.MatchString(lo[a:b]) && !l.overlapsCategory(s, e, "review_request") {
			l.block("review.share_experience", "review_request", s, e, msg, sug)
		}
	})
	// A request verb counts only in the noun's clause (nearby), and no
	// reviewVerbs match spans a clause end, so each clause's verbs are
	// searched once, when a noun first needs them.
	var verbs [][2]int
	clause := [2]int{-1, -1}
	reviewNoun.find(l.idx, func(s, e int) {
		if l.overlapsCategory(s, e, "review_request") {
			return
		}
		if c0 := clauseStart(lo, s); c0 != clause[0] {
			clause = [2]int{c0, clauseEnd(lo, e)}
			verbs = verbs[:0]
			reviewVerbs.findIn(l.idx, clause[0], clause[1], func(vs, ve int) { verbs = append(verbs, [2]int{vs, ve}) })
		}
		for _, v := range verbs {
			if nearby(lo, v[0], v[1], s, e) {
				l.block("review.request_sentence", "review_request", min(s, v[0]), max(e, v[1]), msg, sug)
				return
			}
		}
	})
}

// clauseEnds are the bytes that end a clause for nearby; a newline does not
// count here because reviewVerbs may span one ("would\nappreciate").
const clauseEnds = ".!?;"

// clauseStart is the offset just after the last clause end before i.
func clauseStart(text string, i int) int {
	return strings.LastIndexAny(text[:i], clauseEnds) + 1
}

// clauseEnd is the offset of the first clause end at or after i, or
// len(text).
func clauseEnd(text string, i int) int {
	if j := strings.IndexAny(text[i:], clauseEnds); j >= 0 {
		return i + j
	}
	return len(text)
}
