package amazon

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/buyerdesk/buyerdesk"
)

// mailJSON is the shape `buyerdesk parse-email` prints: exactly these keys,
// null for what is unknown.
type mailJSON struct {
	Kind                string                 `json:"kind"`
	Reason              *string                `json:"reason"`
	OrderID             *string                `json:"order_id"`
	Marketplace         *string                `json:"marketplace"`
	RelayAddress        *string                `json:"relay_address"`
	CaseID              *string                `json:"case_id"`
	BuyerName           *string                `json:"buyer_name"`
	Subject             *string                `json:"subject"`
	MessageID           *string                `json:"message_id"`
	SentAt              *string                `json:"sent_at"`
	Language            *string                `json:"language"`
	Body                *string                `json:"body"`
	Attachments         []buyerdesk.Attachment `json:"attachments"`
	NoResponseNeededURL *string                `json:"no_response_needed_url"`
}

// MailJSON renders m as the indented JSON object of `buyerdesk parse-email`,
// without a trailing newline. The reason is null unless m is ignored.
func MailJSON(m buyerdesk.Mail) ([]byte, error) {
	v := mailJSON{
		Kind:                string(m.Kind),
		OrderID:             str(m.OrderID),
		Marketplace:         str(m.Marketplace),
		RelayAddress:        str(m.RelayAddress),
		CaseID:              str(m.CaseID),
		BuyerName:           str(m.BuyerName),
		Subject:             str(m.Subject),
		MessageID:           str(m.MessageID),
		Language:            str(m.Language),
		Body:                str(m.Body),
		Attachments:         m.Attachments,
		NoResponseNeededURL: str(m.NoResponseNeededURL),
	}
	if m.Kind == buyerdesk.KindIgnored {
		v.Reason = str(m.Reason)
	}
	if !m.SentAt.IsZero() {
		v.SentAt = str(m.SentAt.UTC().Format(time.RFC3339))
	}
	if v.Attachments == nil {
		v.Attachments = []buyerdesk.Attachment{}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode mail: %w", err)
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// str is nil for the empty string: unknown values are JSON null.
func str(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
