package templates

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	htmlTagRe = regexp.MustCompile(`</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>`)
	markdown  = []gatedRe{
		gateNear(200, `\*\*[^*\n]+\*\*`, "**"),
		gateNear(200, `__[^_\n]+__`, "__"),
		gateNear(4, `(?m:^#{1,6}\s)`, "#"),
		gateNear(200, `\[[^\]\n]+\]\([^)\n]+\)`, "]("),
	}
	punctRun    = gateNear(40, `[!?]{3,}`, "!!!", "???", "!?!", "?!?", "!!?", "??!", "?!!", "!??")
	smileyRe    = regexp.MustCompile(`^(?:[:;=]'?-?[)(DPp]|<3|\^\^|xD)`)
	unitAfterRe = regexp.MustCompile(`^\s*(?:\d|[a-zA-Z%°€$£]{1,4}\b)`)
)

// acronyms are all-caps words that are not shouting.
var acronyms = map[string]bool{
	"DHL": true, "UPS": true, "DPD": true, "GLS": true, "USPS": true, "TNT": true, "FBA": true, "FBM": true,
	"USA": true, "GMBH": true, "ASIN": true, "EAN": true, "UPC": true, "SKU": true, "ISBN": true, "ISO": true,
	"USB": true, "LED": true, "LCD": true, "HDMI": true, "WLAN": true, "PDF": true, "MWST": true, "UST": true,
	"CEO": true, "FAQ": true, "API": true, "PIN": true, "SIM": true, "RAM": true, "SSD": true, "HDD": true,
	"GPS": true, "NFC": true, "DIY": true, "ODR": true, "SLA": true, "EUR": true, "USD": true, "GBP": true,
	"VAT": true, "ABS": true, "PVC": true, "UVP": true, "AKKU": true, "KFZ": true, "PKW": true,
}

func (l *linter) checkFormatting() {
	t := l.text
	if strings.ContainsRune(t, '<') {
		for _, m := range htmlTagRe.FindAllStringIndex(t, -1) {
			if !l.overlapsBlock(m[0], m[1]) {
				l.warn("format.html", "formatting", m[0], m[1], "HTML tag: Amazon shows replies as plain text.", "Remove the tag.")
			}
		}
	}
	for _, g := range markdown {
		g.findAny(l.hits, t, func(s, e int) {
			if !l.overlapsBlock(s, e) {
				l.warn("format.markdown", "formatting", s, e, "Markdown formatting: the buyer sees the raw symbols.", "Write plain sentences without ** or #.")
			}
		})
	}
	punctRun.findAny(l.hits, t, func(s, e int) {
		l.warn("format.punctuation", "formatting", s, e, "Run of exclamation or question marks.", "Use a single punctuation mark.")
	})
	l.checkShouting()
}

// checkShouting warns on three or more consecutive all-caps words of at
// least three letters, not counting known acronyms. Words containing digits
// (order ids, models) end a run; short capitals ("DO", "EU") and acronyms
// neither count nor end it.
func (l *linter) checkShouting() {
	t := l.text
	runStart, runEnd, count := -1, -1, 0
	flush := func() {
		if count >= 3 {
			l.warn("format.shouting", "formatting", runStart, runEnd, "Text in capitals reads as shouting.", "Write in normal sentence case.")
		}
		runStart, runEnd, count = -1, -1, 0
	}
	for i := 0; i < len(t); {
		c := t[i]
		if c < utf8.RuneSelf && !isASCIIAlnum(c) {
			i++
			continue
		}
		// Scan one word of letters and digits.
		j, upper, digit, letters := i, true, false, 0
		for j < len(t) {
			c := t[j]
			if c < utf8.RuneSelf {
				switch {
				case c >= 'A' && c <= 'Z':
				case c >= 'a' && c <= 'z':
					upper = false
				case c >= '0' && c <= '9':
					digit = true
				default:
					goto done
				}
				letters++
				j++
				continue
			}
			r, size := utf8.DecodeRuneInString(t[j:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				break
			}
			if unicode.IsDigit(r) {
				digit = true
			} else if !unicode.IsUpper(r) {
				upper = false
			}
			letters++
			j += size
		}
	done:
		if j == i { // a non-ASCII rune that is not a letter or digit
			_, size := utf8.DecodeRuneInString(t[i:])
			i += size
			continue
		}
		switch {
		case digit || !upper:
			flush()
		case letters < 3 || acronyms[strings.ToUpper(t[i:j])]:
		default:
			if runStart < 0 {
				runStart = i
			}
			runEnd = j
			count++
		}
		i = j
	}
	flush()
}

func isASCIIAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isWordByte(t string, i int) bool {
	r, _ := utf8.DecodeRuneInString(t[i:])
	return isWordRune(r)
}

func (l *linter) checkSmileys() {
	t := l.text
	for s := 0; s < len(t); s++ {
		if !smileyFirst[t[s]] {
			continue
		}
		e := smileyEnd(t, s)
		if e < 0 {
			continue
		}
		ex := t[s:e]
		switch {
		case ex == "<3":
			if unitAfterRe.MatchString(t[e:]) {
				continue // "<3 kg": less than three
			}
		case ex[0] == '=':
			if !wordStart(t, s) {
				continue // "x=D"
			}
		case ex == "xD":
			if !wordStart(t, s) || !wordEnd(t, e) {
				continue
			}
		}
		if ex[len(ex)-1] == 'D' || ex[len(ex)-1] == 'P' || ex[len(ex)-1] == 'p' {
			if !wordEnd(t, e) {
				continue // ":Phone", ":Dienstag"
			}
		}
		if ex[0] == ':' && s > 0 && t[s-1] >= '0' && t[s-1] <= '9' {
			continue // "14:30)" is a time in brackets, not a smiley
		}
		if l.overlapsBlock(s, e) {
			continue
		}
		l.warn("smiley", "ascii_smiley", s, e, "ASCII smiley: keep replies plain and professional.", "Delete the smiley.")
	}
}

// smileyFirst marks the bytes an ASCII smiley begins with.
var smileyFirst = [256]bool{':': true, ';': true, '=': true, '<': true, '^': true, 'x': true}

// smileyEnd returns the end of an ASCII smiley starting at t[i] — ":)",
// ";-)", ":'(", ":D", "=P", "<3", "^^", "xD" — or -1.
func smileyEnd(t string, i int) int {
	switch t[i] {
	case ':', ';', '=':
		j := i + 1
		if j < len(t) && t[j] == '\'' {
			j++
		}
		if j < len(t) && t[j] == '-' {
			j++
		}
		if j < len(t) && strings.IndexByte(")(DPp", t[j]) >= 0 {
			return j + 1
		}
	case '<':
		if i+1 < len(t) && t[i+1] == '3' {
			return i + 2
		}
	case '^':
		if i+1 < len(t) && t[i+1] == '^' {
			return i + 2
		}
	case 'x':
		if i+1 < len(t) && t[i+1] == 'D' {
			return i + 2
		}
	}
	return -1
}
