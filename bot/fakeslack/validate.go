package fakeslack

import (
	"encoding/json"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Validator checks Block Kit payloads the way the fake server does: against
// Slack's limits and, when given, the Block Kit schema. Tests use it to check
// every payload an app can produce without sending it.
type Validator struct{ schema *jsonschema.Schema }

// NewValidator compiles the Block Kit schema at schemaPath (ECMAScript
// patterns via regexp2); an empty path checks limits only.
func NewValidator(schemaPath string) (*Validator, error) {
	v := &Validator{}
	if schemaPath == "" {
		return v, nil
	}
	sch, err := compileSchema(schemaPath)
	if err != nil {
		return nil, err
	}
	v.schema = sch
	return v, nil
}

// Message returns the problems of a message's blocks array, phrased like
// Slack's response_metadata messages; none when Slack would accept it.
func (v *Validator) Message(blocks json.RawMessage) []string {
	return v.check(blocks, maxMessageBlocks)
}

// View returns the problems of a modal's or Home tab's blocks array.
func (v *Validator) View(blocks json.RawMessage) []string {
	return v.check(blocks, maxViewBlocks)
}

func (v *Validator) check(raw json.RawMessage, maxBlocks int) []string {
	code, msgs := blockProblems(v.schema, raw, maxBlocks)
	if code != "" && len(msgs) == 0 {
		return []string{code}
	}
	return msgs
}
