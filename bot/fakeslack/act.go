package fakeslack

import (
	"encoding/json"
	"errors"
	"net/http"
)

// actRequest is the body of POST /fake/act/{action}, the demo page's way
// to act as a human.
type actRequest struct {
	User     string                      `json:"user"`
	Channel  string                      `json:"channel"`
	TS       string                      `json:"ts"`
	ThreadTS string                      `json:"thread_ts"`
	Name     string                      `json:"name"`
	Text     string                      `json:"text"`
	Command  string                      `json:"command"`
	ActionID string                      `json:"action_id"`
	Value    string                      `json:"value"`
	ViewID   string                      `json:"view_id"`
	Values   map[string]map[string]Value `json:"values"`
}

// serveAct performs react, unreact, post, slash, click, select,
// view_click, view_select, submit, close or home and answers
// {"ok":true,"ack":{...}} or {"ok":false,"error":"..."}.
func (s *Server) serveAct(w http.ResponseWriter, r *http.Request) {
	var req actRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeJSON(w, http.StatusBadRequest, fail("invalid_payload"))
		return
	}
	ctx := r.Context()
	var (
		a   Ack
		err error
		out = ok()
	)
	switch r.PathValue("action") {
	case "react":
		a, err = s.React(ctx, req.User, req.Channel, req.TS, req.Name)
	case "unreact":
		a, err = s.Unreact(ctx, req.User, req.Channel, req.TS, req.Name)
	case "post":
		var m Message
		m, a, err = s.PostAsUser(ctx, req.User, req.Channel, req.ThreadTS, req.Text)
		out["message"] = m
	case "slash":
		a, err = s.SlashCommand(ctx, req.User, req.Channel, req.Command, req.Text)
	case "click":
		a, err = s.ClickButton(ctx, req.User, req.Channel, req.TS, req.ActionID, req.Value)
	case "select":
		a, err = s.SelectOption(ctx, req.User, req.Channel, req.TS, req.ActionID, req.Value)
	case "view_click":
		a, err = s.ClickViewButton(ctx, req.User, req.ViewID, req.ActionID, req.Value)
	case "view_select":
		a, err = s.SelectViewOption(ctx, req.User, req.ViewID, req.ActionID, req.Value)
	case "submit":
		a, err = s.SubmitView(ctx, req.User, req.ViewID, req.Values)
	case "close":
		a, err = s.CloseView(ctx, req.User, req.ViewID)
	case "home":
		a, err = s.OpenHome(ctx, req.User)
	default:
		writeJSON(w, http.StatusNotFound, fail("unknown_action"))
		return
	}
	if err != nil {
		code := "ack_timeout"
		var se Error
		if errors.As(err, &se) {
			code = string(se)
		}
		resp := fail(code)
		resp["ack"] = a
		writeJSON(w, http.StatusOK, resp)
		return
	}
	out["ack"] = a
	writeJSON(w, http.StatusOK, out)
}
