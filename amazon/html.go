package amazon

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// link is an HTML anchor: its target and its visible text.
type link struct{ href, text string }

// htmlToText renders HTML as plain text: script and style are dropped, block
// elements and <br> become line breaks, other whitespace collapses. It also
// returns the document's anchors.
func htmlToText(src string) (string, []link) {
	z := html.NewTokenizer(strings.NewReader(src))
	var (
		b       strings.Builder
		pending int  // line breaks owed before the next text
		space   bool // a space owed before the next text
		skip    int  // depth inside script/style/head
		links   []link
		anchor  = -1 // index in links of the open <a>, or -1
	)
	brk := func(n int) { pending = max(pending, n) }
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return finishHTML(b.String()), links
		case html.TextToken:
			if skip > 0 {
				continue
			}
			raw := string(z.Text())
			t := strings.Join(strings.Fields(raw), " ")
			if t == "" {
				space = space || raw != ""
				continue
			}
			switch {
			case b.Len() == 0:
			case pending > 0:
				b.WriteString(strings.Repeat("\n", pending))
			case space || startsSpace(raw):
				b.WriteByte(' ')
			}
			pending, space = 0, endsSpace(raw)
			b.WriteString(t)
			if anchor >= 0 {
				links[anchor].text += t + " "
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			start := tt != html.EndTagToken
			switch a {
			case atom.Script, atom.Style, atom.Head, atom.Title:
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			case atom.Br:
				pending++
			case atom.P, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Blockquote, atom.Table, atom.Hr:
				brk(2)
			case atom.Div, atom.Li, atom.Tr, atom.Ul, atom.Ol, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Pre:
				brk(1)
			case atom.Td, atom.Th:
				space = true
			case atom.A:
				anchor = -1
				if start && hasAttr {
					if href := attr(z, "href"); href != "" && len(links) < 200 {
						links = append(links, link{href: href})
						anchor = len(links) - 1
					}
				}
			}
		}
	}
}

// attr returns the value of the named attribute of the current tag.
func attr(z *html.Tokenizer, name string) string {
	for {
		k, v, more := z.TagAttr()
		if string(k) == name {
			return strings.TrimSpace(string(v))
		}
		if !more {
			return ""
		}
	}
}

// finishHTML trims the spaces around line breaks.
func finishHTML(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

func startsSpace(s string) bool { return s != "" && strings.TrimLeft(s, " \t\r\n\f") != s }
func endsSpace(s string) bool   { return s != "" && strings.TrimRight(s, " \t\r\n\f") != s }
