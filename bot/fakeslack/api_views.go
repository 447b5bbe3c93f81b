package fakeslack

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// triggerTTL is how long a trigger_id may be exchanged for a view.
const triggerTTL = 3 * time.Second

// maxViewStack is Slack's modal stack depth.
const maxViewStack = 3

// viewFields are the parts of a view object the fake reads.
type viewFields struct {
	Type            string          `json:"type"`
	Blocks          json.RawMessage `json:"blocks"`
	CallbackID      string          `json:"callback_id"`
	ExternalID      string          `json:"external_id"`
	PrivateMetadata string          `json:"private_metadata"`
	Title           *struct {
		Text string `json:"text"`
	} `json:"title"`
}

// readView decodes and validates the "view" argument.
func (s *Server) readView(p params, wantType string) (json.RawMessage, viewFields, response) {
	raw := p.raw("view")
	var f viewFields
	if len(raw) == 0 || json.Unmarshal(raw, &f) != nil {
		return nil, f, fail("invalid_arguments")
	}
	if f.Type != wantType {
		return nil, f, failWithMessages("invalid_arguments", []string{fmt.Sprintf("[ERROR] must be %q [json-pointer:/view/type]", wantType)})
	}
	if wantType == "modal" && (f.Title == nil || f.Title.Text == "") {
		return nil, f, failWithMessages("invalid_arguments", []string{"[ERROR] missing required field: title [json-pointer:/view]"})
	}
	if f.Title != nil && len([]rune(f.Title.Text)) > maxViewTitle {
		return nil, f, failWithMessages("invalid_arguments", []string{fmt.Sprintf("[ERROR] must be less than %d characters [json-pointer:/view/title/text]", maxViewTitle+1)})
	}
	if r := s.checkBlocks(f.Blocks, maxViewBlocks); r != nil {
		return nil, f, r
	}
	return raw, f, nil
}

// useTrigger exchanges a trigger_id, once, within its lifetime. s.mu held.
func (s *Server) useTrigger(id string) (string, response) {
	t, ok := s.st.triggers[id]
	switch {
	case id == "" || !ok:
		return "", fail("invalid_trigger_id")
	case t.used:
		return "", fail("exchanged_trigger_id")
	case s.now().Sub(t.issued) > triggerTTL:
		return "", fail("expired_trigger_id")
	}
	t.used = true
	s.st.triggers[id] = t
	return t.user, nil
}

// issueTrigger hands out a fresh trigger_id for user. s.mu held.
func (s *Server) issueTrigger(user string) string {
	if len(s.st.triggers) > 1000 { // keep a long-running demo small
		for k, t := range s.st.triggers {
			if t.used || s.now().Sub(t.issued) > triggerTTL {
				delete(s.st.triggers, k)
			}
		}
	}
	id := fmt.Sprintf("%d.%s", s.now().Unix(), s.nextID("trig"))
	s.st.triggers[id] = trigger{user: user, issued: s.now()}
	return id
}

func (s *Server) newView(user string, raw json.RawMessage, f viewFields) *View {
	v := &View{
		ID: s.nextID("V"), Type: f.Type, User: user, ExternalID: f.ExternalID, CallbackID: f.CallbackID,
		Hash: s.nextID("h"), Raw: raw, Blocks: f.Blocks, PrivateMetadata: f.PrivateMetadata,
	}
	s.st.views[v.ID] = v
	return v
}

func (s *Server) viewsOpen(p params) response {
	raw, f, errResp := s.readView(p, "modal")
	if errResp != nil {
		return errResp
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	user, errResp := s.useTrigger(p.str("trigger_id"))
	if errResp != nil {
		return errResp
	}
	if f.ExternalID != "" && s.byExternalID(f.ExternalID) != nil {
		return fail("duplicate_external_id")
	}
	for _, id := range s.st.stacks[user] {
		s.st.views[id].Closed = true
	}
	v := s.newView(user, raw, f)
	v.RootViewID = v.ID
	s.st.stacks[user] = []string{v.ID}
	s.bump()
	return ok("view", s.wireView(v))
}

func (s *Server) viewsPush(p params) response {
	raw, f, errResp := s.readView(p, "modal")
	if errResp != nil {
		return errResp
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	user, errResp := s.useTrigger(p.str("trigger_id"))
	if errResp != nil {
		return errResp
	}
	stack := s.st.stacks[user]
	if len(stack) == 0 {
		return fail("not_found")
	}
	if len(stack) >= maxViewStack {
		return fail("push_limit_reached")
	}
	v := s.newView(user, raw, f)
	v.RootViewID = stack[0]
	v.PreviousViewID = stack[len(stack)-1]
	s.st.stacks[user] = append(stack, v.ID)
	s.bump()
	return ok("view", s.wireView(v))
}

func (s *Server) viewsUpdate(p params) response {
	s.mu.Lock()
	var v *View
	if id := p.str("view_id"); id != "" {
		v = s.st.views[id]
	} else if ext := p.str("external_id"); ext != "" {
		v = s.byExternalID(ext)
	} else {
		s.mu.Unlock()
		return fail("invalid_arguments")
	}
	if v == nil {
		s.mu.Unlock()
		return fail("not_found")
	}
	kind := v.Type
	s.mu.Unlock()

	raw, f, errResp := s.readView(p, kind)
	if errResp != nil {
		return errResp
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if h := p.str("hash"); h != "" && h != v.Hash {
		return fail("hash_conflict")
	}
	s.replaceView(v, raw, f)
	return ok("view", s.wireView(v))
}

// replaceView swaps a view's content, keeping its id. s.mu held.
func (s *Server) replaceView(v *View, raw json.RawMessage, f viewFields) {
	v.Raw, v.Blocks, v.CallbackID, v.PrivateMetadata = raw, f.Blocks, f.CallbackID, f.PrivateMetadata
	if f.ExternalID != "" {
		v.ExternalID = f.ExternalID
	}
	v.Hash = s.nextID("h")
	s.bump()
}

func (s *Server) viewsPublish(p params) response {
	raw, f, errResp := s.readView(p, "home")
	if errResp != nil {
		return errResp
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	user := p.str("user_id")
	if s.st.users[user] == nil {
		return fail("user_not_found")
	}
	if v := s.st.views[s.st.homes[user]]; v != nil {
		if h := p.str("hash"); h != "" && h != v.Hash {
			return fail("hash_conflict")
		}
		s.replaceView(v, raw, f)
		return ok("view", s.wireView(v))
	}
	v := s.newView(user, raw, f)
	s.st.homes[user] = v.ID
	s.bump()
	return ok("view", s.wireView(v))
}

// byExternalID finds a live view by external_id. s.mu held.
func (s *Server) byExternalID(ext string) *View {
	for _, v := range s.st.views {
		if v.ExternalID == ext && !v.Closed {
			return v
		}
	}
	return nil
}

// closeTop pops user's top modal; all closes the whole stack. s.mu held.
func (s *Server) closeViews(user string, all bool) {
	stack := s.st.stacks[user]
	if len(stack) == 0 {
		return
	}
	n := len(stack) - 1
	if all {
		n = 0
	}
	for _, id := range stack[n:] {
		s.st.views[id].Closed = true
	}
	s.st.stacks[user] = slices.Clone(stack[:n])
	s.bump()
}

// wireView renders a view like views.* responses and interaction payloads. s.mu held.
func (s *Server) wireView(v *View) map[string]any {
	w := map[string]any{}
	_ = json.Unmarshal(v.Raw, &w)
	w["id"] = v.ID
	w["team_id"] = s.opts.TeamID
	w["type"] = v.Type
	w["hash"] = v.Hash
	w["root_view_id"] = v.RootViewID
	w["previous_view_id"] = v.PreviousViewID
	w["app_id"] = "A0FAKE"
	w["bot_id"] = s.opts.BotID
	w["app_installed_team_id"] = s.opts.TeamID
	w["external_id"] = v.ExternalID
	if _, ok := w["state"]; !ok {
		w["state"] = map[string]any{"values": map[string]any{}}
	}
	for _, k := range []string{"private_metadata", "callback_id"} {
		if _, ok := w[k]; !ok {
			w[k] = ""
		}
	}
	return w
}
