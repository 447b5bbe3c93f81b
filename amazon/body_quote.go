package amazon

import (
	"regexp"
	"strings"
)

var (
	// quoteHeaderRes match the line a mail client puts above quoted history.
	quoteHeaderRes = []*regexp.Regexp{
		regexp.MustCompile(`(?i)^-{2,}\s*(?:original message|ursprüngliche nachricht|message d'origine|messaggio originale|mensaje original|oorspronkelijk bericht|元のメッセージ)\s*-{2,}$`),
		regexp.MustCompile(`(?i)^on\s.{1,200}\swrote\s?:$`),
		regexp.MustCompile(`(?i)^am\s.{1,200}\sschrieb.{0,200}:$`),
		regexp.MustCompile(`(?i)^le\s.{1,200}\sa écrit\s?:$`),
		regexp.MustCompile(`(?i)^il\s.{1,200}\sha scritto\s?:$`),
		regexp.MustCompile(`(?i)^el\s.{1,200}\sescribió\s?:$`),
		regexp.MustCompile(`(?i)^op\s.{1,200}\sschreef.{0,200}:$`),
	}
	outlookFromRe = regexp.MustCompile(`(?i)^(?:from|von|de|da|van):\s`)
	outlookSentRe = regexp.MustCompile(`(?i)^(?:sent|date|gesendet|datum|envoyé|inviato|enviado|verzonden):\s`)
)

// stripQuotes drops quoted lines ("> …") and everything from the first
// quote header ("On … wrote:", "----- Original message -----", an Outlook
// "From:/Sent:" block) on.
func stripQuotes(lines []string) []string {
	out := make([]string, 0, len(lines))
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, ">") {
			continue
		}
		if isQuoteHeader(t) {
			return out
		}
		// Mail clients wrap a long "On … wrote:" over two lines.
		if i+1 < len(lines) && t != "" && len(t) < 200 && isQuoteHeader(t+" "+strings.TrimSpace(lines[i+1])) &&
			!isQuoteHeader(strings.TrimSpace(lines[i+1])) {
			return out
		}
		if outlookFromRe.MatchString(t) && outlookBlockFollows(lines[i+1:]) {
			return out
		}
		out = append(out, l)
	}
	return out
}

func isQuoteHeader(t string) bool {
	// Every quote header ends in a colon or a dash; most lines end otherwise.
	if t == "" || len(t) > 500 || !(strings.HasSuffix(t, ":") || strings.HasSuffix(t, "-")) {
		return false
	}
	for _, re := range quoteHeaderRes {
		if re.MatchString(t) {
			return true
		}
	}
	return false
}

// outlookBlockFollows reports whether a "Sent:" line follows within 3 lines.
func outlookBlockFollows(lines []string) bool {
	for i := 0; i < len(lines) && i < 3; i++ {
		if outlookSentRe.MatchString(strings.TrimSpace(lines[i])) {
			return true
		}
	}
	return false
}
