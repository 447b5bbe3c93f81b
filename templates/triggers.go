package templates

import (
	"regexp"
	"strings"
)

// Trigger routes a buyer message: when the message (in Lang, or any language
// if Lang is empty) contains one of Keywords or matches Pattern, the case
// belongs to Category, Template is suggested first and Team is notified.
// Keywords match whole words, ignoring case; a keyword ending in '*' also
// matches longer words ("beschädigt*" matches "beschädigte"), and a space
// matches any run of white space.
type Trigger struct {
	Lang     string
	Keywords []string
	Pattern  *regexp.Regexp
	Category string
	Template string
	Team     string
}

// Suggestion is the outcome of the first matching trigger. Matched is the
// text that matched, for the agent to see why.
type Suggestion struct {
	Category string
	Template string
	Team     string
	Matched  string
}

// Suggest returns the suggestion of the first trigger, in order, that matches
// text. It only suggests: a person still picks, edits and approves the reply.
func Suggest(triggers []Trigger, text, lang string) (Suggestion, bool) {
	lower := lowerSameLen(text)
	lang = primaryLang(lang)
	for _, tr := range triggers {
		if tr.Lang != "" && lang != "" && primaryLang(tr.Lang) != lang {
			continue
		}
		for _, kw := range tr.Keywords {
			if s, e, ok := matchKeyword(lower, kw); ok {
				return tr.suggestion(text[s:e]), true
			}
		}
		if tr.Pattern != nil {
			if loc := tr.Pattern.FindStringIndex(text); loc != nil {
				return tr.suggestion(text[loc[0]:loc[1]]), true
			}
		}
	}
	return Suggestion{}, false
}

func (tr Trigger) suggestion(matched string) Suggestion {
	return Suggestion{Category: tr.Category, Template: tr.Template, Team: tr.Team, Matched: matched}
}

// matchKeyword finds kw in lower (lower-cased text) on word boundaries.
func matchKeyword(lower, kw string) (int, int, bool) {
	kw = lowerSameLen(strings.TrimSpace(kw))
	prefix := strings.HasSuffix(kw, "*")
	kw = strings.TrimSuffix(kw, "*")
	words := strings.Fields(kw)
	if len(words) == 0 {
		return 0, 0, false
	}
	for off := 0; off < len(lower); {
		i := strings.Index(lower[off:], words[0])
		if i < 0 {
			return 0, 0, false
		}
		s := off + i
		off = s + 1
		if !wordStart(lower, s) {
			continue
		}
		e, ok := s+len(words[0]), true
		for _, w := range words[1:] {
			j := e
			for j < len(lower) && isSpaceByte(lower[j]) {
				j++
			}
			if j == e || !strings.HasPrefix(lower[j:], w) {
				ok = false
				break
			}
			e = j + len(w)
		}
		if !ok {
			continue
		}
		if prefix {
			for e < len(lower) && !wordEnd(lower, e) {
				e++
			}
		}
		if wordEnd(lower, e) {
			return s, e, true
		}
	}
	return 0, 0, false
}

// primaryLang reduces "de-DE" or "en_GB" to "de" or "en".
func primaryLang(lang string) string {
	lang = strings.ToLower(strings.TrimSpace(lang))
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	return lang
}

// DefaultTriggers are the seed guide's partial automation: damage goes to
// the quality team with the damaged-item template, "where is my parcel" to
// shipping, and so on. Order is priority: damage before general quality,
// quality before shipping.
func DefaultTriggers() []Trigger {
	return []Trigger{
		{Lang: "de", Keywords: []string{"beschädigt*", "kaputt*", "zerbrochen*", "defekt*", "zerkratzt*"}, Category: "quality", Template: "damaged_item", Team: "quality"},
		{Lang: "en", Keywords: []string{"damaged", "broken", "defective", "cracked", "smashed", "dented"}, Category: "quality", Template: "damaged_item", Team: "quality"},
		{Lang: "de", Keywords: []string{"funktioniert nicht", "geht nicht", "mangelhaft", "schlechte qualität", "minderwertig*"}, Category: "quality", Template: "quality_complaint", Team: "quality"},
		{Lang: "en", Keywords: []string{"does not work", "doesn't work", "stopped working", "poor quality", "faulty"}, Category: "quality", Template: "quality_complaint", Team: "quality"},
		{Lang: "de", Keywords: []string{"erstattung*", "rückerstattung*", "geld zurück"}, Category: "refund", Template: "refund_processed", Team: "returns"},
		{Lang: "en", Keywords: []string{"refund*", "money back"}, Category: "refund", Template: "refund_processed", Team: "returns"},
		{Lang: "de", Keywords: []string{"rücksendung*", "zurücksenden", "zurückschicken", "retoure*", "umtausch*"}, Category: "returns", Template: "return_authorised", Team: "returns"},
		{Lang: "en", Keywords: []string{"return*", "send it back", "exchange"}, Category: "returns", Template: "return_authorised", Team: "returns"},
		{Lang: "de", Keywords: []string{"wo ist", "wo bleibt", "nicht angekommen", "nicht erhalten", "noch nicht da", "verspät*", "verzöger*"}, Category: "shipping", Template: "delay_expectations", Team: "shipping"},
		{Lang: "en", Keywords: []string{"where is", "not arrived", "hasn't arrived", "has not arrived", "not received", "late", "delayed"}, Category: "shipping", Template: "delay_expectations", Team: "shipping"},
		{Lang: "de", Keywords: []string{"versandt", "versendet", "sendungsnummer", "sendungsverfolgung", "tracking*"}, Category: "shipping", Template: "order_shipped", Team: "shipping"},
		{Lang: "en", Keywords: []string{"shipped", "tracking*", "dispatched"}, Category: "shipping", Template: "order_shipped", Team: "shipping"},
		{Lang: "de", Keywords: []string{"frage*", "kompatibel", "passt", "geeignet"}, Category: "product_question", Template: "product_question", Team: "support"},
		{Lang: "en", Keywords: []string{"question*", "compatible", "does it fit", "suitable"}, Category: "product_question", Template: "product_question", Team: "support"},
	}
}
