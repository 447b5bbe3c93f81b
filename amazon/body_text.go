package amazon

import (
	"regexp"
	"strings"
)

// Amazon's delimiter phrases around the buyer's text, lower-case.
var (
	beginPhrases = map[string]bool{
		"begin message": true, "anfang der nachricht": true, "début du message": true,
		"debut du message": true, "inizio messaggio": true, "iniciar mensaje": true,
		"inicio del mensaje": true, "メッセージはここから": true, "begin bericht": true,
		"początek wiadomości": true, "meddelandet börjar": true,
	}
	endPhrases = map[string]bool{
		"end message": true, "ende der nachricht": true, "fin du message": true,
		"fine messaggio": true, "finalizar mensaje": true, "fin del mensaje": true,
		"メッセージはここまで": true, "einde bericht": true, "koniec wiadomości": true,
		"meddelandet slutar": true,
	}
	// messageLabels introduce the buyer's text in Amazon's newer layout.
	messageLabels = []string{
		"message", "nachricht", "messaggio", "mensaje", "メッセージ", "bericht",
		"wiadomość", "meddelande", "message du client", "nachricht des käufers",
	}
	// footerPrefixes start Amazon's text after the buyer's message.
	footerPrefixes = []string{
		"to respond to this", "to reply to this", "was this email helpful", "was this e-mail helpful",
		"for your information", "copyright", "©", "we want you to buy with confidence",
		"resolve case", "is this response needed", "response needed", "no response needed",
		"this email was sent by", "this e-mail was sent by", "amazon.com, inc.", "please note: this e-mail",
		"um auf diese nachricht zu antworten", "um dem käufer zu antworten", "war diese e-mail hilfreich",
		"zu ihrer information", "keine antwort erforderlich", "ist eine antwort erforderlich",
		"diese e-mail wurde von amazon", "pour répondre", "cet e-mail vous a-t-il été utile",
		"pour votre information", "aucune réponse nécessaire", "réponse nécessaire", "per rispondere",
		"questa e-mail ti è stata utile", "nessuna risposta necessaria", "per tua informazione",
		"para responder", "¿te ha resultado útil", "no es necesario responder", "para tu información",
		"この購入者に返信", "返信不要", "このeメールは役に立ちましたか", "このメールは役に立ちましたか",
	}
	genericDelimRe = regexp.MustCompile(`^\s*-{3,}\s*[\p{L}][\p{L} ]*?\s*-{3,}\s*$`)
	separatorRe    = regexp.MustCompile(`^\s*[-=_*]{5,}\s*$`)
	tokenRe        = regexp.MustCompile(`\[[a-z]{3,10}:[^\s\]]{1,200}\]`)
)

// delimiterKind says whether line is one of Amazon's begin (+1) or end (-1)
// delimiter lines, such as "------------- Begin message -------------" or
// the bilingual "--- Begin message / Début du message ---"; 0 otherwise.
func delimiterKind(line string) int {
	t := strings.Trim(line, " \t-–—=*_")
	if t == "" || len(t) > 80 {
		return 0
	}
	kind := 0
	for _, part := range strings.Split(t, "/") {
		p := strings.ToLower(strings.Trim(part, " \t-–—=*_:"))
		k := 0
		switch {
		case beginPhrases[p]:
			k = 1
		case endPhrases[p]:
			k = -1
		default:
			return 0
		}
		if kind != 0 && k != kind {
			return 0
		}
		kind = k
	}
	return kind
}

// buyerText returns the buyer's new text out of the whole text of an Amazon
// relay mail: the part between Amazon's delimiters without Amazon's footer,
// tokens and the quoted history.
func buyerText(text string) string {
	lines := strings.Split(text, "\n")
	block, delimited := delimitedBlock(lines)
	if !delimited {
		block = labelledBlock(lines)
	}
	if block == nil {
		block = genericBlock(lines)
	}
	if block == nil {
		block = cutFooter(lines)
	}
	return tidy(stripQuotes(block))
}

// delimitedBlock returns the lines between the first begin and the next end
// delimiter; with no end delimiter, the text up to Amazon's footer.
func delimitedBlock(lines []string) ([]string, bool) {
	for i, l := range lines {
		if delimiterKind(l) != 1 {
			continue
		}
		for j := i + 1; j < len(lines); j++ {
			if delimiterKind(lines[j]) == -1 {
				return lines[i+1 : j], true
			}
		}
		return cutFooter(lines[i+1:]), true
	}
	return nil, false
}

// labelledBlock returns the text after a "Message:" label line up to the
// footer or a separator line, or nil without such a label.
func labelledBlock(lines []string) []string {
	for i, l := range lines {
		t := strings.TrimSpace(l)
		label, rest, ok := strings.Cut(t, ":")
		if !ok {
			label, rest, ok = strings.Cut(t, "：")
		}
		if !ok || !isMessageLabel(label) {
			continue
		}
		var out []string
		if r := strings.TrimSpace(rest); r != "" {
			out = append(out, r)
		}
		for _, l2 := range cutFooter(lines[i+1:]) {
			if separatorRe.MatchString(l2) && strings.TrimSpace(strings.Join(out, "")) != "" {
				break
			}
			out = append(out, l2)
		}
		return out
	}
	return nil
}

func isMessageLabel(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, l := range messageLabels {
		if s == l {
			return true
		}
	}
	return false
}

// genericBlock handles unknown languages: the lines between the first two
// "--- words ---" lines.
func genericBlock(lines []string) []string {
	start := -1
	for i, l := range lines {
		if !genericDelimRe.MatchString(l) {
			continue
		}
		if start >= 0 {
			return lines[start+1 : i]
		}
		start = i
	}
	return nil
}

// cutFooter drops Amazon's footer: everything from the first footer line.
func cutFooter(lines []string) []string {
	for i, l := range lines {
		t := strings.ToLower(strings.TrimLeft(l, " \t>*-•"))
		for _, p := range footerPrefixes {
			if strings.HasPrefix(t, p) {
				return lines[:i]
			}
		}
	}
	return lines
}

// tidy removes Amazon's tokens, trailing spaces and repeated blank lines.
func tidy(lines []string) string {
	var b strings.Builder
	blank := false
	for _, l := range lines {
		l = strings.TrimRight(tokenRe.ReplaceAllString(l, ""), " \t\u00a0")
		if strings.TrimSpace(l) == "" {
			blank = b.Len() > 0
			continue
		}
		if blank {
			b.WriteString("\n")
			blank = false
		}
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString(l)
	}
	return b.String()
}
