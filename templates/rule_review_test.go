package templates

import (
	"regexp/syntax"
	"strings"
	"testing"
)

// TestReviewVerbsStayInAClause guards checkReview's shortcut: it searches
// request verbs only inside a review noun's clause, which finds the same
// verbs as a whole-text search only while no reviewVerbs match can contain
// a clause end.
func TestReviewVerbsStayInAClause(t *testing.T) {
	re, err := syntax.Parse(reviewVerbs.re.String(), syntax.Perl)
	if err != nil {
		t.Fatal(err)
	}
	var walk func(*syntax.Regexp)
	walk = func(re *syntax.Regexp) {
		switch re.Op {
		case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
			t.Errorf("reviewVerbs has %s, which matches a clause end", re)
		case syntax.OpLiteral, syntax.OpCharClass:
			var rs runeSet
			addFirst(&rs, re)
			for _, r := range re.Rune {
				if re.Op == syntax.OpLiteral && strings.ContainsRune(clauseEnds, r) {
					t.Errorf("reviewVerbs literal %s holds a clause end", re)
				}
			}
			for _, c := range clauseEnds {
				if re.Op == syntax.OpCharClass && rs.has(c) {
					t.Errorf("reviewVerbs class %s matches %q", re, c)
				}
			}
		}
		for _, sub := range re.Sub {
			walk(sub)
		}
	}
	walk(re)
}

func TestReviewVerbInAnotherClauseDoesNotCount(t *testing.T) {
	tests := []struct {
		text    string
		verdict string
	}{
		{"We would appreciate a review.", VerdictBlock},
		{"We would appreciate it; the review section is below.", VerdictWarn},
		{"Update the app. The battery rating is fine.", VerdictWarn},
		{"Bitte die App aktualisieren! Die Bewertung der Akkus ist gut.", VerdictWarn},
		{"Sie können Ihre Bewertung jederzeit ändern.", VerdictBlock},
	}
	for _, tt := range tests {
		if got := Lint(tt.text, "en"); got.Verdict != tt.verdict {
			t.Errorf("%q: verdict %s, want %s (%+v)", tt.text, got.Verdict, tt.verdict, got.Findings)
		}
	}
}
