package amazon

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/buyerdesk/buyerdesk"
	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // decode every charset go-message knows
	"github.com/emersion/go-message/mail"
	"golang.org/x/text/encoding/charmap"
)

// maxAnalysed bounds the text searched for Amazon's layout; a buyer's
// message is a few KiB at most.
const maxAnalysed = 256 << 10

// errNoHeader reports input that has no header fields at all.
var errNoHeader = errors.New("no header fields")

// Parse reads one raw e-mail and returns what it says. It returns an error
// only when raw is not a readable message at all; every readable mail yields
// a Mail, and a mail that is not usable gets Kind ignored with a Reason.
//
// An ignored mail keeps only what identifies the mail itself (subject,
// Message-ID, references, date, attachments): it never carries an order id,
// relay address or body, so an imitation of Amazon's layout cannot join a case.
func Parse(raw []byte) (buyerdesk.Mail, error) {
	ent, err := message.Read(bytes.NewReader(raw))
	if err != nil && ent == nil {
		return buyerdesk.Mail{}, fmt.Errorf("read message: %w", err)
	}
	if ent.Header.Len() == 0 {
		return buyerdesk.Mail{}, fmt.Errorf("read message: %w", errNoHeader)
	}
	var w warnings
	if err != nil {
		w.add(err.Error())
	}
	h := mail.Header{Header: ent.Header}
	var m buyerdesk.Mail
	readHeaders(h, &m, &w)

	c := walk(ent, &w)
	m.Attachments = c.attachments
	text := c.text()
	if len(text) > maxAnalysed {
		text = strings.ToValidUTF8(text[:maxAnalysed], "")
		w.add("text longer than 256 KiB; the rest was not analysed")
	}

	cl := classify(h, m.Subject, text, c)
	m.Kind = cl.kind
	m.Reason = cl.reason
	if c.origMessageID != "" && m.Kind == buyerdesk.KindDeliveryFailure {
		m.References = appendUnique([]string{c.origMessageID}, m.References...)
	}
	if m.Kind != buyerdesk.KindIgnored {
		extract(h, &m, text, c, cl)
	}
	m.Warnings = w.list
	return m, nil
}

// readHeaders fills the fields that come straight from the mail's header.
func readHeaders(h mail.Header, m *buyerdesk.Mail, w *warnings) {
	subj, err := h.Subject()
	if err != nil {
		w.add("subject: " + err.Error())
	}
	m.Subject = cleanLine(subj)

	if id, err := h.MessageID(); err == nil {
		m.MessageID = id
	} else {
		m.MessageID = lenientMsgID(h.Get("Message-Id"))
	}
	for _, key := range []string{"In-Reply-To", "References"} {
		ids, err := h.MsgIDList(key)
		if err != nil {
			ids = lenientMsgIDs(h.Get(key))
		}
		m.References = appendUnique(m.References, ids...)
	}

	if h.Get("Date") != "" {
		t, err := h.Date()
		if err != nil {
			w.add("date: " + err.Error())
		} else {
			m.SentAt = t.UTC()
		}
	}
}

var msgIDRe = regexp.MustCompile(`<([^<>\s]+)>`)

// lenientMsgIDs finds <id> tokens in a header that net/mail refused.
func lenientMsgIDs(v string) []string {
	var ids []string
	for _, sm := range msgIDRe.FindAllStringSubmatch(v, 32) {
		ids = append(ids, sm[1])
	}
	return ids
}

// lenientMsgID returns the first <id> of v, or v without brackets.
func lenientMsgID(v string) string {
	if ids := lenientMsgIDs(v); len(ids) > 0 {
		return ids[0]
	}
	return strings.Trim(strings.TrimSpace(v), "<>")
}

// appendUnique appends the non-empty ids not yet in list.
func appendUnique(list []string, ids ...string) []string {
	for _, id := range ids {
		if id == "" {
			continue
		}
		dup := false
		for _, have := range list {
			if have == id {
				dup = true
				break
			}
		}
		if !dup {
			list = append(list, id)
		}
	}
	return list
}

// cleanLine collapses a header value's folding and stray whitespace; raw
// 8-bit bytes that are not UTF-8 are read as Windows-1252.
func cleanLine(s string) string {
	if !utf8.ValidString(s) {
		if d, err := charmap.Windows1252.NewDecoder().String(s); err == nil {
			s = d
		}
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return strings.Join(strings.Fields(s), " ")
}

// warnings collects parse problems that did not stop parsing, without
// duplicates and without quoting the mail's content.
type warnings struct{ list []string }

func (w *warnings) add(s string) {
	if len(w.list) >= 20 {
		return
	}
	for _, have := range w.list {
		if have == s {
			return
		}
	}
	w.list = append(w.list, s)
}
