package config

import (
	"fmt"
	"reflect"
	"time"

	"go.yaml.in/yaml/v3"
)

// special decodes the types with their own syntax. ok is false for other
// types; msg is the problem, or "".
func (d *decoder) special(n *yaml.Node, v reflect.Value, path string) (msg string, ok bool) {
	t := v.Type()
	switch t {
	case durationType, locationType, dateType, clockType:
	case weekType:
		return d.week(n, v, path), true
	case secretType:
		return "secrets are never read from the file", true
	default:
		return "", false
	}
	if n.Kind != yaml.ScalarNode {
		return "expected a string, got " + kindOf(n), true
	}
	s := n.Value
	switch t {
	case durationType:
		if n.ShortTag() == "!!int" && s != "0" {
			return fmt.Sprintf("duration %s has no unit (use e.g. %sh or %sm)", s, s, s), true
		}
		dur, err := parseDuration(s)
		if err != nil {
			return err.Error(), true
		}
		v.SetInt(int64(dur))
	case locationType:
		if s == "" || s == "Local" {
			return fmt.Sprintf("unknown time zone %q (use an IANA name like Europe/Berlin)", s), true
		}
		loc, err := time.LoadLocation(s)
		if err != nil {
			return fmt.Sprintf("unknown time zone %q", s), true
		}
		v.Set(reflect.ValueOf(loc))
	case dateType:
		date, err := ParseDate(s)
		if err != nil {
			return err.Error(), true
		}
		v.Set(reflect.ValueOf(date))
	case clockType:
		c, err := ParseClock(s)
		if err != nil {
			return err.Error(), true
		}
		if c == 24*60 {
			return "24:00 is only allowed as the end of a range", true
		}
		v.SetInt(int64(c))
	}
	return "", true
}

// week decodes {mon: ["09:00-17:00"], sat-sun: [...]}; each problem is
// reported at its own line, so it returns "" unless the node is not a
// mapping.
func (d *decoder) week(n *yaml.Node, v reflect.Value, path string) string {
	if n.Kind != yaml.MappingNode {
		return "expected a mapping of weekdays to time ranges, got " + kindOf(n)
	}
	var w Week
	var set [7]bool
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		kpath := path + "." + k.Value
		days, err := parseDays(k.Value)
		if err != nil {
			d.bad(k, kpath, "%s", err.Error())
			continue
		}
		var spans []Span
		d.pos[kpath] = val.Line
		switch {
		case isNull(val):
		case val.Kind == yaml.ScalarNode:
			spans = d.spans(kpath, []*yaml.Node{val}, false)
		case val.Kind == yaml.SequenceNode:
			spans = d.spans(kpath, val.Content, true)
		default:
			d.bad(val, kpath, "expected a list of HH:MM-HH:MM ranges, got %s", kindOf(val))
		}
		for _, day := range days {
			if set[day] {
				d.bad(k, kpath, "%s is already set by another key", time.Weekday(day))
				continue
			}
			set[day] = true
			w[day] = spans
		}
	}
	v.Set(reflect.ValueOf(w))
	return ""
}

func (d *decoder) spans(path string, nodes []*yaml.Node, indexed bool) []Span {
	var out []Span
	for i, el := range nodes {
		p := path
		if indexed {
			p = fmt.Sprintf("%s[%d]", path, i)
		}
		if el.Kind != yaml.ScalarNode || el.ShortTag() != "!!str" {
			d.bad(el, p, "expected a time range HH:MM-HH:MM, got %s", kindOf(el))
			continue
		}
		sp, err := ParseSpan(el.Value)
		if err != nil {
			d.bad(el, p, "%s", err.Error())
			continue
		}
		out = append(out, sp)
	}
	return out
}
