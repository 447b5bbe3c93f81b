package fakeslack

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/dlclark/regexp2"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// ecmaRegexp adapts regexp2 (ECMAScript mode) to jsonschema.Regexp; Slack's
// schemas use patterns Go's regexp cannot compile.
type ecmaRegexp regexp2.Regexp

func (re *ecmaRegexp) MatchString(s string) bool {
	ok, err := (*regexp2.Regexp)(re).MatchString(s)
	return err == nil && ok
}

func (re *ecmaRegexp) String() string { return (*regexp2.Regexp)(re).String() }

func compileECMA(s string) (jsonschema.Regexp, error) {
	re, err := regexp2.Compile(s, regexp2.ECMAScript)
	if err != nil {
		return nil, fmt.Errorf("compile pattern: %w", err)
	}
	return (*ecmaRegexp)(re), nil
}

func compileSchema(path string) (*jsonschema.Schema, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read block kit schema: %w", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("decode block kit schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.UseRegexpEngine(compileECMA)
	if err := c.AddResource("blockkit.json", doc); err != nil {
		return nil, fmt.Errorf("add block kit schema: %w", err)
	}
	sch, err := c.Compile("blockkit.json")
	if err != nil {
		return nil, fmt.Errorf("compile block kit schema: %w", err)
	}
	return sch, nil
}

// schemaProblems validates a blocks array against the configured schema.
func schemaProblems(schema *jsonschema.Schema, raw json.RawMessage) []blockProblem {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return []blockProblem{{"/blocks", "invalid JSON"}}
	}
	err = schema.Validate(inst)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []blockProblem{{"/blocks", err.Error()}}
	}
	out := leaves(ve, message.NewPrinter(language.English), nil)
	if len(out) == 0 {
		out = append(out, blockProblem{"/blocks", ve.Error()})
	}
	return out
}

// leaves collects the innermost schema errors (the most specific ones),
// at most five so the response stays readable.
func leaves(e *jsonschema.ValidationError, p *message.Printer, out []blockProblem) []blockProblem {
	if len(out) >= 5 {
		return out
	}
	if len(e.Causes) == 0 {
		ptr := "/blocks"
		if len(e.InstanceLocation) > 0 {
			ptr += "/" + strings.Join(e.InstanceLocation, "/")
		}
		return append(out, blockProblem{ptr, e.ErrorKind.LocalizedString(p)})
	}
	for _, c := range e.Causes {
		out = leaves(c, p, out)
	}
	return out
}
