package templates

import (
	"fmt"
	"strings"
)

// Money is an amount as the SP-API reports it: a decimal string and an
// ISO 4217 currency code.
type Money struct {
	Value    string // e.g. "24.99" or "-5"
	Currency string // e.g. "EUR"
}

// FormatMoney writes m in the marketplace's style, rounding half up to the
// currency's minor unit ("24,99 €" on amazon.de, "£24.99" on amazon.co.uk).
func (loc Locale) FormatMoney(m Money) (string, error) {
	cur := strings.ToUpper(strings.TrimSpace(m.Currency))
	decimals := 2
	if zeroDecimals[cur] {
		decimals = 0
	}
	neg, intPart, frac, err := roundDecimal(strings.TrimSpace(m.Value), decimals)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(loc.Thousands)
		}
		b.WriteRune(c)
	}
	num := b.String()
	if decimals > 0 {
		num += loc.Decimal + frac
	}
	sign := ""
	if neg {
		sign = "-"
	}
	sym, ok := currencySymbols[cur]
	if cur != loc.Currency {
		sym, ok = foreignSymbols[cur]
	}
	if !ok {
		sym = cur
	}
	switch {
	case loc.SymbolAfter:
		return sign + num + " " + sym, nil // 24,99 €
	case sym == cur || loc.Lang == "nl" || loc.Lang == "pt":
		return sign + sym + " " + num, nil // AED 24.99, € 24,99, R$ 24,99
	default:
		return sign + sym + num, nil // £24.99
	}
}

// roundDecimal splits a decimal string into sign, integer digits and exactly
// `decimals` fraction digits, rounding half up.
func roundDecimal(v string, decimals int) (neg bool, intPart, frac string, err error) {
	if strings.HasPrefix(v, "-") {
		neg, v = true, v[1:]
	} else {
		v = strings.TrimPrefix(v, "+")
	}
	ip, fp, _ := strings.Cut(v, ".")
	if ip == "" {
		ip = "0"
	}
	if !allDigits(ip) || !allDigits(fp) {
		return false, "", "", fmt.Errorf("amount %q: not a decimal number", v)
	}
	digits := []byte(ip + (fp + strings.Repeat("0", decimals))[:decimals])
	if len(fp) > decimals && fp[decimals] >= '5' {
		i := len(digits) - 1
		for ; i >= 0 && digits[i] == '9'; i-- {
			digits[i] = '0'
		}
		if i < 0 {
			digits = append([]byte{'1'}, digits...)
		} else {
			digits[i]++
		}
	}
	s := string(digits)
	intPart, frac = s[:len(s)-decimals], s[len(s)-decimals:]
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	if neg && strings.Trim(intPart+frac, "0") == "" {
		neg = false
	}
	return neg, intPart, frac, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
