package config

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Match reports whether the trigger fires for a buyer message in lang
// (ISO 639-1; "" when unknown): the language fits (the trigger names none,
// or the message's is unknown or the same) and a keyword occurs as a whole
// word or phrase, case-insensitively, or the pattern matches.
func (t *Trigger) Match(text, lang string) bool {
	if t.Lang != "" && lang != "" && t.Lang != lang {
		return false
	}
	lower := strings.ToLower(text)
	for _, k := range t.Keywords {
		if containsWord(lower, strings.ToLower(strings.TrimSpace(k))) {
			return true
		}
	}
	return t.Regexp != nil && t.Regexp.MatchString(text)
}

// Suggest returns the first trigger that matches, if any.
func (c *Config) Suggest(text, lang string) (*Trigger, bool) {
	for i := range c.Triggers {
		if c.Triggers[i].Match(text, lang) {
			return &c.Triggers[i], true
		}
	}
	return nil, false
}

// containsWord finds word in s with a non-letter, non-digit (Unicode) rune
// or the text's edge on both sides.
func containsWord(s, word string) bool {
	if word == "" {
		return false
	}
	for from := 0; from <= len(s)-len(word); {
		i := strings.Index(s[from:], word)
		if i < 0 {
			return false
		}
		start, end := from+i, from+i+len(word)
		before, _ := utf8.DecodeLastRuneInString(s[:start])
		after, _ := utf8.DecodeRuneInString(s[end:])
		if (start == 0 || !isWordRune(before)) && (end == len(s) || !isWordRune(after)) {
			return true
		}
		_, size := utf8.DecodeRuneInString(s[start:])
		from = start + size
	}
	return false
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
