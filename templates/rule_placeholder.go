package templates

import (
	"regexp"
	"strings"
)

// placeholderRes match unfilled placeholders in the bracket styles agents and
// other tools use. Lower-case angle brackets are left to the HTML check.
var placeholderRes = []*regexp.Regexp{
	regexp.MustCompile(`\[\s*[\p{L}_][\p{L}\p{N}_ -]{0,40}\]`),  // [ORDER_ID], [Link]
	regexp.MustCompile(`\{\{\s*[\p{L}_][\p{L}\p{N}_.]*\s*\}\}`), // {{name}}
	regexp.MustCompile(`\$?\{\s*[\p{L}_][\p{L}\p{N}_.]*\s*\}`),  // {name}, ${name}
	regexp.MustCompile(`<[\p{Lu}_][\p{Lu}\p{N}_]*>`),            // <NAME>
	regexp.MustCompile(`%[\p{Lu}_][\p{Lu}\p{N}_]*%`),            // %NAME%
}

// placeholderWordRe matches filler words agents leave in drafts; it runs on
// the original text since only capitals mark "TODO" as filler.
var placeholderWordRe = regexp.MustCompile(`X{3,}|x{3,}|_{3,}|TODO|TBD|FIXME`)

// obfuscationTokens are bracketed words that spell out "." or "@"; the link
// and contact rules report them.
var obfuscationTokens = map[string]bool{
	"dot": true, "at": true, "punkt": true, "point": true, "ät": true,
}

func (l *linter) checkPlaceholders() {
	const msg = "Unfilled placeholder: the buyer would see it literally."
	const sug = "Replace it with the real value or delete it."
	t := l.text
	if strings.ContainsAny(t, "[{<%") {
		for _, re := range placeholderRes {
			for _, m := range re.FindAllStringIndex(t, -1) {
				inner := strings.ToLower(strings.Trim(t[m[0]:m[1]], "[]{}<>%$ "))
				if obfuscationTokens[inner] {
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
