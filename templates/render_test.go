package templates

import (
	"slices"
	"testing"
	"time"
)

func TestRenderLocales(t *testing.T) {
	date := time.Date(2026, 10, 20, 15, 0, 0, 0, time.UTC)
	tmpl := Template{Body: "[DATE] [AMOUNT]"}
	tests := []struct {
		marketplace string
		amount      Money
		want        string
	}{
		{"amazon.de", Money{"24.99", "EUR"}, "20.10.2026 24,99 €"},
		{"www.amazon.at", Money{"1299", "EUR"}, "20.10.2026 1.299,00 €"},
		{"amazon.co.uk", Money{"24.99", "GBP"}, "20/10/2026 £24.99"},
		{"UK", Money{"24.99", "GBP"}, "20/10/2026 £24.99"},
		{"amazon.com", Money{"1299.5", "USD"}, "10/20/2026 $1,299.50"},
		{"amazon.ca", Money{"24.99", "CAD"}, "2026-10-20 $24.99"},
		{"amazon.com.au", Money{"24.99", "AUD"}, "20/10/2026 $24.99"},
		{"amazon.fr", Money{"1299.99", "EUR"}, "20/10/2026 1 299,99 €"},
		{"amazon.it", Money{"24.99", "EUR"}, "20/10/2026 24,99 €"},
		{"amazon.es", Money{"24.99", "EUR"}, "20/10/2026 24,99 €"},
		{"amazon.nl", Money{"24.99", "EUR"}, "20-10-2026 € 24,99"},
		{"amazon.pl", Money{"99.9", "PLN"}, "20.10.2026 99,90 zł"},
		{"amazon.se", Money{"249", "SEK"}, "2026-10-20 249,00 kr"},
		{"amazon.co.jp", Money{"2499", "JPY"}, "2026/10/20 ¥2,499"},
		{"amazon.de", Money{"19.995", "EUR"}, "20.10.2026 20,00 €"},       // rounds half up
		{"amazon.de", Money{"24.99", "GBP"}, "20.10.2026 24,99 £"},        // order currency wins
		{"amazon.com", Money{"24.99", "CAD"}, "10/20/2026 CA$24.99"},      // foreign dollar is marked
		{"amazon.co.uk", Money{"-5", "GBP"}, "20/10/2026 -£5.00"},         // sign before the symbol
		{"amazon.de", Money{"-0.001", "EUR"}, "20.10.2026 0,00 €"},        // no negative zero
		{"amazon.example", Money{"24.99", "CHF"}, "2026-10-20 CHF 24.99"}, // unknown marketplace
	}
	for _, tt := range tests {
		got := Render(tmpl, Data{Date: date, Amount: &tt.amount}, tt.marketplace)
		if got.Text != tt.want || len(got.Missing) != 0 {
			t.Errorf("%s %v: got %q missing %v, want %q", tt.marketplace, tt.amount, got.Text, got.Missing, tt.want)
		}
	}
}

func TestRenderPlaceholdersAndAliases(t *testing.T) {
	tmpl := Template{Body: "Bestellung [ORDER_ID] mit [CARRIER] ([TRACKING]) am [DATUM], Betrag $[BETRAG], " +
		"Zeitraum [ZEITRAUM], Adresse [ADRESSE], [PRODUCT_NAME] für [BUYER_NAME]."}
	d := Data{
		OrderID: "302-1234567-1234567", Carrier: "DHL", Tracking: "JJD000390007817654321",
		Date: time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC), Amount: &Money{"24.99", "EUR"},
		Timeframe: "3 Werktagen", Address: "Musterstraße 1, 10115 Berlin", ProductName: "XR-2000", BuyerName: "Frau Muster",
	}
	got := Render(tmpl, d, "amazon.de")
	want := "Bestellung 302-1234567-1234567 mit DHL (JJD000390007817654321) am 20.10.2026, Betrag 24,99 €, " +
		"Zeitraum 3 Werktagen, Adresse Musterstraße 1, 10115 Berlin, XR-2000 für Frau Muster."
	if got.Text != want || len(got.Missing) != 0 {
		t.Fatalf("got %q missing %v\nwant %q", got.Text, got.Missing, want)
	}
}

func TestRenderMissingStayVisible(t *testing.T) {
	tmpl := Template{Body: "Order [ORDER_ID] arrives [DATE]; total $[AMOUNT]. [ANSWER] Again: [DATE]."}
	got := Render(tmpl, Data{OrderID: "111-2345678-9012345"}, "amazon.com")
	want := "Order 111-2345678-9012345 arrives [DATE]; total $[AMOUNT]. [ANSWER] Again: [DATE]."
	if got.Text != want {
		t.Errorf("text %q, want %q", got.Text, want)
	}
	if !slices.Equal(got.Missing, []string{"[DATE]", "[AMOUNT]", "[ANSWER]"}) {
		t.Errorf("missing %v", got.Missing)
	}
	res := Lint(got.Text, "en")
	if res.Verdict != VerdictBlock {
		t.Errorf("unfilled placeholders must block, got %s", res.Verdict)
	}
	var n int
	for _, f := range res.Findings {
		if f.Category == "placeholder" {
			n++
		}
	}
	if n != 4 {
		t.Errorf("want 4 placeholder findings, got %d: %+v", n, res.Findings)
	}
}

func TestRenderBadAmountStaysMissing(t *testing.T) {
	got := Render(Template{Body: "[AMOUNT]"}, Data{Amount: &Money{"24,99", "EUR"}}, "amazon.de")
	if got.Text != "[AMOUNT]" || !slices.Equal(got.Missing, []string{"[AMOUNT]"}) {
		t.Errorf("got %+v", got)
	}
}

func TestRenderListsOtherPlaceholderStyles(t *testing.T) {
	got := Render(Template{Body: "Hallo {name}, Ihr [Kundenname] und [ORDER_ID] – Kabel [Schwarz]."}, Data{OrderID: "1"}, "amazon.de")
	if !slices.Equal(got.Missing, []string{"{name}", "[Kundenname]"}) {
		t.Errorf("missing %v", got.Missing)
	}
}
