package amazon

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/buyerdesk/buyerdesk"
	"github.com/emersion/go-message"
	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-message/textproto"
	"golang.org/x/text/encoding/charmap"
)

// Limits that keep a hostile mail from costing unbounded work.
const (
	maxDepth     = 12
	maxParts     = 256
	maxTextBytes = 4 << 20
)

// content is what the walk over a mail's MIME tree found.
type content struct {
	plain, html   string
	links         []link // anchors of the HTML part
	attachments   []buyerdesk.Attachment
	report        bool   // a multipart/report delivery status notification
	dsnRecipient  string // Final-Recipient or Original-Recipient of a DSN
	origMessageID string // Message-ID of an enclosed original mail
	origSubject   string // its decoded subject
	parts         int
}

// text is the readable text of the mail: text/plain preferred, else the HTML
// converted to text.
func (c *content) text() string {
	if strings.TrimSpace(c.plain) != "" {
		return c.plain
	}
	return c.html
}

// walk visits the MIME tree of e and collects its text and attachments.
func walk(e *message.Entity, w *warnings) *content {
	c := &content{}
	c.visit(e, 0, false, w)
	return c
}

func (c *content) visit(e *message.Entity, depth int, inRelated bool, w *warnings) {
	c.parts++
	if depth > maxDepth || c.parts > maxParts {
		w.add("mime tree too deep or too large; rest skipped")
		return
	}
	mt, params, err := e.Header.ContentType()
	if err != nil {
		w.add("content-type: " + err.Error())
	}
	if mt == "" {
		mt = "text/plain"
	}
	if strings.HasPrefix(mt, "multipart/") {
		c.visitMultipart(e, mt, params, depth, w)
		return
	}
	disp, dparams, _ := e.Header.ContentDisposition()
	name := dparams["filename"]
	if name == "" {
		name = params["name"]
	}
	switch {
	case mt == "message/delivery-status":
		c.readDeliveryStatus(e.Body)
		return
	case (mt == "message/rfc822" || mt == "text/rfc822-headers" || mt == "message/rfc822-headers") &&
		(disp != "attachment" || c.report):
		if c.origMessageID == "" {
			c.origMessageID, c.origSubject = enclosedHeader(e.Body)
		}
		return
	}
	isText := mt == "text/plain" || mt == "text/html"
	if disp == "attachment" || !isText || (name != "" && disp != "inline") {
		if inRelated && disp != "attachment" && e.Header.Get("Content-Id") != "" {
			return // a logo or spacer of the HTML layout
		}
		n, err := io.Copy(io.Discard, e.Body)
		if err != nil {
			w.add("attachment: " + err.Error())
		}
		c.attachments = append(c.attachments, buyerdesk.Attachment{
			Filename: cleanLine(name), ContentType: mt, Size: n,
		})
		return
	}
	s := readText(e, params["charset"], w)
	if mt == "text/html" {
		if c.html == "" {
			var links []link
			c.html, links = htmlToText(s)
			c.links = append(c.links, links...)
		}
	} else if c.plain == "" {
		c.plain = s
	}
}

func (c *content) visitMultipart(e *message.Entity, mt string, params map[string]string, depth int, w *warnings) {
	if mt == "multipart/report" && strings.EqualFold(params["report-type"], "delivery-status") {
		c.report = true
	}
	mr := e.MultipartReader()
	if mr == nil {
		return
	}
	for {
		p, err := mr.NextPart()
		if p == nil {
			if err != nil && !errors.Is(err, io.EOF) {
				w.add("multipart: " + err.Error())
			}
			return
		}
		if err != nil {
			w.add(err.Error())
		}
		c.visit(p, depth+1, mt == "multipart/related", w)
		if c.parts > maxParts {
			return
		}
	}
}

// readText reads a text part decoded to UTF-8 with LF line endings. A
// charset go-message could not decode is guessed: UTF-8 when valid, else
// Windows-1252 (a superset of ISO-8859-1 for printable text).
func readText(e *message.Entity, cs string, w *warnings) string {
	b, err := io.ReadAll(io.LimitReader(e.Body, maxTextBytes))
	if err != nil {
		w.add("body: " + err.Error())
	}
	if !utf8.Valid(b) {
		if cs != "" && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "us-ascii") {
			w.add("text not decodable as " + strings.ToLower(cleanLine(cs)) + "; guessed windows-1252")
		} else if cs != "" {
			w.add("invalid " + strings.ToLower(cs) + "; guessed windows-1252")
		}
		if d, err := charmap.Windows1252.NewDecoder().Bytes(b); err == nil {
			b = d
		}
	}
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.ToValidUTF8(s, "\uFFFD")
}

// readDeliveryStatus takes the failed recipient from a DSN's status fields.
func (c *content) readDeliveryStatus(r io.Reader) {
	b, _ := io.ReadAll(io.LimitReader(r, 64<<10))
	for _, line := range strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n") {
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key = strings.ToLower(strings.TrimSpace(key))
		if key != "final-recipient" && key != "original-recipient" {
			continue
		}
		if _, addr, ok := strings.Cut(val, ";"); ok && c.dsnRecipient == "" {
			c.dsnRecipient = strings.Trim(strings.TrimSpace(addr), "<>")
		}
	}
}

// enclosedHeader returns the Message-ID and subject of an enclosed mail or
// header block, such as the copy of a bounced mail in a DSN.
func enclosedHeader(r io.Reader) (id, subject string) {
	h, err := textproto.ReadHeader(bufio.NewReader(io.LimitReader(r, 256<<10)))
	if err != nil && h.Len() == 0 {
		return "", ""
	}
	mh := mail.Header{Header: message.Header{Header: h}}
	subject, _ = mh.Subject()
	return lenientMsgID(h.Get("Message-Id")), cleanLine(subject)
}
