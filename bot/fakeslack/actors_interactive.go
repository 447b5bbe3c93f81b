package fakeslack

import (
	"context"
	"encoding/json"
	"fmt"
)

// Option is a select option as a user picked it.
type Option struct {
	Text  string
	Value string
}

// MarshalJSON renders the option object Slack sends.
func (o Option) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(map[string]any{
		"text":  map[string]any{"type": "plain_text", "text": o.Text, "emoji": true},
		"value": o.Value,
	})
	if err != nil {
		return nil, fmt.Errorf("marshal option: %w", err)
	}
	return b, nil
}

// Value is one input's state in view.state.values.
type Value struct {
	Type            string   `json:"type"`
	Value           string   `json:"value,omitempty"`
	SelectedOption  *Option  `json:"selected_option,omitempty"`
	SelectedOptions []Option `json:"selected_options,omitempty"`
	SelectedUser    string   `json:"selected_user,omitempty"`
	SelectedDate    string   `json:"selected_date,omitempty"`
}

// TextValue is a plain_text_input's state.
func TextValue(v string) Value { return Value{Type: "plain_text_input", Value: v} }

// SelectValue is a static_select's state.
func SelectValue(text, value string) Value {
	return Value{Type: "static_select", SelectedOption: &Option{Text: text, Value: value}}
}

// CheckboxValue is a checkboxes input's state.
func CheckboxValue(opts ...Option) Value {
	return Value{Type: "checkboxes", SelectedOptions: append([]Option{}, opts...)}
}

// ClickButton presses the button with actionID on a message and delivers
// block_actions. value overrides the button's own value when not empty.
func (s *Server) ClickButton(ctx context.Context, user, channel, messageTS, actionID, value string) (Ack, error) {
	return s.messageAction(ctx, user, channel, messageTS, actionID, value, "button")
}

// SelectOption picks the option with value in a message's static_select.
func (s *Server) SelectOption(ctx context.Context, user, channel, messageTS, actionID, value string) (Ack, error) {
	return s.messageAction(ctx, user, channel, messageTS, actionID, value, "static_select")
}

func (s *Server) messageAction(ctx context.Context, user, channel, ts, actionID, value, kind string) (Ack, error) {
	s.mu.Lock()
	m, err := s.findMessage(user, channel, ts)
	var action map[string]any
	if err == nil {
		action, err = s.action(m.Blocks, actionID, value, kind)
	}
	if err != nil {
		s.mu.Unlock()
		return Ack{}, fmt.Errorf("block action: %w", err)
	}
	container := map[string]any{"type": "message", "message_ts": ts, "channel_id": channel, "is_ephemeral": false}
	if m.ThreadTS != "" && m.ThreadTS != m.TS {
		container["thread_ts"] = m.ThreadTS
	}
	payload := s.blockActions(user, action, container)
	payload["channel"] = map[string]any{"id": channel, "name": s.st.channels[channel].Name}
	payload["message"] = s.wireMessage(m, true)
	payload["response_url"] = s.responseURL(responseTarget{channel: channel, user: user, messageTS: ts, threadTS: m.ThreadTS})
	id, ch := s.deliverLocked(interactive, payload)
	s.mu.Unlock()
	return s.awaitAck(ctx, id, ch)
}

// ClickViewButton presses a button inside an open view (modal or Home).
func (s *Server) ClickViewButton(ctx context.Context, user, viewID, actionID, value string) (Ack, error) {
	return s.viewAction(ctx, user, viewID, actionID, value, "button")
}

// SelectViewOption picks an option in a static_select inside a view
// (one with dispatch_action, or an accessory).
func (s *Server) SelectViewOption(ctx context.Context, user, viewID, actionID, value string) (Ack, error) {
	return s.viewAction(ctx, user, viewID, actionID, value, "static_select")
}

func (s *Server) viewAction(ctx context.Context, user, viewID, actionID, value, kind string) (Ack, error) {
	s.mu.Lock()
	v := s.st.views[viewID]
	var err error
	var action map[string]any
	if v == nil || v.Closed || v.User != user {
		err = ErrViewNotFound
	} else {
		action, err = s.action(v.Blocks, actionID, value, kind)
	}
	if err != nil {
		s.mu.Unlock()
		return Ack{}, fmt.Errorf("view action: %w", err)
	}
	payload := s.blockActions(user, action, map[string]any{"type": "view", "view_id": viewID})
	payload["view"] = s.wireView(v)
	id, ch := s.deliverLocked(interactive, payload)
	s.mu.Unlock()
	return s.awaitAck(ctx, id, ch)
}

// blockActions builds the common block_actions payload. s.mu held.
func (s *Server) blockActions(user string, action, container map[string]any) map[string]any {
	return map[string]any{
		"type": "block_actions", "user": s.userRef(user), "api_app_id": "A0FAKE",
		"token": "fake-verification-token", "container": container, "trigger_id": s.issueTrigger(user),
		"team": s.teamRef(), "enterprise": nil, "is_enterprise_install": false,
		"state":   map[string]any{"values": map[string]any{}},
		"actions": []map[string]any{action},
	}
}

// action finds actionID of the given kind in blocks and renders the action
// a user's click produces. s.mu held.
func (s *Server) action(blocks json.RawMessage, actionID, value, kind string) (map[string]any, error) {
	blockID, el := findElement(blocks, actionID)
	if el == nil || el["type"] != kind {
		return nil, ErrActionNotFound
	}
	a := map[string]any{"action_id": actionID, "block_id": blockID, "type": kind, "action_ts": s.nextTS()}
	switch kind {
	case "button":
		a["text"] = el["text"]
		v, _ := el["value"].(string)
		if value != "" {
			v = value
		}
		a["value"] = v
	case "static_select":
		opt := findOption(el, value)
		if opt == nil {
			return nil, ErrOptionNotFound
		}
		a["selected_option"] = opt
	}
	return a, nil
}

// findElement looks for an interactive element by action_id.
func findElement(raw json.RawMessage, actionID string) (string, map[string]any) {
	var blocks []map[string]any
	if json.Unmarshal(raw, &blocks) != nil {
		return "", nil
	}
	for _, b := range blocks {
		blockID, _ := b["block_id"].(string)
		var cands []any
		if els, ok := b["elements"].([]any); ok {
			cands = append(cands, els...)
		}
		for _, k := range []string{"accessory", "element"} {
			if el, ok := b[k]; ok {
				cands = append(cands, el)
			}
		}
		for _, c := range cands {
			if el, ok := c.(map[string]any); ok && el["action_id"] == actionID {
				return blockID, el
			}
		}
	}
	return "", nil
}

func findOption(el map[string]any, value string) map[string]any {
	var all []any
	if opts, ok := el["options"].([]any); ok {
		all = append(all, opts...)
	}
	if groups, ok := el["option_groups"].([]any); ok {
		for _, g := range groups {
			if gm, ok := g.(map[string]any); ok {
				if opts, ok := gm["options"].([]any); ok {
					all = append(all, opts...)
				}
			}
		}
	}
	for _, o := range all {
		if om, ok := o.(map[string]any); ok && om["value"] == value {
			return om
		}
	}
	return nil
}
