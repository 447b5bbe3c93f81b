package config

import (
	"fmt"
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// decoder walks a yaml.Node tree into a Go value, rejecting unknown keys and
// wrong types, and remembering the line of every field it sets.
type decoder struct {
	ps  *problems
	pos map[string]int
}

// defaulter is implemented by list elements that start from defaults.
type defaulter interface{ setDefaults() }

var (
	durationType = reflect.TypeFor[time.Duration]()
	locationType = reflect.TypeFor[*time.Location]()
	dateType     = reflect.TypeFor[Date]()
	clockType    = reflect.TypeFor[Clock]()
	weekType     = reflect.TypeFor[Week]()
	secretType   = reflect.TypeFor[Secret]()
)

var daysPrefix = regexp.MustCompile(`^(\d+)d`)

// parseDuration reads a Go duration ("90m", "12h", "1h30m") with an optional
// leading whole number of days ("30d", "1d12h").
func parseDuration(s string) (time.Duration, error) {
	var days time.Duration
	rest := s
	if m := daysPrefix.FindStringSubmatch(s); m != nil {
		n, err := strconv.Atoi(m[1])
		if err != nil || n > 100000 {
			return 0, fmt.Errorf("duration %q is out of range", s)
		}
		days = time.Duration(n) * 24 * time.Hour
		rest = s[len(m[0]):]
		if rest == "" {
			return days, nil
		}
	}
	d, err := time.ParseDuration(rest)
	if err != nil {
		return 0, fmt.Errorf("invalid duration %q (use e.g. 90m, 12h, 1h30m or 7d)", s)
	}
	return days + d, nil
}

func kindOf(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	switch n.ShortTag() {
	case "!!str":
		return fmt.Sprintf("the string %q", n.Value)
	case "!!int":
		return "the integer " + n.Value
	case "!!float":
		return "the number " + n.Value
	case "!!bool":
		return "the boolean " + n.Value
	}
	return fmt.Sprintf("%q", n.Value)
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" }

func (d *decoder) bad(n *yaml.Node, path, format string, args ...any) {
	d.ps.decode(n.Line, path, format, args...)
}

// decode sets v (addressable) from n.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if isNull(n) {
		return
	}
	if _, ok := d.pos[path]; !ok {
		d.pos[path] = n.Line
	}
	if msg, ok := d.special(n, v, path); ok {
		if msg != "" {
			d.bad(n, path, "%s", msg)
		}
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		nv := reflect.New(v.Type().Elem())
		d.decode(n, nv.Elem(), path)
		v.Set(nv)
	case reflect.Struct:
		d.decodeStruct(n, v, path)
	case reflect.Slice:
		d.decodeSlice(n, v, path)
	case reflect.Map:
		d.decodeMap(n, v, path)
	default:
		if msg := decodeScalar(n, v); msg != "" {
			d.bad(n, path, "%s", msg)
		}
	}
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.bad(n, path, "expected a mapping, got %s", kindOf(n))
		return
	}
	t := v.Type()
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		key := k.Value
		fpath := key
		if path != "" {
			fpath = path + "." + key
		}
		if seen[key] {
			d.bad(k, fpath, "duplicate key")
			continue
		}
		seen[key] = true
		d.pos[fpath] = k.Line
		f, ok := fieldByKey(t, key)
		if !ok {
			d.bad(k, fpath, "%s", unknownKey(t, key))
			continue
		}
		d.decode(val, v.FieldByIndex(f.Index), fpath)
	}
}

func fieldByKey(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if f.IsExported() && f.Tag.Get("yaml") == key && key != "-" {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// secretEnv names the variable for keys that look like misplaced secrets.
var secretEnv = map[string]string{
	"password":       EnvIMAPPassword + " or " + EnvSMTPPassword,
	"bot_token":      EnvSlackBotToken,
	"app_token":      EnvSlackAppToken,
	"signing_secret": EnvSlackSigning,
	"client_secret":  EnvLWAClientSecret,
	"refresh_token":  EnvLWARefreshToken,
}

func unknownKey(t reflect.Type, key string) string {
	if env, ok := secretEnv[key]; ok {
		return "unknown key; secrets are never read from the file, set " + env + " (or the _FILE variant) in the environment"
	}
	var keys []string
	for i := range t.NumField() {
		if k := t.Field(i).Tag.Get("yaml"); k != "" && k != "-" {
			keys = append(keys, k)
		}
	}
	return "unknown key (known keys: " + strings.Join(keys, ", ") + ")"
}

func (d *decoder) decodeSlice(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.SequenceNode {
		d.bad(n, path, "expected a list, got %s", kindOf(n))
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, el := range n.Content {
		e := s.Index(i)
		if df, ok := e.Addr().Interface().(defaulter); ok {
			df.setDefaults()
		}
		d.decode(el, e, fmt.Sprintf("%s[%d]", path, i))
	}
	v.Set(s)
}

func (d *decoder) decodeMap(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.bad(n, path, "expected a mapping, got %s", kindOf(n))
		return
	}
	m := reflect.MakeMapWithSize(v.Type(), len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		kpath := path + "[" + k.Value + "]"
		if m.MapIndex(reflect.ValueOf(k.Value)).IsValid() {
			d.bad(k, kpath, "duplicate key")
			continue
		}
		e := reflect.New(v.Type().Elem()).Elem()
		d.pos[kpath] = k.Line
		d.decode(val, e, kpath)
		m.SetMapIndex(reflect.ValueOf(k.Value), e)
	}
	v.Set(m)
}

// decodeScalar sets a string, bool, int or float from a scalar node and
// returns a problem message, or "".
func decodeScalar(n *yaml.Node, v reflect.Value) string {
	if n.Kind != yaml.ScalarNode {
		want := map[reflect.Kind]string{reflect.String: "a string", reflect.Bool: "true or false", reflect.Float64: "a number"}[v.Kind()]
		if want == "" {
			want = "an integer"
		}
		return "expected " + want + ", got " + kindOf(n)
	}
	tag := n.ShortTag()
	switch v.Kind() {
	case reflect.String:
		if tag == "!!bool" {
			return fmt.Sprintf("expected a string, got %s (quote it: \"%s\")", kindOf(n), n.Value)
		}
		v.SetString(n.Value)
	case reflect.Bool:
		if tag != "!!bool" {
			return "expected true or false, got " + kindOf(n)
		}
		v.SetBool(n.Value == "true")
	case reflect.Int, reflect.Int64:
		if tag != "!!int" {
			return "expected an integer, got " + kindOf(n)
		}
		i, err := strconv.ParseInt(n.Value, 0, 64)
		if err != nil || i < math.MinInt32 || i > math.MaxInt32 {
			return "integer " + n.Value + " is out of range"
		}
		v.SetInt(i)
	case reflect.Float64:
		if tag != "!!int" && tag != "!!float" {
			return "expected a number, got " + kindOf(n)
		}
		f, err := strconv.ParseFloat(n.Value, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return "expected a finite number, got " + n.Value
		}
		v.SetFloat(f)
	default:
		return "unsupported field type " + v.Type().String()
	}
	return ""
}
