package templates

import (
	"regexp"
	"strings"
)

// placeholderRes match unfilled placeholders in the bracket styles agents and
// other tools use. Lower-case angle brackets are left to the HTML check.
// Each runs only on a text holding its opening bracket: a pattern without
// a literal prefix (`\$?\{`) would otherwise try every position.
var placeholderRes = []struct {
	open string
	re   *regexp.Regexp
}{
	{"[", regexp.MustCompile(`\[\s*[\p{L}_][\p{L}\p{N}_ -]{0,40}\]`)},   // [ORDER_ID], [Link]
	{"{{", regexp.MustCompile(`\{\{\s*[\p{L}_][\p{L}\p{N}_.]*\s*\}\}`)}, // {{name}}
	{"{", regexp.MustCompile(`\$?\{\s*[\p{L}_][\p{L}\p{N}_.]*\s*\}`)},   // {name}, ${name}
	{"<", regexp.MustCompile(`<[\p{Lu}_][\p{Lu}\p{N}_]*>`)},             // <NAME>
	{"%", regexp.MustCompile(`%[\p{Lu}_][\p{Lu}\p{N}_]*%`)},             // %NAME%
}

// placeholderWordRe matches filler words agents leave in drafts; it runs on
// the original text since only capitals mark "TODO" as filler.
var placeholderWordRe = regexp.MustCompile(`X{3,}|x{3,}|_{3,}|TODO|TBD|FIXME`)

// obfuscationTokens are bracketed words that spell out "." or "@"; the link
// and contact rules report them.
var obfuscationTokens = map[string]bool{
	"dot": true, "at": true, "punkt": true, "point": true, "ät": true,
}

// placeholderWords are lower-case or mixed-case words that, alone in square
// brackets, are placeholders rather than text ("[Link]", "[Name]").
var placeholderWords = map[string]bool{
	"link": true, "url": true, "name": true, "datum": true, "date": true, "betrag": true, "amount": true,
	"adresse": true, "address": true, "produkt": true, "product": true, "artikel": true, "item": true,
	"kunde": true, "customer": true, "käufer": true, "buyer": true, "tracking": true, "carrier": true,
	"antwort": true, "answer": true, "zeitraum": true, "timeframe": true, "text": true, "hier": true, "here": true,
}

// isBracketPlaceholder decides whether the text inside square brackets is a
// placeholder: written in capitals or with underscores ("ORDER_ID",
// "DATUM"), a known placeholder word ("Link"), or a name or number field
// ("Bestellnummer", "Kundenname"). "[Schwarz]" in a product title and
// "[sic]" are text.
func isBracketPlaceholder(inner string) bool {
	inner = strings.TrimSpace(inner)
	if strings.Contains(inner, "_") || strings.ToUpper(inner) == inner {
		return true
	}
	lo := strings.ToLower(inner)
	return placeholderWords[lo] || strings.Contains(lo, "name") || strings.Contains(lo, "nummer") || strings.Contains(lo, "number")
}

func (l *linter) checkPlaceholders() {
	const msg = "Unfilled placeholder: the buyer would see it literally."
	const sug = "Replace it with the real value or delete it."
	t := l.text
	if strings.ContainsAny(t, "[{<%") {
		for _, p := range placeholderRes {
			if !strings.Contains(t, p.open) {
				continue
			}
			for _, m := range p.re.FindAllStringIndex(t, -1) {
				inner := strings.ToLower(strings.Trim(t[m[0]:m[1]], "[]{}<>%$ "))
				if obfuscationTokens[inner] {
					continue
				}
				if t[m[0]] == '[' && !isBracketPlaceholder(t[m[0]+1:m[1]-1]) {
					continue
				}
				if m[1] < len(t) && t[m[0]] == '[' && t[m[1]] == '(' {
					continue // markdown link text: the formatting rule reports it
				}
				if l.overlapsBlock(m[0], m[1]) {
					continue
				}
				l.block("placeholder.unfilled", "placeholder", m[0], m[1], msg, sug)
			}
		}
	}
	for _, w := range []string{"XXX", "xxx", "___", "TODO", "TBD", "FIXME"} {
		if strings.Contains(t, w) {
			findWords(placeholderWordRe, t, func(s, e int) {
				l.block("placeholder.filler", "placeholder", s, e, msg, sug)
			})
			break
		}
	}
}
