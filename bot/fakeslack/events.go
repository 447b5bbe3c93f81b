package fakeslack

import "encoding/json"

// eventCallback wraps an inner event the way the Events API delivers it. s.mu held.
func (s *Server) eventCallback(ev map[string]any) map[string]any {
	return map[string]any{
		"token":      "fake-verification-token",
		"team_id":    s.opts.TeamID,
		"api_app_id": "A0FAKE",
		"event":      ev,
		"type":       "event_callback",
		"event_id":   s.nextID("Ev"),
		"event_time": s.now().Unix(),
		"authorizations": []map[string]any{{
			"enterprise_id": nil, "team_id": s.opts.TeamID, "user_id": s.opts.BotUserID,
			"is_bot": true, "is_enterprise_install": false,
		}},
		"is_ext_shared_channel": false,
		"event_context":         "4-fake-" + s.opts.TeamID,
	}
}

// messageEvent is the message.channels event for a stored message.
func messageEvent(m *Message) map[string]any {
	ev := map[string]any{
		"type": "message", "channel": m.Channel, "text": m.Text, "ts": m.TS,
		"event_ts": m.TS, "channel_type": "channel",
	}
	if m.User != "" {
		ev["user"] = m.User
	}
	if m.BotID != "" {
		ev["bot_id"] = m.BotID
	}
	if m.ThreadTS != "" && m.ThreadTS != m.TS {
		ev["thread_ts"] = m.ThreadTS
	}
	if len(m.Blocks) > 0 {
		ev["blocks"] = json.RawMessage(m.Blocks)
	}
	return ev
}

// userRef is the user object in interaction payloads. s.mu held.
func (s *Server) userRef(id string) map[string]any {
	name := id
	if u := s.st.users[id]; u != nil {
		name = u.Name
	}
	return map[string]any{"id": id, "username": name, "name": name, "team_id": s.opts.TeamID}
}

func (s *Server) teamRef() map[string]any {
	return map[string]any{"id": s.opts.TeamID, "domain": "fake"}
}
