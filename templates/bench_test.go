package templates

import (
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
