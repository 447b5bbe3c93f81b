package templates

import (
	"unicode"
	"unicode/utf8"
)

// emojiTable covers the Unicode blocks whose characters render as emoji
// pictographs: symbols and pictographs, emoticons, transport, supplemental
// symbols, regional-indicator flags, dingbats, miscellaneous symbols (★, ❤),
// and the emoji members of the technical and arrows blocks. Text symbols
// sellers use (©, ®, ™, °, ⌀, →) are outside it.
var emojiTable = &unicode.RangeTable{
	R16: []unicode.Range16{
		{Lo: 0x231a, Hi: 0x231b, Stride: 1},
		{Lo: 0x2328, Hi: 0x2328, Stride: 1},
		{Lo: 0x23cf, Hi: 0x23cf, Stride: 1},
		{Lo: 0x23e9, Hi: 0x23f3, Stride: 1},
		{Lo: 0x23f8, Hi: 0x23fa, Stride: 1},
		{Lo: 0x24c2, Hi: 0x24c2, Stride: 1},
		{Lo: 0x25aa, Hi: 0x25ab, Stride: 1},
		{Lo: 0x25b6, Hi: 0x25b6, Stride: 1},
		{Lo: 0x25c0, Hi: 0x25c0, Stride: 1},
		{Lo: 0x25fb, Hi: 0x25fe, Stride: 1},
		{Lo: 0x2600, Hi: 0x27bf, Stride: 1},
		{Lo: 0x2934, Hi: 0x2935, Stride: 1},
		{Lo: 0x2b05, Hi: 0x2b07, Stride: 1},
		{Lo: 0x2b1b, Hi: 0x2b1c, Stride: 1},
		{Lo: 0x2b50, Hi: 0x2b50, Stride: 1},
		{Lo: 0x2b55, Hi: 0x2b55, Stride: 1},
		{Lo: 0x3030, Hi: 0x3030, Stride: 1},
		{Lo: 0x303d, Hi: 0x303d, Stride: 1},
		{Lo: 0x3297, Hi: 0x3297, Stride: 1},
		{Lo: 0x3299, Hi: 0x3299, Stride: 1},
	},
	R32: []unicode.Range32{
		{Lo: 0x1f000, Hi: 0x1faff, Stride: 1},
		{Lo: 0x1fc00, Hi: 0x1ffff, Stride: 1},
	},
}

// isEmojiJoiner reports runes that only extend an emoji sequence: zero-width
// joiner, variation selectors, the combining keycap, skin tones (inside
// 1F3FB–1F3FF, already in the table) and tag characters of subdivision flags.
func isEmojiJoiner(r rune) bool {
	return r == 0x200d || r == 0xfe0f || r == 0xfe0e || r == 0x20e3 || (r >= 0xe0020 && r <= 0xe007f)
}

func (l *linter) checkEmoji() {
	t := l.text
	start, end := -1, -1
	flush := func() {
		if start >= 0 {
			l.block("emoji", "emoji", start, end, "Emoji: Amazon replies must be plain text.", "Delete the emoji.")
			start, end = -1, -1
		}
	}
	for i := 0; i < len(t); {
		r, size := utf8.DecodeRuneInString(t[i:])
		switch {
		case r < 0x80:
			flush()
		case unicode.Is(emojiTable, r):
			if start < 0 {
				start = i
			}
			end = i + size
		case isEmojiJoiner(r):
			if start < 0 && (r == 0xfe0f || r == 0x20e3) && i > 0 {
				// Emoji presentation of a text character (❤️, ↔️) or a
				// keycap (1️⃣): the base character before it belongs to it.
				_, bsize := utf8.DecodeLastRuneInString(t[:i])
				start = i - bsize
			}
			if start >= 0 {
				end = i + size
			}
		default:
			flush()
		}
		i += size
	}
	flush()
}
