package templates

import (
	"regexp"
	"testing"
)

func TestSuggestDefaults(t *testing.T) {
	tests := []struct {
		text, lang          string
		template, team, hit string
	}{
		{"Der Artikel ist beschädigt angekommen.", "de", "damaged_item", "quality", "beschädigt"},
		{"Die Vase kam BESCHÄDIGTE an", "de", "damaged_item", "quality", "BESCHÄDIGTE"},
		{"Leider ist das Glas zerbrochen, wo ist der Ersatz?", "de", "damaged_item", "quality", "zerbrochen"},
		{"The lamp arrived broken", "en", "damaged_item", "quality", "broken"},
		{"Item DAMAGED in transit", "en", "damaged_item", "quality", "DAMAGED"},
		{"Wo ist mein Paket?", "de", "delay_expectations", "shipping", "Wo ist"},
		{"Wo\n ist meine Bestellung", "de", "delay_expectations", "shipping", "Wo\n ist"},
		{"Where is my order?", "en", "delay_expectations", "shipping", "Where is"},
		{"My parcel has not arrived yet", "en", "delay_expectations", "shipping", "not arrived"},
		{"Ich möchte eine Rückerstattung", "de", "refund_processed", "returns", "Rückerstattung"},
		{"Can I return this?", "en", "return_authorised", "returns", "return"},
		{"Is it compatible with the XR-1000?", "en", "product_question", "support", "compatible"},
		{"Das Gerät funktioniert nicht mehr", "de", "quality_complaint", "quality", "funktioniert nicht"},
		{"The broken one", "", "damaged_item", "quality", "broken"}, // unknown language: all triggers
	}
	for _, tt := range tests {
		got, ok := Suggest(DefaultTriggers(), tt.text, tt.lang)
		if !ok || got.Template != tt.template || got.Team != tt.team || got.Matched != tt.hit {
			t.Errorf("Suggest(%q, %q) = %+v, %v; want %s/%s matched %q", tt.text, tt.lang, got, ok, tt.template, tt.team, tt.hit)
		}
	}
}

func TestSuggestWordBoundaries(t *testing.T) {
	for _, tt := range []struct{ text, lang string }{
		{"Thanks, all good. Returning customer here.", "xx"}, // language filters triggers out
		{"Please unbroken seal", "en"},                       // "broken" inside a word
		{"Die Wohnung ist hell", "de"},                       // "wo ist" must not match "Wohnung ist"
		{"plate", "en"},                                      // "late" inside "plate"
		{"", "en"},
	} {
		if got, ok := Suggest(DefaultTriggers(), tt.text, tt.lang); ok {
			t.Errorf("Suggest(%q, %q) matched %+v", tt.text, tt.lang, got)
		}
	}
}

func TestSuggestPatternAndOrder(t *testing.T) {
	triggers := []Trigger{
		{Pattern: regexp.MustCompile(`(?i)\bA-?to-?Z\b`), Category: "claim", Template: "a_to_z", Team: "lead"},
		{Keywords: []string{"claim"}, Category: "other", Template: "x", Team: "support"},
	}
	got, ok := Suggest(triggers, "I will open an A-to-Z claim", "en")
	if !ok || got.Template != "a_to_z" || got.Matched != "A-to-Z" {
		t.Errorf("got %+v %v", got, ok)
	}
	got, ok = Suggest(triggers, "a claim", "en")
	if !ok || got.Template != "x" {
		t.Errorf("got %+v %v", got, ok)
	}
}

func TestDefaultTriggersPointAtDefaults(t *testing.T) {
	s, err := Defaults()
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range DefaultTriggers() {
		if _, ok := s.Get(tr.Template, tr.Lang); !ok {
			t.Errorf("trigger %v names missing template %s/%s", tr.Keywords, tr.Template, tr.Lang)
		}
	}
}
