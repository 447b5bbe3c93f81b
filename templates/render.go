package templates

import (
	"regexp"
	"sort"
	"strings"
	"time"
)

// Data holds the order facts a template can use. Zero fields are unknown:
// their placeholders stay in the text for the agent.
type Data struct {
	OrderID     string
	Tracking    string
	Carrier     string
	ProductName string
	BuyerName   string
	Address     string
	Timeframe   string // e.g. "3 Werktagen" / "3 business days", as the agent wants it read
	Date        time.Time
	Amount      *Money
}

// Rendered is a filled template. Missing lists the placeholders that could
// not be filled, exactly as written: first the seed-style ones in order of
// appearance, then any other placeholder Lint would block ("{name}"). They
// remain in Text, and Lint's placeholder rule blocks approval until an
// agent edits them.
type Rendered struct {
	Text    string
	Missing []string
}

// placeholderNameRe matches a seed-style placeholder such as [ORDER_ID] and
// an optional currency sign written before it ("$[BETRAG]").
var placeholderNameRe = regexp.MustCompile(`([$€£]?)\[([A-Z][A-Z0-9_]*)\]`)

// aliases maps German placeholder names to their canonical English ones.
var aliases = map[string]string{
	"DATUM": "DATE", "BETRAG": "AMOUNT", "ZEITRAUM": "TIMEFRAME", "ADRESSE": "ADDRESS",
	"BESTELLNUMMER": "ORDER_ID", "SENDUNGSNUMMER": "TRACKING", "VERSANDDIENSTLEISTER": "CARRIER",
	"PRODUKTNAME": "PRODUCT_NAME", "KAEUFERNAME": "BUYER_NAME",
}

// Render fills t's placeholders from d, writing dates and amounts the way
// buyers on marketplace read them.
func Render(t Template, d Data, marketplace string) Rendered {
	loc := LocaleFor(marketplace)
	var missing []string
	seen := map[string]bool{}
	text := placeholderNameRe.ReplaceAllStringFunc(t.Body, func(m string) string {
		sub := placeholderNameRe.FindStringSubmatch(m)
		sign, name := sub[1], sub[2]
		if canon, ok := aliases[name]; ok {
			name = canon
		}
		if v, ok := d.value(name, loc); ok {
			if name == "AMOUNT" {
				return v // the formatted amount carries its own symbol
			}
			return sign + v
		}
		ph := m[len(sign):]
		if !seen[ph] {
			seen[ph] = true
			missing = append(missing, ph)
		}
		return m
	})
	// Anything else Lint would block as a placeholder ("{name}", "<NAME>",
	// "[Kundenname]") is missing too.
	l := &linter{text: text}
	l.checkPlaceholders()
	sort.Slice(l.findings, func(i, j int) bool { return l.findings[i].Start < l.findings[j].Start })
	for _, f := range l.findings {
		if !seen[f.Excerpt] {
			seen[f.Excerpt] = true
			missing = append(missing, f.Excerpt)
		}
	}
	return Rendered{Text: text, Missing: missing}
}

// value returns the text for a canonical placeholder name, or false if d does
// not know it.
func (d Data) value(name string, loc Locale) (string, bool) {
	var v string
	switch name {
	case "ORDER_ID":
		v = d.OrderID
	case "TRACKING":
		v = d.Tracking
	case "CARRIER":
		v = d.Carrier
	case "PRODUCT_NAME":
		v = d.ProductName
	case "BUYER_NAME":
		v = d.BuyerName
	case "ADDRESS":
		v = d.Address
	case "TIMEFRAME":
		v = d.Timeframe
	case "DATE":
		if !d.Date.IsZero() {
			v = loc.FormatDate(d.Date)
		}
	case "AMOUNT":
		if d.Amount != nil {
			s, err := loc.FormatMoney(*d.Amount)
			if err == nil {
				v = s
			}
		}
	}
	v = strings.TrimSpace(v)
	return v, v != ""
}
