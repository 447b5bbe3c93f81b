package templates

import (
	"testing"
	"unicode/utf8"
)

// FuzzLint checks that Lint never panics and that every finding's span is
// inside the text, ordered and matches its excerpt, for any input.
func FuzzLint(f *testing.F) {
	for _, s := range []string{"", "Danke :) 👍", "www . shop . de", "+49 30 1234567", "\xff\xfe[ORDER_ID]", "İİİ rabattcode", reviewMix} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		res := Lint(text, "de")
		prev := -1
		for _, fd := range res.Findings {
			if fd.Start < 0 || fd.End > len(text) || fd.Start >= fd.End || text[fd.Start:fd.End] != fd.Excerpt {
				t.Fatalf("bad span %+v in %q", fd, text)
			}
			if fd.Start < prev {
				t.Fatalf("findings out of order in %q", text)
			}
			prev = fd.Start
			if utf8.ValidString(text) && !utf8.ValidString(fd.Excerpt) {
				t.Fatalf("excerpt splits a character: %+v in %q", fd, text)
			}
		}
	})
}
