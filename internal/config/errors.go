package config

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong with a configuration. Line is 0 when the
// problem has no place in the file (a secret from the environment, or a
// configuration built in code).
type Problem struct {
	File  string
	Line  int
	Field string
	Msg   string
}

// String renders the problem as "file:line: field: message", leaving out
// the parts that are unknown.
func (p Problem) String() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
		}
		b.WriteString(": ")
	}
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Errors is every problem found in a configuration; Error prints one a line.
type Errors struct {
	Problems []Problem
}

func (e *Errors) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// problems collects Problems for one file.
type problems struct {
	file string
	list []Problem
	// decoded are the fields whose value could not be decoded; checks of
	// the decoded config stay quiet about them and the fields around them,
	// so one mistake gives one problem.
	decoded []string
}

// decode records a problem with reading a value from the file.
func (ps *problems) decode(line int, field, format string, args ...any) {
	ps.decoded = append(ps.decoded, field)
	ps.list = append(ps.list, Problem{File: ps.file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// add records a problem found by checking the decoded configuration.
func (ps *problems) add(line int, field, format string, args ...any) {
	for _, d := range ps.decoded {
		if related(d, field) {
			return
		}
	}
	ps.list = append(ps.list, Problem{File: ps.file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// related reports whether one field path contains the other.
func related(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return a == b || (strings.HasPrefix(b, a) && (b[len(a)] == '.' || b[len(a)] == '['))
}

// env records a problem with an environment variable: it has no file or line.
func (ps *problems) env(field, format string, args ...any) {
	ps.list = append(ps.list, Problem{Field: field, Msg: fmt.Sprintf(format, args...)})
}

// err returns nil or an *Errors with the problems in file order.
func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	list := append([]Problem(nil), ps.list...)
	// File order; problems without a line (the environment) come last.
	key := func(p Problem) int {
		if p.Line == 0 {
			return int(^uint(0) >> 1)
		}
		return p.Line
	}
	sort.SliceStable(list, func(i, j int) bool { return key(list[i]) < key(list[j]) })
	return &Errors{Problems: list}
}
