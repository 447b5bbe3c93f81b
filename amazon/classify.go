package amazon

import (
	"mime"
	"regexp"
	"strings"

	"github.com/buyerdesk/buyerdesk"
	"github.com/emersion/go-message/mail"
)

// Amazon's notification types in the X-Space-Notification-Type header.
const (
	notifBuyerMessage = "BBC_MESSAGE_SENT_TO_MERCHANT"
	notifSellerCopy   = "BBC_MESSAGE_CONFIRMATION_TO_MERCHANT"
)

var (
	// sellerCopySubjectRe matches Amazon's confirmation of a reply typed in
	// Seller Central; group 1 is the buyer's name.
	sellerCopySubjectRe = regexp.MustCompile(`(?i)^(?:re:\s*)?(?:your e-?mail to|ihre e-?mail an|votre e-?mail (?:à|a)|la tua e-?mail a|tu (?:correo electrónico|e-?mail) a|uw e-?mail aan)\s+(.+?)\s*(?:\(|$)`)
	rejectionRe         = regexp.MustCompile(`(?i)(could not be delivered|was not delivered|has not been delivered|could not be sent|was not sent|undeliverable|delivery (?:has )?failed|delivery failure|konnte nicht (?:zugestellt|gesendet|versendet) werden|wurde nicht (?:zugestellt|gesendet|versendet)|n'a pas pu être (?:envoyé|remis|distribué)|non è stato (?:possibile (?:consegnare|inviare)|consegnato)|no se (?:ha )?(?:podido|pudo) (?:entregar|enviar)|配信できませんでした|送信できませんでした)`)
	claimRe             = regexp.MustCompile(`(?i)(a-to-z|a-z[- ]guarantee|a-bis-z|a-z[- ]garantie|garantie de a à z|garantie a à z|garanzia dalla a alla z|garanzia a-z|garantía de la a a la z|garantía de la a a la z|マーケットプレイス保証)`)
)

// classification is the kind of a mail and what decided it.
type classification struct {
	kind   buyerdesk.MailKind
	reason string
	from   address // the parsed From
}

// address is a parsed mailbox: decoded display name and address.
type address struct{ name, addr string }

// classify decides what kind of mail this is, following the rules.
// Only mails whose From (and envelope sender, if known) are Amazon's count as
// Amazon's; a multipart/report DSN may come from any mail server.
func classify(h mail.Header, subject, text string, c *content) classification {
	from, _ := firstAddress(h, "From")
	cl := classification{from: from}
	if c.report {
		cl.kind = buyerdesk.KindDeliveryFailure
		return cl
	}
	fromDomain := domainOf(from.addr)
	switch {
	case from.addr == "":
		return ignored(cl, "no sender address")
	case !isAmazonDomain(fromDomain):
		return ignored(cl, "sender domain "+fromDomain+" is not Amazon's")
	}
	if rp := lenientMsgID(h.Get("Return-Path")); rp != "" && !isAmazonBounceDomain(domainOf(rp)) {
		return ignored(cl, "return path domain "+domainOf(rp)+" is not Amazon's")
	}
	_, isRelay := relayMarketplace(from.addr)
	notif := strings.ToUpper(strings.TrimSpace(h.Get("X-Space-Notification-Type")))
	switch {
	case notif == notifBuyerMessage:
		cl.kind = buyerdesk.KindBuyerMessage
	case notif == notifSellerCopy || sellerCopySubjectRe.MatchString(subject):
		cl.kind = buyerdesk.KindSellerCopy
	case isRelay:
		cl.kind = buyerdesk.KindBuyerMessage
	case rejectionRe.MatchString(subject) || (isBouncer(from.addr) && rejectionRe.MatchString(text)):
		cl.kind = buyerdesk.KindDeliveryFailure
	case claimRe.MatchString(subject):
		cl.kind = buyerdesk.KindClaim
	default:
		return ignored(cl, "Amazon mail that is no buyer message, seller copy, bounce or claim")
	}
	return cl
}

func ignored(cl classification, reason string) classification {
	cl.kind = buyerdesk.KindIgnored
	cl.reason = reason
	return cl
}

// isBouncer reports whether addr is a mail system's or a no-reply sender.
func isBouncer(addr string) bool {
	local, _, _ := strings.Cut(strings.ToLower(addr), "@")
	for _, p := range []string{"mailer-daemon", "postmaster", "donotreply", "do-not-reply", "no-reply", "noreply", "seller-notification", "bounce"} {
		if strings.Contains(local, p) {
			return true
		}
	}
	return false
}

var addrRe = regexp.MustCompile(`[^\s<>"(),;:@]+@[^\s<>"(),;:@]+`)

// firstAddress parses the first mailbox of a header field. When net/mail
// refuses the field, the address is found leniently, so a malformed From is
// still classified by its real domain.
func firstAddress(h mail.Header, key string) (address, bool) {
	list, ok := addresses(h, key)
	if len(list) == 0 {
		return address{}, false
	}
	return list[0], ok
}

// addresses parses all mailboxes of a header field; ok is false when the
// lenient fallback was used.
func addresses(h mail.Header, key string) ([]address, bool) {
	v := h.Get(key)
	if v == "" {
		return nil, true
	}
	if list, err := h.AddressList(key); err == nil {
		out := make([]address, 0, len(list))
		for _, a := range list {
			out = append(out, address{name: a.Name, addr: a.Address})
		}
		return out, true
	}
	loc := addrRe.FindStringIndex(v)
	if loc == nil {
		return nil, false
	}
	name := strings.TrimSpace(strings.Trim(strings.TrimSpace(v[:loc[0]]), `<"`))
	if dec, err := new(mime.WordDecoder).DecodeHeader(name); err == nil {
		name = dec
	}
	return []address{{name: strings.Trim(name, `" `), addr: v[loc[0]:loc[1]]}}, false
}
