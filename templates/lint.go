package templates

import (
	"sort"
)

// Severities of a finding.
const (
	SeverityBlock = "block"
	SeverityWarn  = "warn"
)

// Verdicts of a lint run.
const (
	VerdictOK    = "ok"
	VerdictWarn  = "warn"
	VerdictBlock = "block"
)

// Finding is one rule violation in a reply. Start and End are byte offsets
// into the linted text; Excerpt is text[Start:End].
type Finding struct {
	Rule       string `json:"rule"`
	Category   string `json:"category"`
	Severity   string `json:"severity"`
	Start      int    `json:"start"`
	End        int    `json:"end"`
	Excerpt    string `json:"excerpt"`
	Message    string `json:"message"`
	Suggestion string `json:"suggestion"`
}

// Result is the outcome of Lint. Findings is never nil, so it encodes as a
// JSON array even when empty.
type Result struct {
	Verdict  string    `json:"verdict"`
	Findings []Finding `json:"findings"`
}

// linter collects findings for one text.
type linter struct {
	text     string
	lower    string           // lowerSameLen(text): same byte offsets
	hits     map[string][]int // anchor → offsets in lower
	idx      *textIndex       // lower, hits and word starts, for gated rules
	orig     *textIndex       // the same for text, built when a rule needs it
	findings []Finding
}

// textIndex returns the index of the original (not lower-cased) text, for
// patterns that look at capitals.
func (l *linter) textIndex() *textIndex {
	if l.orig == nil {
		l.orig = newTextIndex(l.text, l.hits)
	}
	return l.orig
}

func (l *linter) add(rule, category, severity string, s, e int, message, suggestion string) {
	l.findings = append(l.findings, Finding{
		Rule: rule, Category: category, Severity: severity,
		Start: s, End: e, Excerpt: l.text[s:e],
		Message: message, Suggestion: suggestion,
	})
}

func (l *linter) block(rule, category string, s, e int, message, suggestion string) {
	l.add(rule, category, SeverityBlock, s, e, message, suggestion)
}

func (l *linter) warn(rule, category string, s, e int, message, suggestion string) {
	l.add(rule, category, SeverityWarn, s, e, message, suggestion)
}

// overlapsBlock reports whether [s, e) overlaps a block finding already made.
func (l *linter) overlapsBlock(s, e int) bool {
	for _, f := range l.findings {
		if f.Severity == SeverityBlock && s < f.End && f.Start < e {
			return true
		}
	}
	return false
}

// Lint checks a reply against Amazon's buyer-messaging rules. The German and
// English rules both run on every text, because agents and buyers mix
// languages (an English reply quoting a German product name, a German reply
// with "feedback"); lang ("de", "en", "de-AT") chooses the language of the
// findings' messages and suggestions. The verdict is "block" if any finding
// blocks, "warn" if any warns, else "ok". Lint is safe for concurrent use.
func Lint(text, lang string) Result {
	lower := lowerSameLen(text)
	hits := anchors.scan(lower)
	l := &linter{text: text, lower: lower, hits: hits, idx: newTextIndex(lower, hits)}
	l.checkPlaceholders()
	l.checkContact()
	l.checkSpelledNumbers()
	l.checkLinks()
	l.checkOffPlatform()
	l.checkReview()
	l.checkPromo()
	l.checkEmoji()
	// Warn-only rules run last so they can skip spans a block finding covers.
	l.checkTriggerWords()
	l.checkFormatting()
	l.checkSmileys()

	sort.SliceStable(l.findings, func(i, j int) bool {
		a, b := l.findings[i], l.findings[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.End < b.End
	})
	localise(l.findings, lang)
	res := Result{Verdict: VerdictOK, Findings: l.findings}
	if res.Findings == nil {
		res.Findings = []Finding{}
	}
	for _, f := range res.Findings {
		if f.Severity == SeverityBlock {
			res.Verdict = VerdictBlock
			break
		}
		res.Verdict = VerdictWarn
	}
	return res
}

// anchors indexes the anchors of every gated rule.
var anchors = newAnchorIndex(allAnchors())

// allGates lists every gated pattern of every rule.
func allGates() []gatedRe {
	gates := []gatedRe{obfEmailBracket, obfEmailSpaced, obfEmailWord, reviewStars, reviewNoun, reviewVerbs, shareExperience, nextPurchase, promoCode, trigger,
		obfDot, spelledDot, spacedWWW, spacedHTTP, punctRun}
	for _, list := range [][]gatedRe{contactPhrases, offPlatform, reviewDirect, promotion, markdown} {
		gates = append(gates, list...)
	}
	return gates
}

func allAnchors() []string {
	gates := allGates()
	seen := map[string]bool{}
	var lits []string
	for w := range digitWords {
		seen[w] = true
		lits = append(lits, w)
	}
	for _, g := range gates {
		for _, a := range g.anchors {
			if !seen[a] {
				seen[a] = true
				lits = append(lits, a)
			}
		}
	}
	return lits
}
