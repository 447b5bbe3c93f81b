package templates

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// reply1KB is a realistic compliant reply of 1 KB, dense with the numbers
// that phone, link and promotion rules must look at and let pass.
var reply1KB = func() string {
	base := "Hallo, Ihre Bestellung 302-1234567-1234567 wurde am 20.10.2026 mit DHL versandt (Sendung JJD000390007817654321). " +
		"Die Rückerstattung von 24,99 € erscheint in 5-10 Werktagen. Your refund of $24.99 for order 111-2345678-9012345 " +
		"has been processed; tracking 1Z999AA10123456784 shows delivery at 14:30. "
	var b strings.Builder
	for b.Len() < 1024 {
		b.WriteString(base)
	}
	return b.String()[:1024]
}()

func BenchmarkLint1KB(b *testing.B) {
	if r := Lint(reply1KB, "de"); r.Verdict != VerdictOK {
		b.Fatalf("benchmark text is not compliant: %+v", r.Findings)
	}
	b.SetBytes(int64(len(reply1KB)))
	stop := cpuMeter(b)
	for b.Loop() {
		Lint(reply1KB, "de")
	}
	stop()
}

// reviewMix is 1 KB of replies full of violations and near-misses, so that
// most rules find anchors and run their patterns.
var reviewMix = func() string {
	base := "Besuchen Sie unseren Shop www.meinshop.de und hinterlassen Sie eine Bewertung! Call us: +49 30 1234567, " +
		"info (at) shop.de. Get 20% off your next order with code SAVE10 :) 👍 Ihre Bestellung [ORDER_ID] am 20.10.2026. "
	var b strings.Builder
	for b.Len() < 1024 {
		b.WriteString(base)
	}
	s := b.String()[:1024]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}()

func BenchmarkLint1KBViolations(b *testing.B) {
	if r := Lint(reviewMix, "de"); r.Verdict != VerdictBlock {
		b.Fatalf("benchmark text must block: %+v", r)
	}
	b.SetBytes(int64(len(reviewMix)))
	stop := cpuMeter(b)
	for b.Loop() {
		Lint(reviewMix, "de")
	}
	stop()
}

// replyTypical is a realistic 1 KB English reply with the mistakes agents
// actually make: one link to the seller's own site and one review request,
// in an otherwise ordinary answer full of order data.
var replyTypical = func() string {
	s := "Hello Ms Becker,\n\n" +
		"thank you for your message about order 302-1234567-1234567. I am sorry that the kettle arrived with a dented lid. " +
		"We have checked the shipment: it left our warehouse on 20.10.2026 with DHL (tracking JJD000390007817654321) and " +
		"was delivered on 23.10.2026 at 14:30. The damage most likely happened in transit.\n\n" +
		"We have issued a full refund of 24,99 € to your original payment method; it usually appears within 5-10 business days. " +
		"There is no need to send the kettle back. If you would like a replacement instead, just reply to this message and we " +
		"will ship a new one within 2 working days. The spare lid (part no. KL-2000-07) is also available separately.\n\n" +
		"You can find the care instructions and the warranty terms at www.kettle-shop.de/care. " +
		"If you are happy with how we handled this, we would really appreciate a review on Amazon.\n\n" +
		"Thank you for your patience and for shopping with us. We hope you enjoy your tea.\n\nKind regards,\nJonas from the customer team"
	for len(s) < 1024 {
		s += " Have a nice day."
	}
	return s[:1024]
}()

func BenchmarkLint1KBTypicalViolations(b *testing.B) {
	r := Lint(replyTypical, "en")
	if r.Verdict != VerdictBlock || !slices.Contains(categories(r), "external_link") || !slices.Contains(categories(r), "review_request") {
		b.Fatalf("benchmark text must block for a link and a review request: %+v", r.Findings)
	}
	b.SetBytes(int64(len(replyTypical)))
	stop := cpuMeter(b)
	for b.Loop() {
		Lint(replyTypical, "en")
	}
	stop()
}
