package fakeslack

import (
	"context"
	"encoding/json"
	"fmt"
)

// viewAck is what an app may answer a view_submission with.
type viewAck struct {
	ResponseAction string            `json:"response_action"`
	View           json.RawMessage   `json:"view"`
	Errors         map[string]string `json:"errors"`
}

// SubmitView submits user's open modal viewID with the given input values
// (block_id → action_id → value) and applies the app's ack like Slack:
// empty closes the view, "clear" closes the stack, "update" replaces it,
// "push" pushes a new one and "errors" keeps it open with the errors
// recorded on the View.
func (s *Server) SubmitView(ctx context.Context, user, viewID string, values map[string]map[string]Value) (Ack, error) {
	s.mu.Lock()
	v := s.st.views[viewID]
	if v == nil || v.Closed || v.User != user || v.Type != "modal" {
		s.mu.Unlock()
		return Ack{}, fmt.Errorf("submit view: %w", ErrViewNotFound)
	}
	if values == nil {
		values = map[string]map[string]Value{}
	}
	wv := s.wireView(v)
	wv["state"] = map[string]any{"values": values}
	payload := map[string]any{
		"type": "view_submission", "team": s.teamRef(), "user": s.userRef(user),
		"api_app_id": "A0FAKE", "token": "fake-verification-token", "trigger_id": s.issueTrigger(user),
		"view": wv, "response_urls": []any{}, "is_enterprise_install": false, "enterprise": nil,
	}
	id, ch := s.deliverLocked(interactive, payload)
	s.mu.Unlock()
	a, err := s.awaitAck(ctx, id, ch)
	if err != nil {
		return a, err
	}
	return a, s.applyViewAck(v, a)
}

func (s *Server) applyViewAck(v *View, a Ack) error {
	var va viewAck
	if len(a.Payload) > 0 {
		if err := json.Unmarshal(a.Payload, &va); err != nil {
			return fmt.Errorf("view submission ack: %w", err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch va.ResponseAction {
	case "":
		s.closeViews(v.User, false)
	case "clear":
		s.closeViews(v.User, true)
	case "errors":
		v.Errors = va.Errors
		s.bump()
	case "update", "push":
		var f viewFields
		if err := json.Unmarshal(va.View, &f); err != nil {
			return fmt.Errorf("view submission ack view: %w", err)
		}
		if f.Type == "" {
			f.Type = "modal"
		}
		if r := s.checkBlocks(f.Blocks, maxViewBlocks); r != nil {
			return fmt.Errorf("view submission ack view: %w", Error(r["error"].(string)))
		}
		if va.ResponseAction == "update" {
			v.Errors = nil
			s.replaceView(v, va.View, f)
			return nil
		}
		stack := s.st.stacks[v.User]
		if len(stack) >= maxViewStack {
			return fmt.Errorf("view submission ack: %w", Error("push_limit_reached"))
		}
		nv := s.newView(v.User, va.View, f)
		nv.RootViewID, nv.PreviousViewID = stack[0], stack[len(stack)-1]
		s.st.stacks[v.User] = append(stack, nv.ID)
		s.bump()
	default:
		return fmt.Errorf("view submission ack: %w", Error("invalid_response_action"))
	}
	return nil
}

// CloseView closes user's top modal as if they pressed Close. When the view
// asked for notify_on_close, view_closed is delivered and its ack returned.
func (s *Server) CloseView(ctx context.Context, user, viewID string) (Ack, error) {
	s.mu.Lock()
	v := s.st.views[viewID]
	if v == nil || v.Closed || v.User != user || v.Type != "modal" {
		s.mu.Unlock()
		return Ack{}, fmt.Errorf("close view: %w", ErrViewNotFound)
	}
	var notify struct {
		NotifyOnClose bool `json:"notify_on_close"`
	}
	_ = json.Unmarshal(v.Raw, &notify)
	wv := s.wireView(v)
	s.closeViews(user, false)
	if !notify.NotifyOnClose {
		s.mu.Unlock()
		return Ack{}, nil
	}
	payload := map[string]any{
		"type": "view_closed", "team": s.teamRef(), "user": s.userRef(user), "api_app_id": "A0FAKE",
		"token": "fake-verification-token", "view": wv, "is_cleared": false, "is_enterprise_install": false,
	}
	id, ch := s.deliverLocked(interactive, payload)
	s.mu.Unlock()
	return s.awaitAck(ctx, id, ch)
}
