package fakeslack

import (
	"encoding/json"
	"maps"
	"slices"
)

// Messages returns a channel's top-level messages (and broadcast replies),
// oldest first, each with its ReplyCount.
func (s *Server) Messages(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.st.channels[channel]
	if c == nil {
		return nil
	}
	var out []Message
	for _, m := range c.topLevel() {
		out = append(out, copyMessage(m))
	}
	return out
}

// Thread returns a thread's parent followed by its replies, oldest first.
func (s *Server) Thread(channel, ts string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.st.channels[channel]
	if c == nil {
		return nil
	}
	var out []Message
	for _, m := range c.thread(ts) {
		out = append(out, copyMessage(m))
	}
	return out
}

// Message returns one message by ts.
func (s *Server) Message(channel, ts string) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.st.channels[channel]
	if c == nil || c.msgs[ts] == nil {
		return Message{}, false
	}
	return copyMessage(c.msgs[ts]), true
}

// Ephemerals returns the ephemeral messages shown to user, oldest first.
func (s *Server) Ephemerals(user string) []Ephemeral {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := slices.Clone(s.st.ephemerals[user])
	for i := range out {
		out[i].Blocks = cloneRaw(out[i].Blocks)
	}
	return out
}

// View returns a view by id.
func (s *Server) View(id string) (View, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.st.views[id]
	if v == nil {
		return View{}, false
	}
	return copyView(v), true
}

// Home returns the App Home view published for user.
func (s *Server) Home(user string) (View, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.st.views[s.st.homes[user]]
	if v == nil {
		return View{}, false
	}
	return copyView(v), true
}

// OpenViews returns user's modal stack, bottom (root) first.
func (s *Server) OpenViews(user string) []View {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []View
	for _, id := range s.st.stacks[user] {
		out = append(out, copyView(s.st.views[id]))
	}
	return out
}

// Channels returns every known conversation in creation order.
func (s *Server) Channels() []Channel {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Channel, 0, len(s.st.chanOrder))
	for _, id := range s.st.chanOrder {
		out = append(out, s.st.channels[id].Channel)
	}
	return out
}

// Users returns every member, the bot first.
func (s *Server) Users() []User {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []User{*s.st.users[s.opts.BotUserID]}
	for _, id := range s.st.userOrder {
		if id != s.opts.BotUserID {
			out = append(out, *s.st.users[id])
		}
	}
	return out
}

// topLevel lists messages shown in the channel itself. s.mu held.
func (c *channelState) topLevel() []*Message {
	var out []*Message
	for _, ts := range c.order {
		m := c.msgs[ts]
		if m != nil && (m.ThreadTS == "" || m.ThreadTS == m.TS || m.Broadcast) {
			out = append(out, m)
		}
	}
	return out
}

// thread lists a parent and its replies; nil if the parent is unknown. s.mu held.
func (c *channelState) thread(ts string) []*Message {
	parent := c.msgs[ts]
	if parent == nil {
		return nil
	}
	out := []*Message{parent}
	for _, t := range c.order {
		if m := c.msgs[t]; m != nil && m.TS != ts && m.ThreadTS == ts {
			out = append(out, m)
		}
	}
	return out
}

func copyMessage(m *Message) Message {
	c := *m
	c.Blocks = cloneRaw(m.Blocks)
	if m.Metadata != nil {
		md := *m.Metadata
		md.EventPayload = cloneRaw(md.EventPayload)
		c.Metadata = &md
	}
	c.Reactions = make([]Reaction, 0, len(m.Reactions))
	for _, r := range m.Reactions {
		c.Reactions = append(c.Reactions, Reaction{Name: r.Name, Users: slices.Clone(r.Users)})
	}
	if len(c.Reactions) == 0 {
		c.Reactions = nil
	}
	return c
}

func copyView(v *View) View {
	c := *v
	c.Raw = cloneRaw(v.Raw)
	c.Blocks = cloneRaw(v.Blocks)
	c.Errors = maps.Clone(v.Errors)
	return c
}

func cloneRaw(r json.RawMessage) json.RawMessage {
	if r == nil {
		return nil
	}
	return slices.Clone(r)
}
