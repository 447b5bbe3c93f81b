package config

import "testing"

func TestSuggest(t *testing.T) {
	c := Default()
	tests := []struct {
		text, lang, category, template string
	}{
		{"Der Artikel kam beschädigt an.", "de", "quality", "damaged_item"},
		{"BESCHÄDIGT!", "de", "quality", "damaged_item"},
		{"The lamp arrived broken", "en", "quality", "damaged_item"},
		{"Hallo, wo ist meine Bestellung?", "de", "shipping", "delivery_delay"},
		{"Where is my order?", "", "shipping", "delivery_delay"},
		{"My parcel has not arrived yet", "en", "shipping", "delivery_delay"},
		{"Können Sie mir die Sendungsnummer schicken?", "de", "shipping", "order_shipped"},
		{"Is this unbroken?", "en", "", ""},         // whole words only
		{"Die Ware ist unbeschädigt", "de", "", ""}, // Unicode word boundary
		{"The box is damaged", "de", "", ""},        // language must fit
		{"Does it come in blue?", "en", "", ""},
	}
	for _, tt := range tests {
		tr, ok := c.Suggest(tt.text, tt.lang)
		var cat, tpl string
		if ok {
			cat, tpl = tr.Category, tr.Template
		}
		if cat != tt.category || tpl != tt.template {
			t.Errorf("Suggest(%q, %q) = %q/%q, want %q/%q", tt.text, tt.lang, cat, tpl, tt.category, tt.template)
		}
	}
}
