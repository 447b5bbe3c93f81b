package config

import (
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

var (
	userIDRe      = regexp.MustCompile(`^[UW][A-Z0-9]{2,20}$`)
	channelIDRe   = regexp.MustCompile(`^[CG][A-Z0-9]{2,20}$`)
	groupIDRe     = regexp.MustCompile(`^S[A-Z0-9]{2,20}$`)
	marketplaceRe = regexp.MustCompile(`^amazon\.(com|[a-z]{2}|co\.[a-z]{2}|com\.[a-z]{2})$`)
	hostRe        = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$`)
	emojiRe       = regexp.MustCompile(`^[a-z0-9_+'-]+$`)
	nameRe        = regexp.MustCompile(`^[\pL\pN][\pL\pN _.-]*$`)
	idRe          = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]*$`)
	envNameRe     = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	langRe        = regexp.MustCompile(`^[a-z]{2}$`)
)

// line returns the line of path, or of its nearest recorded parent.
func (c *Config) line(path string) int {
	for p := path; p != ""; {
		if l, ok := c.pos[p]; ok {
			return l
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return 0
}

// has reports whether the file set path.
func (c *Config) has(path string) bool {
	_, ok := c.pos[path]
	return ok
}

// checkTags applies the `check` and `keycheck` tags of every field under v.
func (c *Config) checkTags(ps *problems, v reflect.Value, path string) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		key := f.Tag.Get("yaml")
		if key == "" || key == "-" {
			continue
		}
		fpath := key
		if path != "" {
			fpath = path + "." + key
		}
		fv := v.Field(i)
		for _, rule := range splitRules(f.Tag.Get("check")) {
			c.checkValue(ps, fv, fpath, rule)
		}
		for _, rule := range splitRules(f.Tag.Get("keycheck")) {
			for _, k := range fv.MapKeys() {
				c.checkString(ps, k.String(), fpath+"["+k.String()+"]", rule)
			}
		}
		c.descend(ps, fv, fpath)
	}
}

func (c *Config) descend(ps *problems, v reflect.Value, path string) {
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() != dateType && v.Type() != secretType {
			c.checkTags(ps, v, path)
		}
	case reflect.Pointer:
		if !v.IsNil() && v.Elem().Kind() == reflect.Struct {
			c.checkTags(ps, v.Elem(), path)
		}
	case reflect.Slice:
		for i := range v.Len() {
			c.descend(ps, v.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.Map:
		for _, k := range sortedKeys(v) {
			c.descend(ps, v.MapIndex(reflect.ValueOf(k)), path+"["+k+"]")
		}
	}
}

func splitRules(tag string) []string {
	if tag == "" {
		return nil
	}
	return strings.Split(tag, ",")
}

func sortedKeys(m reflect.Value) []string {
	keys := make([]string, 0, m.Len())
	for _, k := range m.MapKeys() {
		keys = append(keys, k.String())
	}
	slices.Sort(keys)
	return keys
}

// checkValue applies one rule to a field: directly for scalars, to each
// element of a list or value of a map of strings.
func (c *Config) checkValue(ps *problems, v reflect.Value, path, rule string) {
	switch rule {
	case "required":
		if v.IsZero() || (v.Kind() == reflect.Slice && v.Len() == 0) {
			ps.add(c.line(path), path, "is required")
		}
		return
	case "positive", "nonnegative":
		c.checkNumber(ps, v, path, rule)
		return
	}
	switch v.Kind() {
	case reflect.String:
		c.checkString(ps, v.String(), path, rule)
	case reflect.Slice:
		for i := range v.Len() {
			if v.Index(i).Kind() == reflect.String {
				c.checkString(ps, v.Index(i).String(), fmt.Sprintf("%s[%d]", path, i), rule)
			}
		}
	case reflect.Map:
		for _, k := range sortedKeys(v) {
			e := v.MapIndex(reflect.ValueOf(k))
			if e.Kind() == reflect.String {
				c.checkString(ps, e.String(), path+"["+k+"]", rule)
			}
		}
	case reflect.Int:
		if rule == "port" && v.Int() != 0 && (v.Int() < 1 || v.Int() > 65535) {
			ps.add(c.line(path), path, "port %d is not between 1 and 65535", v.Int())
		}
	}
}

func (c *Config) checkNumber(ps *problems, v reflect.Value, path, rule string) {
	var neg, zero bool
	var shown string
	switch v.Kind() {
	case reflect.Int64:
		d := time.Duration(v.Int())
		neg, zero, shown = d < 0, d == 0, d.String()
		if v.Type() != durationType {
			shown = strconv.FormatInt(v.Int(), 10)
		}
	case reflect.Int:
		neg, zero, shown = v.Int() < 0, v.Int() == 0, strconv.FormatInt(v.Int(), 10)
	case reflect.Float64:
		neg, zero, shown = v.Float() < 0, v.Float() == 0, strconv.FormatFloat(v.Float(), 'g', -1, 64)
	default:
		return
	}
	switch {
	case neg:
		ps.add(c.line(path), path, "must not be negative, got %s", shown)
	case zero && rule == "positive":
		ps.add(c.line(path), path, "must be greater than zero")
	}
}

// checkString applies one rule to a non-empty string.
func (c *Config) checkString(ps *problems, s, path, rule string) {
	if s == "" && rule != "name" {
		return
	}
	bad := func(format string, args ...any) { ps.add(c.line(path), path, format, args...) }
	switch {
	case rule == "user" && !userIDRe.MatchString(s):
		bad("%q is not a Slack user id (U… or W…)", s)
	case rule == "channel" && !channelIDRe.MatchString(s):
		bad("%q is not a Slack channel id (C… or G…)", s)
	case rule == "group" && !groupIDRe.MatchString(s):
		bad("%q is not a Slack user group id (S…)", s)
	case rule == "marketplace" && !marketplaceRe.MatchString(s):
		bad("%q is not an Amazon marketplace domain like amazon.de or amazon.co.uk", s)
	case rule == "emoji" && !emojiRe.MatchString(s):
		bad("%q is not an emoji name (write it without colons, e.g. eyes)", s)
	case rule == "name" && s == "":
		bad("is required")
	case rule == "name" && !nameRe.MatchString(s):
		bad("%q is not a valid name (letters, digits, space, _ . -)", s)
	case rule == "id" && !idRe.MatchString(s):
		bad("%q is not a valid id (lower-case letters, digits, _ . -)", s)
	case rule == "envname" && !envNameRe.MatchString(s):
		bad("%q is not an environment variable name", s)
	case rule == "lang" && !langRe.MatchString(s):
		bad("%q is not a two-letter ISO 639-1 language code", s)
	case rule == "email":
		if a, err := mail.ParseAddress(s); err != nil || a.Address != s || a.Name != "" || !strings.Contains(s[strings.LastIndex(s, "@"):], ".") {
			bad("%q is not an e-mail address", s)
		}
	case rule == "url":
		if u, err := url.Parse(s); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("%q is not an http(s) URL", s)
		}
	case rule == "host":
		if net.ParseIP(s) == nil && !hostRe.MatchString(s) {
			bad("%q is not a host name or IP address", s)
		}
	case rule == "hostport":
		host, port, err := net.SplitHostPort(s)
		if p, perr := strconv.Atoi(port); err != nil || perr != nil || p < 0 || p > 65535 || (host != "" && net.ParseIP(host) == nil && !hostRe.MatchString(host)) {
			bad("%q is not host:port (e.g. 127.0.0.1:3000)", s)
		}
	case strings.HasPrefix(rule, "oneof="):
		allowed := strings.Fields(strings.TrimPrefix(rule, "oneof="))
		if !contains(allowed, s) {
			bad("%q is not one of %s", s, strings.Join(allowed, ", "))
		}
	}
}

// isLoopback reports whether host is localhost or a loopback address.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
