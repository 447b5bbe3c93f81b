package amazon

import (
	"slices"
	"strings"
	"testing"

	"github.com/buyerdesk/buyerdesk"
)

func TestParseAttachments(t *testing.T) {
	const from = "From: Ann <abc@marketplace.amazon.de>"
	tests := []struct {
		name string
		ct   string
		body string
		want []buyerdesk.Attachment
	}{
		{"pdf and text attachment", "multipart/mixed; boundary=b",
			"--b\nContent-Type: text/plain\n\nHallo\n--b\nContent-Type: application/pdf; name=\"Rechnung.pdf\"\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n--b\nContent-Type: text/plain; charset=utf-8\nContent-Disposition: attachment; filename=notes.txt\n\nabc\n--b--\n",
			[]buyerdesk.Attachment{{Filename: "Rechnung.pdf", ContentType: "application/pdf", Size: 9}, {Filename: "notes.txt", ContentType: "text/plain", Size: 3}}},
		{"inline logo in related is layout", "multipart/related; boundary=r",
			"--r\nContent-Type: text/html\n\n<p>Hallo</p>\n--r\nContent-Type: image/png\nContent-ID: <logo@amazon>\n\nPNG\n--r--\n",
			nil},
		{"forwarded mail attached whole", "multipart/mixed; boundary=m",
			"--m\nContent-Type: text/plain\n\nsee attached\n--m\nContent-Type: message/rfc822\nContent-Disposition: attachment; filename=old.eml\n\nSubject: old\n\nold body\n--m--\n",
			[]buyerdesk.Attachment{{Filename: "old.eml", ContentType: "message/rfc822", Size: 22}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Parse(mailWith([]string{from, "Content-Type: " + tt.ct}, tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(m.Attachments, tt.want) {
				t.Errorf("Attachments = %+v, want %+v", m.Attachments, tt.want)
			}
			if m.Body == "" {
				t.Error("Body is empty; want the text part")
			}
		})
	}
}

func TestParseUnknownTransferEncoding(t *testing.T) {
	m, err := Parse(mailWith([]string{
		"From: Ann <abc@marketplace.amazon.de>",
		"Content-Type: text/plain; charset=utf-8",
		"Content-Transfer-Encoding: x-uuencode",
	}, "Hallo, wo ist mein Paket?\n"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Body != "Hallo, wo ist mein Paket?" {
		t.Errorf("Body = %q, want the undecoded text kept", m.Body)
	}
	if !slices.ContainsFunc(m.Warnings, func(w string) bool { return strings.Contains(w, "x-uuencode") }) {
		t.Errorf("Warnings = %q, want the unknown encoding named", m.Warnings)
	}
}

func TestParseDeepNestingIsBounded(t *testing.T) {
	var b strings.Builder
	for i := range 40 {
		b.WriteString("--b" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + "\nContent-Type: multipart/mixed; boundary=b" + string(rune('a'+(i+1)%26)) + string(rune('a'+(i+1)/26)) + "\n\n")
	}
	m, err := Parse(mailWith([]string{"From: Ann <abc@marketplace.amazon.de>", "Content-Type: multipart/mixed; boundary=baa"}, b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(m.Warnings, func(w string) bool { return strings.Contains(w, "too deep") }) {
		t.Errorf("Warnings = %q, want the depth limit noted", m.Warnings)
	}
}
