package fakeslack

import (
	"slices"
	"strings"
)

// reactionName normalises a reaction: no colons, skin tone kept as Slack does.
func reactionName(n string) string { return strings.Trim(n, ":") }

func (s *Server) reactionsAdd(p params) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, errResp := s.reactionTarget(p)
	if errResp != nil {
		return errResp
	}
	name := reactionName(p.str("name"))
	if name == "" {
		return fail("invalid_name")
	}
	if !addReaction(m, name, s.opts.BotUserID) {
		return fail("already_reacted")
	}
	s.bump()
	return ok()
}

func (s *Server) reactionsRemove(p params) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, errResp := s.reactionTarget(p)
	if errResp != nil {
		return errResp
	}
	if !removeReaction(m, reactionName(p.str("name")), s.opts.BotUserID) {
		return fail("no_reaction")
	}
	s.bump()
	return ok()
}

func (s *Server) reactionsGet(p params) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, errResp := s.reactionTarget(p)
	if errResp != nil {
		return errResp
	}
	return ok("type", "message", "channel", m.Channel, "message", s.wireMessage(m, false))
}

// reactionTarget finds the message a reactions.* call names. s.mu held.
func (s *Server) reactionTarget(p params) (*Message, response) {
	c := s.st.channels[p.str("channel")]
	if c == nil {
		return nil, fail("channel_not_found")
	}
	m := c.msgs[p.str("timestamp")]
	if m == nil {
		return nil, fail("message_not_found")
	}
	return m, nil
}

// addReaction reports false if user already reacted with name.
func addReaction(m *Message, name, user string) bool {
	for i := range m.Reactions {
		if m.Reactions[i].Name == name {
			if slices.Contains(m.Reactions[i].Users, user) {
				return false
			}
			m.Reactions[i].Users = append(m.Reactions[i].Users, user)
			return true
		}
	}
	m.Reactions = append(m.Reactions, Reaction{Name: name, Users: []string{user}})
	return true
}

// removeReaction reports false if user had not reacted with name.
func removeReaction(m *Message, name, user string) bool {
	for i := range m.Reactions {
		r := &m.Reactions[i]
		if r.Name != name {
			continue
		}
		j := slices.Index(r.Users, user)
		if j < 0 {
			return false
		}
		r.Users = slices.Delete(r.Users, j, j+1)
		if len(r.Users) == 0 {
			m.Reactions = slices.Delete(m.Reactions, i, i+1)
		}
		return true
	}
	return false
}
