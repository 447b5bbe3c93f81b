package outbox_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/buyerdesk/buyerdesk/amazon/outbox"
)

// TestHeaderInjection feeds hostile values from a buyer's mail into every
// header Compose fills from it and checks that no header appears that
// Compose did not write, and that no header line carries a raw control or
// separator character.
func TestHeaderInjection(t *testing.T) {
	hostile := []string{
		"Hi\r\nBcc: victim@example.com",
		"\nX-Evil: 1",
		"Hi\rX-Evil: 1",
		"Hi\r\n\r\nbody injected",
		"Hi\u2028X-Evil: 1",
		"Hi\u2029X-Evil: 1",
		"Hi\u0085X-Evil: 1",
		"Hi\x00X-Evil: 1",
		"Hi\x0bX-Evil: 1\x0c",
		"Hi\u202eX-Evil: 1",
		"Hi\xff\xfeX-Evil: 1",
		"<a@b>\r\nBcc: victim@example.com",
	}
	allowed := map[string]bool{"from": true, "to": true, "subject": true, "date": true, "message-id": true,
		"in-reply-to": true, "references": true, "mime-version": true, "content-type": true,
		"content-transfer-encoding": true}
	for _, h := range hostile {
		for field, set := range map[string]func(*outbox.Reply){
			"subject":    func(r *outbox.Reply) { r.Subject = h },
			"inReplyTo":  func(r *outbox.Reply) { r.InReplyTo = h },
			"references": func(r *outbox.Reply) { r.References = []string{h, "<ok@example.com>"} },
			"body":       func(r *outbox.Reply) { r.Body = h },
		} {
			r := baseReply()
			set(&r)
			raw, err := outbox.Compose(r)
			if err != nil {
				t.Fatalf("%s %q: %v", field, h, err)
			}
			head, _, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
			for _, line := range strings.Split(string(head), "\r\n") {
				if strings.ContainsAny(line, "\r\n\x00\x0b\x0c\u2028\u2029\u0085\u202e") || strings.Contains(line, "\xff") {
					t.Errorf("%s %q: raw control in header line %q", field, h, line)
				}
				if line == "" || line[0] == ' ' || line[0] == '\t' {
					continue // folded continuation
				}
				name, _, _ := strings.Cut(line, ":")
				if !allowed[strings.ToLower(name)] {
					t.Errorf("%s %q: injected header %q", field, h, line)
				}
			}
			for _, bad := range []string{"\r\nbcc:", "\r\nx-evil:", "\r\n\r\n"} {
				if strings.Contains(strings.ToLower(string(head)), bad) {
					t.Errorf("%s %q: header block\n%s", field, h, head)
				}
			}
		}
	}
}

// Addresses with control characters are refused, not repaired.
func TestHostileAddresses(t *testing.T) {
	for _, to := range []string{
		"buyer@marketplace.amazon.de\r\nBcc: victim@example.com",
		"buyer@marketplace.amazon.de\u2028",
		"Erika\n <buyer@marketplace.amazon.de>",
		"not an address",
	} {
		r := baseReply()
		r.To = to
		if _, err := outbox.Compose(r); err == nil {
			t.Errorf("To %q accepted", to)
		}
		if _, _, err := outbox.Envelope(r); err == nil {
			t.Errorf("envelope To %q accepted", to)
		}
	}
}
