package templates

import (
	"regexp"
	"unicode"
	"unicode/utf8"
)

// isWordRune reports whether r belongs to a word: any Unicode letter, digit
// or mark, or an underscore. Go's regexp \b only knows ASCII, so rules check
// word edges with this instead.
func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// wordStart reports whether byte offset i in text begins a word, i.e. the
// rune before i is not a word rune.
func wordStart(text string, i int) bool {
	if i <= 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return !isWordRune(r)
}

// wordEnd reports whether byte offset i in text ends a word, i.e. the rune
// at i is not a word rune.
func wordEnd(text string, i int) bool {
	if i >= len(text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return !isWordRune(r)
}

// findWords calls fn for every match of re in text whose edges fall on
// Unicode word boundaries. A match rejected for its boundaries does not hide
// a later match that starts inside it.
func findWords(re *regexp.Regexp, text string, fn func(start, end int)) {
	findWordsIn(re, text, 0, len(text), fn)
}

// findWordsIn is findWords restricted to matches inside text[from:to]; word
// boundaries are still judged against the whole text.
func findWordsIn(re *regexp.Regexp, text string, from, to int, fn func(start, end int)) {
	pos := from
	for pos <= to {
		loc := re.FindStringIndex(text[pos:to])
		if loc == nil {
			return
		}
		s, e := pos+loc[0], pos+loc[1]
		if e > s && wordStart(text, s) && wordEnd(text, e) {
			fn(s, e)
			pos = e
			continue
		}
		_, size := utf8.DecodeRuneInString(text[s:])
		if size == 0 {
			size = 1
		}
		pos = s + size
	}
}

// sentenceBounds returns the start and end of the sentence around the byte
// span [s, e): it extends to the previous and next '.', '!', '?' or newline.
func sentenceBounds(text string, s, e int) (int, int) {
	a := s
	for a > 0 && !isSentenceEnd(text[a-1]) {
		a--
	}
	b := e
	for b < len(text) && !isSentenceEnd(text[b]) {
		b++
	}
	return a, b
}

func isSentenceEnd(c byte) bool {
	return c == '.' || c == '!' || c == '?' || c == '\n'
}

// lowerSameLen lower-cases s rune by rune, keeping a rune unchanged when its
// lower-case form would need a different number of bytes. Byte offsets into
// the result are therefore valid offsets into s, so rules can match
// case-insensitively with plain (fast) patterns and report spans of s.
func lowerSameLen(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		b := []byte(s)
		for i, c := range b {
			if 'A' <= c && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
		}
		return string(b)
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if lr := unicode.ToLower(r); lr != r && utf8.RuneLen(lr) == size {
			b = utf8.AppendRune(b, lr)
		} else {
			b = append(b, s[i:i+size]...) // invalid bytes and length-changing runes stay as they are
		}
		i += size
	}
	return string(b)
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r'
}

// runeLen is the byte length of the rune at text[i] (1 for invalid bytes).
func runeLen(text string, i int) int {
	_, size := utf8.DecodeRuneInString(text[i:])
	return size
}
