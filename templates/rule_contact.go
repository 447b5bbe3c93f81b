package templates

import (
	"regexp"
	"strings"
)

// Disguised e-mail addresses: "name (at) shop.de", "name[at]shop(dot)de",
// "name at shop dot com". Patterns run on lower-cased text.
var (
	obfEmailBracket = gate(`[\p{L}\p{N}._%+-]+\s*[\[({]\s*(?:at|ät|@)\s*[\])}]\s*[\p{L}\p{N}-]+(?:\s*(?:\.|[\[({]\s*(?:dot|punkt)\s*[\])}]|\s(?:dot|punkt)\s)\s*[\p{L}\p{N}-]+)*`,
		"at)", "at]", "at}", "ät)", "ät]", "@)", "@]", "at )", "at ]")
	obfEmailSpaced = gate(`[\p{L}\p{N}._%+-]+(?:\s+@\s*|\s*@\s+)[\p{L}\p{N}-]+(?:\s*\.\s*\p{L}{2,})+`, "@")
	obfEmailWord   = gate(`[\p{L}\p{N}._%+-]+\s+(?:at|ät)\s+[\p{L}\p{N}-]+(?:\s*[\[({]\s*(?:dot|punkt)\s*[\])}]\s*|\s+(?:dot|punkt)\s+)[a-z]{2,}`,
		"dot", "punkt")
)

// Invitations to contact the seller by phone, e-mail or a messenger.
var contactPhrases = []gatedRe{
	gate(`(?:call|phone|ring|text|whatsapp|e-?mail|dm|skype)\s+(?:us|me)|give\s+(?:us|me)\s+a\s+(?:call|ring)|message\s+(?:us|me)\s+(?:on|via|at)|reach\s+(?:us|me)\s+(?:by|on)\s+(?:phone|telephone|e-?mail)`,
		"call", "phone", "ring", "text", "whatsapp", "mail", "dm", "skype", "message", "reach"),
	gate(`(?:on|via|by|over|per|über|auf|mit)\s+(?:whatsapp|telegram|signal|skype|viber|wechat|threema|facebook\s+messenger)|(?:whatsapp|telegram|signal|skype|threema)[\s-]*(?:nummer|number|chat|id|kontakt|contact)`,
		"whatsapp", "telegram", "signal", "skype", "viber", "wechat", "threema", "messenger"),
	gate(`rufen\s+sie\s+(?:uns|mich)\s+(?:\p{L}+\s+){0,3}an|ruf\s+(?:uns|mich)\s+(?:\p{L}+\s+){0,3}an|(?:uns|mich)\s+(?:gerne\s+|einfach\s+|gern\s+)?(?:anrufen|anzurufen)|(?:schreiben|mailen)\s+sie\s+(?:uns|mir)\s+(?:\p{L}+\s+){0,2}(?:e-?mail|mail)|mailen\s+sie\s+(?:uns|mir)|(?:telefonisch|per\s+telefon)\s+(?:erreichen|kontaktieren|unter)`,
		"ruf", "anzuruf", "mail", "telefon"),
	gate(`(?:send|schick|schreib)\p{L}*\s+(?:us|me|uns|mir)\s+(?:a\s+|an\s+|eine\s+)?(?:dm|pn|private\s+message|direct\s+message|direktnachricht|privatnachricht)|(?:dm|pn)\s+(?:us|me|uns|mir)`,
		"dm", "pn", "private message", "direct message", "direktnachricht", "privatnachricht"),
	gate(`(?:kontaktieren|erreichen)\s+sie\s+uns\s+(?:\p{L}+\s+){0,3}?(?:per|via|über)\s+(?:e-?mail|mail|telefon|whatsapp)|(?:contact|reach|email)\s+us\s+(?:\p{L}+\s+){0,2}?(?:by|via|on|over)\s+(?:e-?mail|phone|telephone)`,
		"kontaktieren", "erreichen", "contact", "reach", "email"),
}

// Phone numbers: a candidate is a run of digits and separators starting at
// a word edge; isPhone decides. phoneContextRe recognises a label just
// before a number.
var (
	orderIDRe    = regexp.MustCompile(`^\d{3}-\d{7}-\d{7}$`)
	dateLikeRe   = regexp.MustCompile(`^(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}[./-]\d{1,2}[./-]\d{1,2})$`)
	localPhoneRe = regexp.MustCompile(`^\(?0[1-9]\d{1,4}\)?(?:[ /-]+\d+)+$`)
	usPhoneRe    = regexp.MustCompile(`^\(?[2-9]\d{2}\)?[ .-]?\d{3}[ .-]\d{4}$`)
	contiguousRe = regexp.MustCompile(`^0[1-9]\d{8,9}$`)
)

func (l *linter) checkContact() {
	const emailMsg = "E-mail address: contact must stay inside Amazon messaging."
	const emailSug = "Remove the address; the buyer can reply to this message."
	for _, g := range []gatedRe{obfEmailBracket, obfEmailSpaced, obfEmailWord} {
		g.find(l.idx, func(s, e int) {
			if !l.overlapsCategory(s, e, "contact_info") {
				l.block("contact.email_obfuscated", "contact_info", s, e, emailMsg, emailSug)
			}
		})
	}
	for _, g := range contactPhrases {
		g.find(l.idx, func(s, e int) {
			l.block("contact.invitation", "contact_info", s, e,
				"Invites the buyer to contact you outside Amazon messaging.",
				"Ask the buyer to reply to this message instead.")
		})
	}
	l.checkPhones()
}

func (l *linter) checkPhones() {
	t := l.text
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !(c >= '0' && c <= '9' || c == '+' || c == '(') || !wordStart(t, i) {
			continue
		}
		s, e := i, phoneCandidateEnd(t, i)
		if e < 0 {
			continue
		}
		// Trim separators and an unbalanced bracket picked up from prose.
		for e > s && strings.IndexByte("( ./-", t[e-1]) >= 0 {
			e--
		}
		if t[s] == '(' && !strings.Contains(t[s:e], ")") {
			s++
		}
		if t[e-1] == ')' && !strings.Contains(t[s:e], "(") {
			e--
		}
		if s >= e || !wordEnd(t, e) {
			continue // runs into letters: "802.11ac", not a number on its own
		}
		before := l.lower[max(0, s-40):s]
		if isPhone(t[s:e], func() label { return nearestLabel(before) }) {
			l.block("contact.phone", "contact_info", s, e,
				"Phone number: contact must stay inside Amazon messaging.",
				"Remove the number; the buyer can reply to this message.")
		}
		i = e
	}
}

// phoneCandidateEnd returns the end of the digit-and-separator run starting
// at i (an optional '+' or '(' first, at most 26 bytes, ending in a digit and
// holding at least 7 digits), or -1 if there is none.
func phoneCandidateEnd(t string, i int) int {
	j := i
	if t[j] == '+' {
		j++
	}
	end, digits := -1, 0
	for ; j < len(t) && j-i < 26; j++ {
		c := t[j]
		if c >= '0' && c <= '9' {
			digits++
			end = j + 1
			continue
		}
		if strings.IndexByte(" ()./-", c) < 0 {
			break
		}
	}
	if digits < 7 {
		return -1
	}
	return end
}

// phoneLabels start words that announce a phone number.
var phoneLabels = []string{"tel", "phone", "call", "anruf", "handy", "mobil", "hotline", "fax", "whatsapp", "sms", "text", "ruf",
	"erreichbar", "reachable", "kontakt", "contact", "durchwahl"}

// numberLabels start words that announce some other number (customer,
// invoice, article or tracking numbers) that may begin with 0.
var numberLabels = []string{"isbn", "ean", "upc", "gtin", "sku", "asin", "kunden", "customer", "invoice", "rechnung",
	"artikel", "article", "item", "part", "teil", "ersatzteil", "serial", "serien", "modell", "model", "order", "bestell", "tracking", "sendung",
	"paket", "parcel", "referenz", "reference", "ticket", "charge", "batch", "vorgang", "case", "fall"}

// label says what the words just before a number announce.
type label int

const (
	noLabel    label = iota
	phoneLabel       // "Tel.", "call", "Handy"
	otherLabel       // "ISBN", "Kundennummer", "tracking"
)

// nearestLabel looks at the last four words of before (lower-cased text just
// ahead of a number); the word nearest the number decides.
func nearestLabel(before string) label {
	words := strings.FieldsFunc(before, func(r rune) bool { return !isWordRune(r) })
	for i := len(words) - 1; i >= max(0, len(words)-4); i-- {
		if hasAnyPrefix(words[i], phoneLabels) {
			return phoneLabel
		}
		if hasAnyPrefix(words[i], numberLabels) {
			return otherLabel
		}
	}
	return noLabel
}

func hasAnyPrefix(w string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// isPhone decides whether a digit run is a phone number. labelOf tells what
// the words before it announce; only a leading '+' wins over a label.
func isPhone(c string, labelOf func() label) bool {
	digits := 0
	for i := 0; i < len(c); i++ {
		if c[i] >= '0' && c[i] <= '9' {
			digits++
		}
	}
	if digits < 7 || digits > 15 || orderIDRe.MatchString(c) || dateLikeRe.MatchString(c) {
		return false
	}
	if c[0] == '+' {
		return true
	}
	switch labelOf() {
	case otherLabel:
		return false
	case phoneLabel:
		return true
	}
	switch {
	case strings.HasPrefix(c, "00") && c[2] != '0':
		// 00 + country code + subscriber: at least 11 digits, unless grouped.
		return digits >= 11 || digits >= 10 && strings.ContainsAny(c, " /-")
	case usPhoneRe.MatchString(c):
		return true
	case localPhoneRe.MatchString(c):
		return digits <= 13
	case contiguousRe.MatchString(c):
		return true
	}
	return false
}
