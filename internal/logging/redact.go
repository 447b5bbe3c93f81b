package logging

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"regexp"
	"strings"
)

// Placeholder replaces every redacted value.
const Placeholder = "[redacted]"

// emailRe matches anything shaped like an e-mail address, including
// Amazon's relay addresses (…@marketplace.amazon.de).
var emailRe = regexp.MustCompile(`[\pL\pN._%+\-]+@[\pL\pN\-]+(?:\.[\pL\pN\-]+)*\.\pL{2,}`)

// sensitiveKeys are field names whose whole value is redacted; keys ending
// in one of sensitiveSuffixes are too (relay_address, buyer_email, …).
var (
	sensitiveKeys     = map[string]bool{"buyer": true, "buyer_name": true, "body": true, "text": true, "subject": true, "email": true, "address": true}
	sensitiveSuffixes = []string{"_email", "_address", "_body", "_subject", "_text"}
)

// Sensitive reports whether a field of this name has its value redacted.
func Sensitive(key string) bool {
	k := strings.ToLower(key)
	if sensitiveKeys[k] {
		return true
	}
	for _, s := range sensitiveSuffixes {
		if strings.HasSuffix(k, s) {
			return true
		}
	}
	return false
}

// RedactText replaces every e-mail address in s.
func RedactText(s string) string { return emailRe.ReplaceAllString(s, Placeholder) }

// Redactor is an io.Writer that redacts each line it is given before
// passing it on: a JSON object (a zerolog event) field by field, anything
// else as text. Each line reaches the next writer in one Write call, as
// zerolog.ConsoleWriter expects.
type Redactor struct {
	next io.Writer
}

// NewRedactor returns a Redactor writing to next.
func NewRedactor(next io.Writer) *Redactor { return &Redactor{next: next} }

// Write redacts p and writes it on. It reports len(p) on success, so the
// caller never sees a short write because redaction changed the length.
func (r *Redactor) Write(p []byte) (int, error) {
	rest := p
	for len(rest) > 0 {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i+1], rest[i+1:]
		} else {
			rest = nil
		}
		if _, err := r.next.Write(redactLine(line)); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

func redactLine(line []byte) []byte {
	body := bytes.TrimRight(line, "\r\n")
	nl := line[len(body):]
	if trimmed := bytes.TrimSpace(body); len(trimmed) > 0 && trimmed[0] == '{' {
		if out, err := redactJSON(trimmed); err == nil {
			return append(out, nl...)
		}
	}
	return append(emailRe.ReplaceAll(bytes.Clone(body), []byte(Placeholder)), nl...)
}

var errTrailing = errors.New("trailing data after JSON value")

// redactJSON rewrites one JSON value token by token, keeping key order:
// sensitive fields get the placeholder, other strings lose their e-mail
// addresses.
func redactJSON(in []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(in))
	dec.UseNumber()
	var out bytes.Buffer
	w := jsonWriter{out: &out}
	if err := w.value(dec, false); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errTrailing
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errTrailing
	}
	return out.Bytes(), nil
}

type jsonWriter struct{ out *bytes.Buffer }

// value copies the next JSON value from dec; redact replaces it whole.
func (w jsonWriter) value(dec *json.Decoder, redact bool) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if redact {
		if _, ok := tok.(json.Delim); ok {
			if err := skip(dec); err != nil {
				return err
			}
		}
		w.str(Placeholder)
		return nil
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			return w.object(dec)
		}
		return w.array(dec)
	case string:
		w.str(RedactText(t))
	case json.Number:
		w.out.WriteString(t.String())
	case bool:
		if t {
			w.out.WriteString("true")
		} else {
			w.out.WriteString("false")
		}
	case nil:
		w.out.WriteString("null")
	}
	return nil
}

func (w jsonWriter) object(dec *json.Decoder) error {
	w.out.WriteByte('{')
	for i := 0; dec.More(); i++ {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, ok := tok.(string)
		if !ok {
			return errors.New("object key is not a string")
		}
		if i > 0 {
			w.out.WriteByte(',')
		}
		w.str(RedactText(key))
		w.out.WriteByte(':')
		if err := w.value(dec, Sensitive(key)); err != nil {
			return err
		}
	}
	_, err := dec.Token() // '}'
	w.out.WriteByte('}')
	return err
}

func (w jsonWriter) array(dec *json.Decoder) error {
	w.out.WriteByte('[')
	for i := 0; dec.More(); i++ {
		if i > 0 {
			w.out.WriteByte(',')
		}
		if err := w.value(dec, false); err != nil {
			return err
		}
	}
	_, err := dec.Token() // ']'
	w.out.WriteByte(']')
	return err
}

func (w jsonWriter) str(s string) {
	enc := json.NewEncoder(w.out)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)               // a string always encodes
	w.out.Truncate(w.out.Len() - 1) // Encode appends a newline
}

// skip consumes the rest of a container whose opening delimiter was read.
func skip(dec *json.Decoder) error {
	depth := 1
	for depth > 0 {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				depth++
			default:
				depth--
			}
		}
	}
	return nil
}
