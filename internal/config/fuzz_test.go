package config

import (
	"errors"
	"os"
	"testing"
)

// FuzzParse checks that any input gives a config or an *Errors, never a
// panic or another error type.
func FuzzParse(f *testing.F) {
	example, err := os.ReadFile(examplePath)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(example)
	f.Add(defaultYAML)
	f.Add([]byte(withTeam("    hours: {fri-mon: \"22:00-06:00\"}")))
	f.Add([]byte("a: &x [1]\nb: *x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("f.yml", data, nil)
		var errs *Errors
		switch {
		case err != nil && !errors.As(err, &errs):
			t.Fatalf("error of type %T: %v", err, err)
		case err == nil && c.Check() != nil:
			t.Fatalf("Parse accepted what Check rejects: %v", c.Check())
		}
	})
}
