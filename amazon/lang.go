package amazon

import (
	"strings"
	"unicode"
)

// stopWords are frequent short words of each language the detector knows.
// A word may count for several languages; the totals decide.
var stopWords = map[string][]string{
	"de": {"der", "die", "das", "und", "ist", "nicht", "ich", "sie", "es", "ein", "eine", "mit", "auf", "für", "von", "zu", "den", "dem", "wir", "habe", "haben", "bitte", "danke", "noch", "wurde", "meine", "mein", "kann", "leider", "bestellung", "sehr", "hallo", "guten", "tag", "ihnen", "uns", "aber", "wann", "wo", "ware", "paket"},
	"en": {"the", "and", "is", "are", "to", "of", "you", "your", "i", "my", "it", "this", "that", "for", "with", "have", "has", "not", "was", "please", "thank", "thanks", "order", "hello", "received", "would", "can", "will", "when", "where", "yet", "hi", "but", "still"},
	"fr": {"le", "la", "les", "et", "est", "je", "vous", "une", "un", "des", "du", "pas", "pour", "avec", "mon", "ma", "mes", "bonjour", "merci", "commande", "que", "qui", "sur", "ce", "cette", "reçu", "été", "ai", "toujours", "mais", "colis", "votre"},
	"it": {"il", "lo", "la", "gli", "le", "e", "è", "non", "di", "che", "per", "con", "un", "una", "mio", "mia", "ho", "sono", "buongiorno", "grazie", "ordine", "ancora", "ricevuto", "questo", "della", "del", "pacco", "ma", "quando"},
	"es": {"el", "la", "los", "las", "y", "es", "no", "de", "que", "por", "con", "un", "una", "mi", "mis", "he", "hola", "gracias", "pedido", "todavía", "recibido", "este", "esta", "del", "para", "pero", "cuándo", "paquete"},
	"nl": {"de", "het", "een", "en", "is", "niet", "ik", "je", "u", "van", "met", "op", "voor", "mijn", "heb", "hallo", "bedankt", "bestelling", "nog", "ontvangen", "dat", "wat", "graag", "wanneer", "pakket", "maar"},
	"pl": {"i", "w", "nie", "się", "na", "jest", "to", "że", "z", "do", "mam", "moje", "moja", "dzień", "dobry", "dziękuję", "zamówienie", "jeszcze", "otrzymałem", "otrzymałam", "proszę", "czy", "jak", "paczka", "ale", "kiedy"},
	"sv": {"och", "är", "inte", "jag", "du", "det", "att", "en", "ett", "för", "med", "på", "min", "mitt", "har", "hej", "tack", "beställning", "fortfarande", "fått", "kan", "paket", "men", "när"},
}

// wordLangs is stopWords inverted: word → languages.
var wordLangs = func() map[string][]string {
	m := make(map[string][]string)
	for lang, words := range stopWords {
		for _, w := range words {
			m[w] = append(m[w], lang)
		}
	}
	return m
}()

// letterHints are letters that point to one language.
var letterHints = map[rune]string{
	'ß': "de", 'ä': "de", 'ö': "de", 'ü': "de",
	'å': "sv",
	'ł': "pl", 'ś': "pl", 'ż': "pl", 'ź': "pl", 'ć': "pl", 'ń': "pl", 'ę': "pl", 'ą': "pl",
	'ñ': "es", '¿': "es", '¡': "es",
	'ç': "fr", 'ê': "fr", 'œ': "fr",
	'ì': "it", 'ò': "it",
}

// detectLanguage returns the ISO 639-1 code of text's language, or "" when
// the text is too short or too mixed to tell.
func detectLanguage(text string) string {
	if lang := scriptLanguage(text); lang != "" {
		return lang
	}
	lower := strings.ToLower(text)
	score := map[string]int{}
	hints := 0
	for _, r := range lower {
		if lang, ok := letterHints[r]; ok && hints < 5 {
			score[lang]++
			hints++
		}
	}
	words := strings.FieldsFunc(lower, func(r rune) bool {
		return !unicode.IsLetter(r)
	})
	for i, w := range words {
		if i >= 2000 {
			break
		}
		for _, lang := range wordLangs[w] {
			score[lang]++
		}
	}
	best, second := "", 0
	for _, lang := range []string{"de", "en", "es", "fr", "it", "nl", "pl", "sv"} {
		s := score[lang]
		switch {
		case best == "" || s > score[best]:
			if best != "" {
				second = score[best]
			}
			best = lang
		case s > second:
			second = s
		}
	}
	if score[best] < 2 || score[best]*2 < second*3 {
		return ""
	}
	return best
}

// scriptLanguage tells languages by their script: Japanese (kana), Chinese
// (Han without kana), Korean and Arabic, when they make most of the letters.
func scriptLanguage(text string) string {
	var letters, kana, han, hangul, arabic int
	for _, r := range text {
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		switch {
		case unicode.In(r, unicode.Hiragana, unicode.Katakana):
			kana++
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.Is(unicode.Hangul, r):
			hangul++
		case unicode.Is(unicode.Arabic, r):
			arabic++
		}
	}
	if letters == 0 {
		return ""
	}
	half := letters / 2
	switch {
	case kana > 0 && kana+han > half:
		return "ja"
	case han > half:
		return "zh"
	case hangul > half:
		return "ko"
	case arabic > half:
		return "ar"
	}
	return ""
}
