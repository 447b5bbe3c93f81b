package templates

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func categories(r Result) []string {
	var out []string
	for _, f := range r.Findings {
		if !slices.Contains(out, f.Category) {
			out = append(out, f.Category)
		}
	}
	return out
}

func TestLintCategories(t *testing.T) {
	tests := []struct {
		text    string
		verdict string
		want    string // category that must be reported
		excerpt string // that finding's excerpt, if checked
	}{
		// external_link
		{"Infos auf www.meinshop.de/faq", "block", "external_link", "www.meinshop.de/faq"},
		{"See https://example.com/manual.pdf.", "block", "external_link", "https://example.com/manual.pdf"},
		{"Details: shop[dot]de", "block", "external_link", "shop[dot]de"},
		{"Details: shop (dot) de", "block", "external_link", "shop (dot) de"},
		{"Details: shop (punkt) de", "block", "external_link", "shop (punkt) de"},
		{"Details: www . shop . de", "block", "external_link", ""},
		{"Guide: h t t p s://x", "block", "external_link", ""},
		{"Short: bit.ly/abc", "block", "external_link", "bit.ly/abc"},
		{"Product: https://amzn.to/3xYz", "block", "external_link", "https://amzn.to/3xYz"},
		{"Ersatzteile bei teile-profi.com", "block", "external_link", "teile-profi.com"},
		// a host starting with www. is a website whatever its ending; the
		// reserved TLDs (RFC 2606) are TLDs like any other
		{"Infos auf www.my-shop.example", "block", "external_link", "www.my-shop.example"},
		{"Infos auf www.shop.test/faq.", "block", "external_link", "www.shop.test/faq"},
		{"Infos auf WWW.Mein-Shop.Shop", "block", "external_link", "WWW.Mein-Shop.Shop"},
		{"Besuchen Sie www.meinshop", "block", "external_link", "www.meinshop"},
		{"Infos auf my-shop.example", "block", "external_link", "my-shop.example"},
		{"Infos auf shop.test und shop.invalid", "block", "external_link", "shop.invalid"},
		{"Läuft auf dev.localhost:8080/app", "block", "external_link", "dev.localhost:8080/app"},
		{"See http://my-shop.example", "block", "external_link", "http://my-shop.example"},
		{"Mail: info@shop.test", "block", "contact_info", "info@shop.test"},
		{"Ihre Bestellung auf www.amazon.de/gp/your-account", "warn", "amazon_link", "www.amazon.de/gp/your-account"},
		// contact_info
		{"Mail: info@shop.de", "block", "contact_info", "info@shop.de"},
		{"Mail: info (at) shop.de", "block", "contact_info", "info (at) shop.de"},
		{"Mail: info[at]shop.de", "block", "contact_info", "info[at]shop.de"},
		{"Mail: info at shop dot de", "block", "contact_info", "info at shop dot de"},
		{"Tel +49 30 1234567", "block", "contact_info", "+49 30 1234567"},
		{"Nummer 0049 30 1234567", "block", "contact_info", "0049 30 1234567"},
		{"Wir sind unter 030 1234567 erreichbar", "block", "contact_info", "030 1234567"},
		{"Hotline (030) 123 45 67.", "block", "contact_info", "(030) 123 45 67"},
		{"Handy 0171-1234567", "block", "contact_info", "0171-1234567"},
		{"Reach us at (555) 123-4567.", "block", "contact_info", "(555) 123-4567"},
		{"WhatsApp us any time", "block", "contact_info", "WhatsApp us"},
		{"Just call us.", "block", "contact_info", "call us"},
		{"Ruf uns an!", "block", "contact_info", "Ruf uns an"},
		{"Rufen Sie uns doch einfach an.", "block", "contact_info", ""},
		{"Schreib uns auf Telegram", "block", "contact_info", "auf Telegram"},
		{"Wir sind per Signal erreichbar", "block", "contact_info", "per Signal"},
		{"Add us on Skype", "block", "contact_info", "on Skype"},
		{"Chat: wa.me/4917112345678", "block", "contact_info", "wa.me/4917112345678"},
		// review_request
		{"Please leave us a review.", "block", "review_request", ""},
		{"If you are happy, please leave feedback.", "block", "review_request", ""},
		{"Bitte hinterlassen Sie eine Bewertung.", "block", "review_request", ""},
		{"Würden Sie eine Bewertung hinterlassen?", "block", "review_request", ""},
		{"Wir freuen uns über 5 Sterne.", "block", "review_request", "5 Sterne"},
		{"Positive feedback helps small sellers.", "block", "review_request", "Positive feedback"},
		{"Über eine gute Rezension freuen wir uns.", "block", "review_request", "gute Rezension"},
		{"Bewerten Sie uns bitte!", "block", "review_request", ""},
		{"Leave a 5-star review and get a refund.", "block", "review_request", ""},
		// promotion
		{"Mit dem Rabattcode HERBST sparen Sie.", "block", "promotion", "Rabattcode"},
		{"Ein Gutschein liegt bei.", "block", "promotion", "Gutschein"},
		{"Visit our store for more.", "block", "promotion", ""},
		{"You might also like our lamps.", "block", "promotion", ""},
		{"Get 10% off your next order.", "block", "promotion", "10% off"},
		{"Schauen Sie sich unsere anderen Produkte an.", "block", "promotion", ""},
		// off_platform
		{"Wir erstatten per PayPal.", "block", "off_platform", "PayPal"},
		{"Bestellen Sie direkt bei uns.", "block", "off_platform", ""},
		{"Let's handle this outside Amazon.", "block", "off_platform", "outside Amazon"},
		{"Zahlen Sie per Banküberweisung.", "block", "off_platform", "Banküberweisung"},
		// emoji
		{"Danke 👍", "block", "emoji", "👍"},
		{"Lager in 🇩🇪", "block", "emoji", "🇩🇪"},
		{"Familie 👨‍👩‍👧 froh", "block", "emoji", "👨‍👩‍👧"},
		{"Taste 1️⃣ drücken", "block", "emoji", "1️⃣"},
		{"Liebe Grüße ❤", "block", "emoji", "❤"},
		{"Mit Herz ❤️!", "block", "emoji", "❤️"},
		{"Erledigt ✅", "block", "emoji", "✅"},
		{"Top ★", "block", "emoji", "★"},
		{"Winken 👋🏽", "block", "emoji", "👋🏽"},
		// placeholder
		{"Bestellung [ORDER_ID]", "block", "placeholder", "[ORDER_ID]"},
		{"Am [DATUM]", "block", "placeholder", "[DATUM]"},
		{"Hallo {name}", "block", "placeholder", "{name}"},
		{"Hallo {{ name }}", "block", "placeholder", "{{ name }}"},
		{"Hello <NAME>,", "block", "placeholder", "<NAME>"},
		{"Hello %NAME%,", "block", "placeholder", "%NAME%"},
		{"Antwort: [PROVIDE_SPECIFIC_ANSWER].", "block", "placeholder", "[PROVIDE_SPECIFIC_ANSWER]"},
		{"Ihre Nummer lautet XXX.", "block", "placeholder", "XXX"},
		// warnings
		{"Ihre Bestellung: https://www.amazon.de/gp/your-account/order-details?orderID=302-1234567-1234567", "warn", "amazon_link", "https://www.amazon.de/gp/your-account/order-details?orderID=302-1234567-1234567"},
		{"See sellercentral.amazon.co.uk/help", "warn", "amazon_link", "sellercentral.amazon.co.uk/help"},
		{"Wir haben Ihre Rezension gelesen.", "warn", "trigger_word", "Rezension"},
		{"Ein Sonderrabatt ist nicht möglich.", "warn", "trigger_word", "Sonderrabatt"},
		{"Rabatte gewähren wir nicht.", "warn", "trigger_word", "Rabatte"},
		{"The external case is aluminium.", "warn", "trigger_word", "external"},
		{"Bitte hier klicken und …", "warn", "trigger_word", "hier klicken"},
		{"Das Gerät hat Fünf-Sterne-Sicherheit.", "warn", "trigger_word", "Fünf-Sterne"},
		{"Bitte <b>nicht</b> öffnen.", "warn", "formatting", "<b>"},
		{"PLEASE READ THIS CAREFULLY before use.", "warn", "formatting", "PLEASE READ THIS CAREFULLY"},
		{"**Wichtig:** trocken lagern.", "warn", "formatting", "**Wichtig:**"},
		{"# Hinweis\nBitte lesen.", "warn", "formatting", "# "},
		{"Sorry!!!", "warn", "formatting", "!!!"},
		{"Really???", "warn", "formatting", "???"},
		{"Danke :)", "warn", "ascii_smiley", ":)"},
		{"Bis bald ;-)", "warn", "ascii_smiley", ";-)"},
		{"Super :D", "warn", "ascii_smiley", ":D"},
		{"Love it <3", "warn", "ascii_smiley", "<3"},
		{"Passt ^^", "warn", "ascii_smiley", "^^"},
		{"Oops xD", "warn", "ascii_smiley", "xD"},
	}
	for _, tt := range tests {
		res := Lint(tt.text, "de")
		if res.Verdict != tt.verdict {
			t.Errorf("%q: verdict %s, want %s; findings %+v", tt.text, res.Verdict, tt.verdict, res.Findings)
			continue
		}
		found := false
		for _, f := range res.Findings {
			if f.Category == tt.want && (tt.excerpt == "" || f.Excerpt == tt.excerpt) {
				found = true
			}
		}
		if !found {
			t.Errorf("%q: want %s finding with excerpt %q, got %+v", tt.text, tt.want, tt.excerpt, res.Findings)
		}
	}
}

// TestLintNoFalseAlarms lists what sellers legitimately write; none of it may
// produce any finding.
func TestLintNoFalseAlarms(t *testing.T) {
	for _, text := range []string{
		"Sendungsnummer 1Z999AA10123456784.",
		"Sendung 00340434161234567890 ist unterwegs.",
		"DHL-Sendung JJD000390007817654321.",
		"Bestellung 302-1234567-1234567 und 028-7654321-7654321.",
		"Betrag 24,99 € bzw. $1,299.00 oder £1,299.00.",
		"Lieferung am 20.10.2026, 2026-10-20 oder 10/20/2026.",
		"Zustellung um 14:30 Uhr (zwischen 14:30 und 16:00).",
		"PLZ 10115 Berlin, London SW1A 1AA.",
		"Firmware v2.1.3 für das XR-2000, zertifiziert nach ISO 9001.",
		"Lieferumfang: 3 x 2 pcs.",
		"Sie haben auf Amazon.de bestellt.",
		"Operating temperature: -10 to 40 °C; the generating set is quiet.",
		"Größe XXL passt, XXXL ist ausverkauft.",
		"USB-C Kabel [Schwarz] 2 m, wie zitiert [sic].",
		"Abmessungen: 80 x 40 x 180 cm, Gewicht < 3 kg, <3 kg nach Abzug.",
		"The DHL and UPS FBA warehouse in the EU ships to the USA.",
		"Hinweis: Die Uhr zeigt 12:00 (Mittag).",
		"Bitte senden Sie das Paket zurück; das Etikett liegt bei.",
		"Der Signalgeber und die Bluetooth signal strength sind in Ordnung.",
		"Preis: 1.299,00 € inkl. 19 % MwSt.",
		"Artikel B0ABCDEF12, EAN 4006381333931, UPC 012345678905.",
		"Telefonie-Funktion: das Headset unterstützt Bluetooth 5.3.",
		"Schritt 8) Schraube anziehen.",
		"Ihr Paket ist in der Filiale Hauptstr. 5, 01067 Dresden.",
		"Z. B. so: Schalter auf I, dann 5 Sek. warten.",
		"Die Nummer auf dem Typenschild lautet SN 4711-0815-2024.",
		"Ein Beispiel: Schalter auf I. Test bestanden.",
		"Please see the example. Test it first.",
	} {
		if res := Lint(text, "de"); len(res.Findings) != 0 {
			t.Errorf("%q: want no findings, got %+v", text, res.Findings)
		}
	}
}

func TestLintTriggerWordInsideBlockIsNotRepeated(t *testing.T) {
	res := Lint("Mit dem Rabattcode SPAR10 wird es günstiger.", "de")
	for _, f := range res.Findings {
		if f.Category == "trigger_word" {
			t.Errorf("trigger_word duplicated a block finding: %+v", res.Findings)
		}
	}
}

func TestLintSpansAreByteOffsets(t *testing.T) {
	text := "Grüße aus München – Ihre Bestellung [ORDER_ID] 😊 ist unterwegs."
	res := Lint(text, "de")
	if len(res.Findings) != 2 {
		t.Fatalf("want 2 findings, got %+v", res.Findings)
	}
	for _, f := range res.Findings {
		if text[f.Start:f.End] != f.Excerpt {
			t.Errorf("span %d:%d is %q, excerpt %q", f.Start, f.End, text[f.Start:f.End], f.Excerpt)
		}
		if f.Message == "" || f.Suggestion == "" || f.Rule == "" {
			t.Errorf("finding lacks rule, message or suggestion: %+v", f)
		}
	}
	if res.Findings[0].Start > res.Findings[1].Start {
		t.Error("findings must be sorted by position")
	}
}

func TestLintJSON(t *testing.T) {
	b, err := json.Marshal(Lint("Alles gut.", "de"))
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"verdict":"ok","findings":[]}` {
		t.Errorf("got %s", b)
	}
	b, _ = json.Marshal(Lint("Danke :)", "de"))
	for _, key := range []string{`"rule":`, `"category":"ascii_smiley"`, `"severity":"warn"`, `"start":6`, `"end":8`, `"excerpt":":)"`, `"message":`, `"suggestion":`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("JSON %s lacks %s", b, key)
		}
	}
}

// TestCorpusSpans checks the span invariant over every corpus text.
func TestCorpusSpans(t *testing.T) {
	for _, it := range loadCorpus(t) {
		for _, f := range Lint(it.Text, it.Lang).Findings {
			if f.Start < 0 || f.End > len(it.Text) || f.Start >= f.End || it.Text[f.Start:f.End] != f.Excerpt {
				t.Errorf("%s:%d bad span %+v", it.file, it.line, f)
			}
		}
	}
}

func TestLintConcurrent(t *testing.T) {
	want := Lint(reviewMix, "de")
	done := make(chan Result)
	for range 8 {
		go func() { done <- Lint(reviewMix, "de") }()
	}
	for range 8 {
		got := <-done
		if len(got.Findings) != len(want.Findings) || got.Verdict != want.Verdict {
			t.Fatalf("concurrent lint differs: %d vs %d findings", len(got.Findings), len(want.Findings))
		}
	}
}

func TestLintMessagesFollowLang(t *testing.T) {
	de := Lint("Danke :) www.shop.de", "de-DE").Findings
	en := Lint("Danke :) www.shop.de", "en").Findings
	if len(de) != 2 || len(en) != 2 {
		t.Fatalf("findings: %+v / %+v", de, en)
	}
	for i := range de {
		if de[i].Message == en[i].Message || de[i].Rule != en[i].Rule {
			t.Errorf("rule %s: German %q, English %q", de[i].Rule, de[i].Message, en[i].Message)
		}
	}
}

// TestGermanTextCoversEveryRule finds every rule id the linter can emit in
// the corpus and lint tests and requires a German text for it.
func TestGermanTextCoversEveryRule(t *testing.T) {
	seen := map[string]bool{}
	for _, it := range loadCorpus(t) {
		for _, f := range Lint(it.Text, "en").Findings {
			seen[f.Rule] = true
		}
	}
	for rule := range seen {
		if _, ok := germanText[rule]; !ok {
			t.Errorf("no German text for rule %s", rule)
		}
	}
	if len(seen) < 20 {
		t.Errorf("corpus exercises only %d rules", len(seen))
	}
}
