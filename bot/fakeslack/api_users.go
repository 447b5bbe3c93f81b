package fakeslack

import (
	"time"
)

func (s *Server) authTest(p params) response {
	return ok("url", s.URL()+"/", "team", "Fake Workspace", "user", "buyerdesk",
		"team_id", s.opts.TeamID, "user_id", s.opts.BotUserID, "bot_id", s.opts.BotID)
}

func (s *Server) usersInfo(p params) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.users[p.str("user")]
	if u == nil {
		return fail("user_not_found")
	}
	return ok("user", s.wireUser(u))
}

func (s *Server) usersList(p params) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := append([]string{s.opts.BotUserID}, s.st.userOrder...)
	members := []map[string]any{}
	seen := map[string]bool{}
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			members = append(members, s.wireUser(s.st.users[id]))
		}
	}
	return ok("members", members, "response_metadata", map[string]string{"next_cursor": ""})
}

// wireUser renders a user like users.info, with the zone's offset now. s.mu held.
func (s *Server) wireUser(u *User) map[string]any {
	tz := u.TZ
	if tz == "" {
		tz = "UTC"
	}
	offset, label := 0, tz
	if loc, err := time.LoadLocation(tz); err == nil {
		label, offset = s.now().In(loc).Zone()
	}
	w := map[string]any{
		"id": u.ID, "team_id": s.opts.TeamID, "name": u.Name, "real_name": u.RealName,
		"deleted": false, "tz": tz, "tz_label": label, "tz_offset": offset,
		"is_bot": u.IsBot, "is_admin": false,
		"profile": map[string]any{"real_name": u.RealName, "display_name": u.Name},
	}
	if u.IsBot && u.ID == s.opts.BotUserID {
		w["profile"].(map[string]any)["bot_id"] = s.opts.BotID
	}
	return w
}

func (s *Server) usergroupsList(p params) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	withUsers := p.bool("include_users")
	groups := []map[string]any{}
	for _, id := range s.st.groupOrder {
		g := s.st.groups[id]
		w := map[string]any{
			"id": g.ID, "team_id": s.opts.TeamID, "handle": g.Handle, "name": g.Handle,
			"is_usergroup": true, "user_count": len(g.Members),
		}
		if withUsers {
			w["users"] = append([]string{}, g.Members...)
		}
		groups = append(groups, w)
	}
	return ok("usergroups", groups)
}

func (s *Server) usergroupsUsersList(p params) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.st.groups[p.str("usergroup")]
	if g == nil {
		return fail("no_such_subteam")
	}
	return ok("users", append([]string{}, g.Members...))
}
