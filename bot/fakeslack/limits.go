package fakeslack

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Block Kit limits Slack enforces, per surface and per field.
const (
	maxMessageBlocks  = 50
	maxViewBlocks     = 100
	maxSectionText    = 3000
	maxSectionField   = 2000
	maxSectionFields  = 10
	maxHeaderText     = 150
	maxButtonText     = 75
	maxButtonValue    = 2000
	maxID             = 255
	maxSelectOptions  = 100
	maxOptionText     = 75
	maxOptionValue    = 150
	maxContextElems   = 10
	maxActionsElems   = 25
	maxInputLabel     = 2000
	maxMessageText    = 40000
	maxViewTitle      = 24
	maxViewSubmitText = 24
)

// blockProblem is one violation, phrased like Slack's response_metadata
// messages: "[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]".
type blockProblem struct {
	pointer string
	msg     string
}

func (p blockProblem) String() string {
	return fmt.Sprintf("[ERROR] %s [json-pointer:%s]", p.msg, p.pointer)
}

// checkBlocks validates a blocks array against Slack's limits and, when
// configured, the Block Kit schema. It returns nil when valid, else the
// error response Slack would give.
func (s *Server) checkBlocks(raw json.RawMessage, maxBlocks int) response {
	code, msgs := blockProblems(s.schema, raw, maxBlocks)
	if code == "" {
		return nil
	}
	return failWithMessages(code, msgs)
}

// blockProblems returns Slack's error code and response_metadata messages
// for a blocks array, or "" when Slack would accept it. schema may be nil.
func blockProblems(schema *jsonschema.Schema, raw json.RawMessage, maxBlocks int) (string, []string) {
	if len(raw) == 0 {
		return "", nil
	}
	var blocks []map[string]any
	if err := json.Unmarshal(raw, &blocks); err != nil {
		return "invalid_blocks_format", []string{"[ERROR] blocks must be a JSON array of objects"}
	}
	probs := limitProblems(blocks, maxBlocks)
	if len(probs) == 0 && schema != nil {
		probs = schemaProblems(schema, raw)
	}
	if len(probs) == 0 {
		return "", nil
	}
	msgs := make([]string, 0, len(probs))
	for _, p := range probs {
		msgs = append(msgs, p.String())
	}
	return "invalid_blocks", msgs
}

func limitProblems(blocks []map[string]any, maxBlocks int) []blockProblem {
	var c checker
	if len(blocks) > maxBlocks {
		c.add("/blocks", "no more than %d items allowed", maxBlocks)
	}
	for i, b := range blocks {
		c.block(fmt.Sprintf("/blocks/%d", i), b)
	}
	return c.probs
}

type checker struct{ probs []blockProblem }

func (c *checker) add(ptr, format string, args ...any) {
	c.probs = append(c.probs, blockProblem{ptr, fmt.Sprintf(format, args...)})
}

// text checks obj[key].text (a text object) or obj[key] (a string) against n runes.
func (c *checker) text(ptr string, obj map[string]any, key string, n int) {
	switch v := obj[key].(type) {
	case map[string]any:
		if t, ok := v["text"].(string); ok && utf8.RuneCountInString(t) > n {
			c.add(ptr+"/"+key+"/text", "must be less than %d characters", n+1)
		}
	case string:
		if utf8.RuneCountInString(v) > n {
			c.add(ptr+"/"+key, "must be less than %d characters", n+1)
		}
	}
}

func (c *checker) id(ptr string, obj map[string]any, key string) {
	if v, ok := obj[key].(string); ok && utf8.RuneCountInString(v) > maxID {
		c.add(ptr+"/"+key, "must be less than %d characters", maxID+1)
	}
}

func (c *checker) block(ptr string, b map[string]any) {
	c.id(ptr, b, "block_id")
	switch b["type"] {
	case "section":
		c.text(ptr, b, "text", maxSectionText)
		if fields, ok := b["fields"].([]any); ok {
			if len(fields) > maxSectionFields {
				c.add(ptr+"/fields", "no more than %d items allowed", maxSectionFields)
			}
			for i, f := range fields {
				if fm, ok := f.(map[string]any); ok {
					c.text(fmt.Sprintf("%s/fields", ptr), map[string]any{fmt.Sprint(i): fm}, fmt.Sprint(i), maxSectionField)
				}
			}
		}
		if acc, ok := b["accessory"].(map[string]any); ok {
			c.element(ptr+"/accessory", acc)
		}
	case "header":
		c.text(ptr, b, "text", maxHeaderText)
	case "context":
		c.elements(ptr, b, maxContextElems)
	case "actions":
		c.elements(ptr, b, maxActionsElems)
	case "input":
		c.text(ptr, b, "label", maxInputLabel)
		if el, ok := b["element"].(map[string]any); ok {
			c.element(ptr+"/element", el)
		}
	}
}

func (c *checker) elements(ptr string, b map[string]any, n int) {
	els, _ := b["elements"].([]any)
	if len(els) > n {
		c.add(ptr+"/elements", "no more than %d items allowed", n)
	}
	for i, e := range els {
		if em, ok := e.(map[string]any); ok {
			c.element(fmt.Sprintf("%s/elements/%d", ptr, i), em)
		}
	}
}

func (c *checker) element(ptr string, e map[string]any) {
	c.id(ptr, e, "action_id")
	switch e["type"] {
	case "button":
		c.text(ptr, e, "text", maxButtonText)
		if v, ok := e["value"].(string); ok && utf8.RuneCountInString(v) > maxButtonValue {
			c.add(ptr+"/value", "must be less than %d characters", maxButtonValue+1)
		}
	case "static_select", "multi_static_select", "overflow", "radio_buttons", "checkboxes":
		opts, _ := e["options"].([]any)
		if len(opts) > maxSelectOptions {
			c.add(ptr+"/options", "no more than %d items allowed", maxSelectOptions)
		}
		c.options(ptr+"/options", opts)
		if groups, ok := e["option_groups"].([]any); ok {
			for i, g := range groups {
				if gm, ok := g.(map[string]any); ok {
					gopts, _ := gm["options"].([]any)
					c.options(fmt.Sprintf("%s/option_groups/%d/options", ptr, i), gopts)
				}
			}
		}
	}
}

func (c *checker) options(ptr string, opts []any) {
	for i, o := range opts {
		om, ok := o.(map[string]any)
		if !ok {
			continue
		}
		p := fmt.Sprintf("%s/%d", ptr, i)
		c.text(p, om, "text", maxOptionText)
		if v, ok := om["value"].(string); ok && utf8.RuneCountInString(v) > maxOptionValue {
			c.add(p+"/value", "must be less than %d characters", maxOptionValue+1)
		}
	}
}
