package templates

import (
	"strings"
	"time"
)

// Locale is how a marketplace writes dates and amounts, and the language its
// buyers read by default.
type Locale struct {
	Marketplace string // normalised host, e.g. "amazon.de"
	Lang        string // ISO 639-1, e.g. "de"
	Currency    string // ISO 4217 code of the marketplace, e.g. "EUR"
	DateLayout  string // time.Format layout
	Decimal     string // decimal separator
	Thousands   string // digit-group separator
	SymbolAfter bool   // "24,99 €" rather than "€24.99"
}

// locales maps a marketplace's domain suffix (after "amazon.") to its locale.
// Amounts use a plain space where typography would use a no-break space, so
// that agents can edit the text without invisible characters.
var locales = map[string]Locale{
	"de":     {Lang: "de", Currency: "EUR", DateLayout: "02.01.2006", Decimal: ",", Thousands: ".", SymbolAfter: true},
	"at":     {Lang: "de", Currency: "EUR", DateLayout: "02.01.2006", Decimal: ",", Thousands: ".", SymbolAfter: true},
	"co.uk":  {Lang: "en", Currency: "GBP", DateLayout: "02/01/2006", Decimal: ".", Thousands: ","},
	"com":    {Lang: "en", Currency: "USD", DateLayout: "01/02/2006", Decimal: ".", Thousands: ","},
	"ca":     {Lang: "en", Currency: "CAD", DateLayout: "2006-01-02", Decimal: ".", Thousands: ","},
	"com.au": {Lang: "en", Currency: "AUD", DateLayout: "02/01/2006", Decimal: ".", Thousands: ","},
	"ie":     {Lang: "en", Currency: "EUR", DateLayout: "02/01/2006", Decimal: ".", Thousands: ","},
	"in":     {Lang: "en", Currency: "INR", DateLayout: "02/01/2006", Decimal: ".", Thousands: ","},
	"sg":     {Lang: "en", Currency: "SGD", DateLayout: "02/01/2006", Decimal: ".", Thousands: ","},
	"ae":     {Lang: "en", Currency: "AED", DateLayout: "02/01/2006", Decimal: ".", Thousands: ","},
	"fr":     {Lang: "fr", Currency: "EUR", DateLayout: "02/01/2006", Decimal: ",", Thousands: " ", SymbolAfter: true},
	"com.be": {Lang: "fr", Currency: "EUR", DateLayout: "02/01/2006", Decimal: ",", Thousands: " ", SymbolAfter: true},
	"it":     {Lang: "it", Currency: "EUR", DateLayout: "02/01/2006", Decimal: ",", Thousands: ".", SymbolAfter: true},
	"es":     {Lang: "es", Currency: "EUR", DateLayout: "02/01/2006", Decimal: ",", Thousands: ".", SymbolAfter: true},
	"com.mx": {Lang: "es", Currency: "MXN", DateLayout: "02/01/2006", Decimal: ".", Thousands: ","},
	"nl":     {Lang: "nl", Currency: "EUR", DateLayout: "02-01-2006", Decimal: ",", Thousands: "."},
	"pl":     {Lang: "pl", Currency: "PLN", DateLayout: "02.01.2006", Decimal: ",", Thousands: " ", SymbolAfter: true},
	"se":     {Lang: "sv", Currency: "SEK", DateLayout: "2006-01-02", Decimal: ",", Thousands: " ", SymbolAfter: true},
	"co.jp":  {Lang: "ja", Currency: "JPY", DateLayout: "2006/01/02", Decimal: ".", Thousands: ","},
	"com.br": {Lang: "pt", Currency: "BRL", DateLayout: "02/01/2006", Decimal: ",", Thousands: "."},
	"com.tr": {Lang: "tr", Currency: "TRY", DateLayout: "02.01.2006", Decimal: ",", Thousands: "."},
}

// countryDomains maps country codes agents and configs use to domain suffixes.
var countryDomains = map[string]string{
	"uk": "co.uk", "gb": "co.uk", "us": "com", "au": "com.au", "jp": "co.jp",
	"be": "com.be", "mx": "com.mx", "br": "com.br", "tr": "com.tr",
}

// LocaleFor returns the locale of a marketplace given as a host
// ("www.amazon.co.uk", "amazon.de") or a country code ("DE", "uk"). An
// unknown marketplace gets English with ISO dates and the amazon.com number
// style.
func LocaleFor(marketplace string) Locale {
	m := strings.ToLower(strings.TrimSpace(marketplace))
	m = strings.TrimPrefix(m, "https://")
	m = strings.TrimPrefix(m, "www.")
	m = strings.TrimSuffix(m, "/")
	suffix := strings.TrimPrefix(m, "amazon.")
	if d, ok := countryDomains[suffix]; ok {
		suffix = d
	}
	if loc, ok := locales[suffix]; ok {
		loc.Marketplace = "amazon." + suffix
		return loc
	}
	return Locale{Marketplace: m, Lang: "en", DateLayout: "2006-01-02", Decimal: ".", Thousands: ","}
}

// FormatDate writes t the way buyers on the marketplace write dates.
func (loc Locale) FormatDate(t time.Time) string {
	return t.Format(loc.DateLayout)
}

// currencySymbols are the symbols used when an amount is in the
// marketplace's own currency; other currencies spell out a clearer form.
var currencySymbols = map[string]string{
	"EUR": "€", "GBP": "£", "USD": "$", "CAD": "$", "AUD": "$", "MXN": "$", "JPY": "¥",
	"PLN": "zł", "SEK": "kr", "INR": "₹", "BRL": "R$", "TRY": "₺", "SGD": "S$", "AED": "AED",
}

var foreignSymbols = map[string]string{
	"EUR": "€", "GBP": "£", "USD": "US$", "CAD": "CA$", "AUD": "A$", "MXN": "MX$", "JPY": "¥",
	"INR": "₹", "BRL": "R$", "TRY": "₺", "SGD": "S$",
}

// zeroDecimals lists currencies without minor units.
var zeroDecimals = map[string]bool{"JPY": true}
