package fakeslack

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// params is a Web API request's arguments, whether they came form-encoded
// (slack-go's postMethod/getMethod) or as a JSON body (views.*).
type params struct {
	token string
	form  map[string]string
	json  map[string]json.RawMessage
}

func readParams(r *http.Request) (params, error) {
	p := params{form: map[string]string{}, json: map[string]json.RawMessage{}}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "application/json" {
		body, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
		if err != nil {
			return p, fmt.Errorf("read body: %w", err)
		}
		if len(bytes.TrimSpace(body)) > 0 && !bytes.Equal(bytes.TrimSpace(body), []byte("null")) {
			if err := json.Unmarshal(body, &p.json); err != nil {
				return p, fmt.Errorf("decode json body: %w", err)
			}
		}
		if err := r.ParseForm(); err == nil {
			for k := range r.Form {
				p.form[k] = r.Form.Get(k)
			}
		}
	} else {
		if err := r.ParseForm(); err != nil {
			return p, fmt.Errorf("parse form: %w", err)
		}
		for k := range r.Form {
			p.form[k] = r.Form.Get(k)
		}
	}
	if a := r.Header.Get("Authorization"); strings.HasPrefix(a, "Bearer ") {
		p.token = strings.TrimPrefix(a, "Bearer ")
	}
	if p.token == "" {
		p.token = p.str("token")
	}
	return p, nil
}

// str returns a scalar argument as text.
func (p params) str(key string) string {
	if v, ok := p.form[key]; ok {
		return v
	}
	raw, ok := p.json[key]
	if !ok {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	if string(raw) == "null" {
		return ""
	}
	return string(raw)
}

// raw returns a structured argument (blocks, view, metadata) as JSON; form
// fields carry it as a JSON string.
func (p params) raw(key string) json.RawMessage {
	if v, ok := p.form[key]; ok {
		if v == "" {
			return nil
		}
		return json.RawMessage(v)
	}
	raw, ok := p.json[key]
	if !ok || string(raw) == "null" {
		return nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return json.RawMessage(s)
	}
	return raw
}

func (p params) has(key string) bool {
	_, f := p.form[key]
	_, j := p.json[key]
	return f || j
}

func (p params) bool(key string) bool {
	b, _ := strconv.ParseBool(p.str(key))
	return b
}

func (p params) int(key string, def int) int {
	n, err := strconv.Atoi(p.str(key))
	if err != nil {
		return def
	}
	return n
}
