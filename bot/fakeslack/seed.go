package fakeslack

import "slices"

// AddUser adds or replaces a workspace member.
func (s *Server) AddUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.st.users[u.ID]; !ok {
		s.st.userOrder = append(s.st.userOrder, u.ID)
	}
	s.st.users[u.ID] = &u
	s.bump()
}

// AddChannel adds a public channel the bot is a member of.
func (s *Server) AddChannel(id, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addChannel(Channel{ID: id, Name: name, BotMember: true})
	s.bump()
}

// RemoveBot takes the bot out of a channel, so posting there answers
// not_in_channel until conversations.join.
func (s *Server) RemoveBot(channel string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.st.channels[channel]; c != nil {
		c.BotMember = false
		s.bump()
	}
}

// AddUserGroup adds or replaces a user group.
func (s *Server) AddUserGroup(id, handle string, members []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.st.groups[id]; !ok {
		s.st.groupOrder = append(s.st.groupOrder, id)
	}
	s.st.groups[id] = &UserGroup{ID: id, Handle: handle, Members: slices.Clone(members)}
	s.bump()
}

// addChannel registers a channel. s.mu held.
func (s *Server) addChannel(c Channel) *channelState {
	if cs := s.st.channels[c.ID]; cs != nil {
		cs.Channel = c
		return cs
	}
	cs := &channelState{Channel: c, msgs: map[string]*Message{}}
	s.st.channels[c.ID] = cs
	s.st.chanOrder = append(s.st.chanOrder, c.ID)
	return cs
}

// resolveChannel finds the conversation a post goes to: a channel id, or a
// user id, which opens (or reuses) the bot's DM with that user. s.mu held.
func (s *Server) resolveChannel(id string) *channelState {
	if c := s.st.channels[id]; c != nil {
		return c
	}
	if u := s.st.users[id]; u != nil && !u.IsBot {
		dm := "D" + u.ID
		if c := s.st.channels[dm]; c != nil {
			return c
		}
		return s.addChannel(Channel{ID: dm, Name: u.Name, BotMember: true, IsIM: true})
	}
	return nil
}
