package templates

import "strings"

// digitWords are number words people use to spell out a phone number so
// that filters miss it ("null eins sieben eins ...").
var digitWords = map[string]bool{
	"null": true, "eins": true, "zwei": true, "zwo": true, "drei": true, "vier": true, "fünf": true,
	"sechs": true, "sieben": true, "acht": true, "neun": true,
	"zero": true, "oh": true, "one": true, "two": true, "three": true, "four": true, "five": true,
	"six": true, "seven": true, "eight": true, "nine": true,
}

// minSpelledDigits is how many number words in a row make a phone number.
const minSpelledDigits = 7

// checkSpelledNumbers blocks runs of spelled-out digits separated only by
// spaces, commas, hyphens or slashes.
func (l *linter) checkSpelledNumbers() {
	total := 0
	for w := range digitWords {
		total += len(l.hits[w])
	}
	if total < minSpelledDigits {
		return // the anchor index saw too few number words (even inside other words)
	}
	lo := l.lower
	runStart, runEnd, n := -1, -1, 0
	flush := func() {
		if n >= minSpelledDigits {
			l.block("contact.phone_spelled", "contact_info", runStart, runEnd,
				"Phone number spelled out in words: contact must stay inside Amazon messaging.",
				"Remove the number; the buyer can reply to this message.")
		}
		runStart, runEnd, n = -1, -1, 0
	}
	i := 0
	for i < len(lo) {
		if !isWordByte(lo, i) {
			if runStart >= 0 && strings.IndexByte(" ,-/\t", lo[i]) < 0 {
				flush()
			}
			i++
			continue
		}
		j := i
		for j < len(lo) && isWordByte(lo, j) {
			j += runeLen(lo, j)
		}
		if digitWords[lo[i:j]] {
			if runStart < 0 {
				runStart = i
			}
			runEnd = j
			n++
		} else {
			flush()
		}
		i = j
	}
	flush()
}
