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
}

func (ps *problems) add(line int, field, format string, args ...any) {
	ps.list = append(ps.list, Problem{File: ps.file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
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
	sort.SliceStable(list, func(i, j int) bool { return list[i].Line < list[j].Line })
	return &Errors{Problems: list}
}
