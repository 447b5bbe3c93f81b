package app

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// DemoBuyer is one scripted buyer message of the demo.
type DemoBuyer struct {
	Marketplace string // amazon.de, amazon.co.uk, amazon.com
	Lang        string // de or en
	Name        string
	Item        string
	Subject     string // without the "(Order: …)" suffix
	Body        string
	PreSale     bool // no order id
}

// DemoBuyers returns the seeded set: German and English, several
// marketplaces, a damaged item, a late parcel, a pre-sale question and more.
func DemoBuyers() []DemoBuyer {
	return []DemoBuyer{
		{"amazon.de", "de", "Petra Lindner", "Espressotassen-Set „Milano“, 6 Stück", "Artikel beschädigt",
			"Guten Tag,\nleider ist das Set beschädigt angekommen: zwei Tassen haben einen Sprung.\nWas kann ich tun?\nViele Grüße\nPetra", false},
		{"amazon.co.uk", "en", "Jane Whitfield", "Stainless steel tea kettle 1.7 l", "Parcel not arrived",
			"Hello,\nmy parcel has not arrived yet and the tracking has not moved for four days. Where is my order?\nKind regards\nJane", false},
		{"amazon.com", "en", "Michael Turner", "USB-C charging cable, 2 m, braided", "Question about a product",
			"Hi,\nis this cable compatible with a 100 W laptop charger? I want to order two if it is.\nThanks\nMichael", true},
		{"amazon.de", "de", "Jonas Becker", "LED-Schreibtischlampe, dimmbar", "Wo ist mein Paket?",
			"Hallo,\nwo ist mein Paket? Laut Amazon sollte es gestern kommen, es ist aber noch nicht angekommen.\nGruß Jonas", false},
		{"amazon.com", "en", "Ashley Brooks", "Ceramic pour-over coffee dripper", "Item arrived broken",
			"Hello,\nthe dripper arrived broken, the handle snapped off in the box. Can you send a replacement?\nAshley", false},
		{"amazon.de", "de", "Sabine Koch", "Bettwäsche Satin 155x220", "Rücksendung",
			"Guten Tag,\ndie Farbe gefällt mir leider nicht. Wie kann ich die Bettwäsche zurückschicken und wann bekomme ich mein Geld zurück?\nMit freundlichen Grüßen\nSabine Koch", false},
		{"amazon.co.uk", "en", "Oliver Hughes", "Bamboo cutting board set", "Delivery date",
			"Hi there,\ncould you tell me when my order will be dispatched? I need it before the weekend.\nCheers, Oliver", false},
	}
}

// followUp is a buyer's second message in an existing conversation.
func followUp(lang string) string {
	if lang == "de" {
		return "Hallo nochmal,\nich habe noch keine Antwort bekommen. Bitte melden Sie sich."
	}
	return "Hello again,\nI have not heard back yet. Could you please reply?"
}

// DemoConversation is a buyer's relay identity kept across follow-ups.
type DemoConversation struct {
	Buyer   DemoBuyer
	Relay   string // local part of the relay address
	OrderID string
	N       int // messages sent so far
}

// NewDemoConversation starts a conversation with fresh ids.
func NewDemoConversation(b DemoBuyer, rnd *rand.Rand) *DemoConversation {
	c := &DemoConversation{Buyer: b, Relay: randomToken(rnd, 15)}
	if !b.PreSale {
		c.OrderID = fmt.Sprintf("%03d-%07d-%07d", 200+rnd.IntN(700), rnd.IntN(10_000_000), rnd.IntN(10_000_000))
	}
	return c
}

// Mail renders the next message of the conversation as Amazon relays it.
func (c *DemoConversation) Mail(at time.Time, rnd *rand.Rand) []byte {
	b := c.Buyer
	c.N++
	body := b.Body
	if c.N > 1 {
		body = followUp(b.Lang)
	}
	var subject, begin, end, orderLine, footer string
	switch b.Lang {
	case "de":
		subject = b.Subject
		if c.OrderID != "" {
			subject += " (Bestellung: " + c.OrderID + ")"
			orderLine = "Bestellnummer: " + c.OrderID + "\n"
		}
		begin, end = "------------- Anfang der Nachricht -------------", "------------- Ende der Nachricht -------------"
		footer = "Um auf diese Nachricht zu antworten, antworten Sie einfach auf diese E-Mail.\n\nCopyright 2026 Amazon.com, Inc. oder Tochtergesellschaften."
	default:
		subject = b.Subject
		if c.OrderID != "" {
			subject += " (Order: " + c.OrderID + ")"
			orderLine = "Order ID: " + c.OrderID + "\n"
		}
		begin, end = "------------- Begin message -------------", "------------- End message -------------"
		footer = "To respond to this customer, simply reply to this e-mail.\n\nCopyright 2026 Amazon.com, Inc. or its affiliates. All rights reserved."
	}
	var m strings.Builder
	fmt.Fprintf(&m, "Return-Path: <0102%s@eu-west-1.amazonses.com>\r\n", randomToken(rnd, 12))
	fmt.Fprintf(&m, "From: \"%s - Amazon Marketplace\" <%s@marketplace.%s>\r\n", b.Name, c.Relay, b.Marketplace)
	fmt.Fprintf(&m, "To: support@demo-shop.example\r\nSubject: %s\r\n", mimeWord(subject))
	fmt.Fprintf(&m, "Date: %s\r\nMessage-ID: <demo.%s@email.amazonses.com>\r\n", at.UTC().Format(time.RFC1123Z), randomToken(rnd, 20))
	m.WriteString("X-Space-Notification-Type: BBC_MESSAGE_SENT_TO_MERCHANT\r\nMIME-Version: 1.0\r\n")
	m.WriteString("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	text := orderLine + "Item: " + b.Item + "\n\n" + begin + "\n\n" + body + "\n\n" + end + "\n\n" + footer + "\n"
	m.WriteString(strings.ReplaceAll(text, "\n", "\r\n"))
	return []byte(m.String())
}

// mimeWord encodes a non-ASCII header value as an RFC 2047 word.
func mimeWord(s string) string {
	for _, r := range s {
		if r > 127 {
			return "=?utf-8?q?" + qEncode(s) + "?="
		}
	}
	return s
}

func qEncode(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		switch {
		case c == ' ':
			b.WriteByte('_')
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '.':
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "=%02X", c)
		}
	}
	return b.String()
}

func randomToken(rnd *rand.Rand, n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rnd.IntN(len(alphabet))]
	}
	return string(b)
}
