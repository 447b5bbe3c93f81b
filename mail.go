package buyerdesk

import "time"

// MailKind says what an e-mail from an Amazon mailbox is.
type MailKind string

// The kinds of mail the parser tells apart.
const (
	KindBuyerMessage    MailKind = "buyer_message"    // a buyer wrote to the seller
	KindSellerCopy      MailKind = "seller_copy"      // Amazon's copy of a reply typed in Seller Central
	KindDeliveryFailure MailKind = "delivery_failure" // one of our replies bounced or was rejected
	KindClaim           MailKind = "claim"            // an A-to-z Guarantee notification
	KindIgnored         MailKind = "ignored"          // anything else; Mail.Reason says why
)

// Attachment describes a file attached to a mail. Its content is kept only in
// the raw mail.
type Attachment struct {
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
}

// Mail is one parsed e-mail. Empty strings and the zero time mean unknown.
type Mail struct {
	Kind   MailKind
	Reason string // why the mail was ignored, or the parse error

	OrderID      string // 123-1234567-1234567
	Marketplace  string // amazon.de, amazon.co.uk, …
	RelayAddress string // lower-case anonymised relay address
	CaseID       string // Seller Central case id from the relay local part (after '+')
	BuyerName    string // display name without " - Amazon Marketplace"
	Subject      string
	MessageID    string   // without angle brackets
	References   []string // Message-IDs this mail refers to (In-Reply-To, References, a bounced mail's id)
	SentAt       time.Time
	Language     string // ISO 639-1 of the buyer's text
	Body         string // the buyer's new text only
	Attachments  []Attachment

	NoResponseNeededURL string
	Warnings            []string // problems that did not stop parsing, e.g. an unknown charset
}
