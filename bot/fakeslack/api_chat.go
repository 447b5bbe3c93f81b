package fakeslack

import (
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"
)

// content is the body of a post or update: text, blocks, metadata.
type content struct {
	text     string
	blocks   json.RawMessage
	metadata *Metadata
}

// readContent validates text and blocks like Slack; a non-nil response is
// the error to answer.
func (s *Server) readContent(p params, requireSome bool) (content, response) {
	c := content{text: p.str("text"), blocks: p.raw("blocks")}
	if utf8.RuneCountInString(c.text) > maxMessageText {
		return c, fail("msg_too_long")
	}
	if requireSome && c.text == "" && len(c.blocks) == 0 && p.str("attachments") == "" {
		return c, fail("no_text")
	}
	if r := s.checkBlocks(c.blocks, maxMessageBlocks); r != nil {
		return c, r
	}
	if md := p.raw("metadata"); len(md) > 0 {
		var m Metadata
		if err := json.Unmarshal(md, &m); err != nil || m.EventType == "" {
			return c, fail("invalid_metadata_format")
		}
		c.metadata = &m
	}
	return c, nil
}

func (s *Server) chatPostMessage(p params) response {
	body, errResp := s.readContent(p, true)
	if errResp != nil {
		return errResp
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.resolveChannel(p.str("channel"))
	if c == nil {
		return fail("channel_not_found")
	}
	if !c.BotMember {
		return fail("not_in_channel")
	}
	threadTS := p.str("thread_ts")
	if threadTS != "" {
		parent := c.msgs[threadTS]
		if parent == nil {
			// The fake refuses replies to unknown parents so a bot bug
			// (a stale or foreign ts) shows up in tests.
			return fail("thread_not_found")
		}
		if parent.ThreadTS != "" && parent.ThreadTS != parent.TS {
			threadTS = parent.ThreadTS // replies to a reply land in the root thread
		}
	}
	m := &Message{
		TS:          s.nextTS(),
		ThreadTS:    threadTS,
		Channel:     c.ID,
		User:        s.opts.BotUserID,
		BotID:       s.opts.BotID,
		Text:        body.text,
		Blocks:      body.blocks,
		Metadata:    body.metadata,
		Broadcast:   threadTS != "" && p.bool("reply_broadcast"),
		UnfurlLinks: p.bool("unfurl_links"),
		UnfurlMedia: p.bool("unfurl_media"),
		LinkNames:   p.bool("link_names") || p.str("parse") == "full",
	}
	s.store(c, m)
	if s.opts.EchoBotMessages {
		s.enqueueLocked(eventsAPI, s.eventCallback(messageEvent(m)))
	}
	return ok("channel", c.ID, "ts", m.TS, "message", s.wireMessage(m, true))
}

// store appends a message and keeps the parent's reply count. s.mu held.
func (s *Server) store(c *channelState, m *Message) {
	if m.ThreadTS != "" && c.msgs[m.ThreadTS] != nil {
		parent := c.msgs[m.ThreadTS]
		parent.ThreadTS = parent.TS
		parent.ReplyCount++
	}
	c.msgs[m.TS] = m
	c.order = append(c.order, m.TS)
	s.bump()
}

func (s *Server) chatUpdate(p params) response {
	body, errResp := s.readContent(p, false)
	if errResp != nil {
		return errResp
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, m, errResp := s.botMessage(p, "cant_update_message")
	if errResp != nil {
		return errResp
	}
	if p.has("text") {
		m.Text = body.text
	}
	if p.has("blocks") {
		m.Blocks = body.blocks
	}
	if body.metadata != nil {
		m.Metadata = body.metadata
	}
	m.Edited = true
	s.bump()
	return ok("channel", c.ID, "ts", m.TS, "text", m.Text, "message", s.wireMessage(m, true))
}

func (s *Server) chatDelete(p params) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, m, errResp := s.botMessage(p, "cant_delete_message")
	if errResp != nil {
		return errResp
	}
	ts := m.TS
	s.deleteMessage(c, m)
	return ok("channel", c.ID, "ts", ts)
}

// botMessage finds the message named by the channel and ts parameters and
// checks the bot posted it; notOwn is Slack's error when it did not.
// s.mu held.
func (s *Server) botMessage(p params, notOwn string) (*channelState, *Message, response) {
	c := s.st.channels[p.str("channel")]
	if c == nil {
		return nil, nil, fail("channel_not_found")
	}
	m := c.msgs[p.str("ts")]
	if m == nil {
		return nil, nil, fail("message_not_found")
	}
	if m.BotID != s.opts.BotID {
		return nil, nil, fail(notOwn)
	}
	return c, m, nil
}

// deleteMessage removes a message, fixing its parent's reply count. s.mu held.
func (s *Server) deleteMessage(c *channelState, m *Message) {
	if m.ThreadTS != "" && m.ThreadTS != m.TS {
		if parent := c.msgs[m.ThreadTS]; parent != nil && parent.ReplyCount > 0 {
			parent.ReplyCount--
		}
	}
	delete(c.msgs, m.TS)
	s.bump()
}

func (s *Server) chatPostEphemeral(p params) response {
	body, errResp := s.readContent(p, true)
	if errResp != nil {
		return errResp
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.st.channels[p.str("channel")]
	if c == nil {
		return fail("channel_not_found")
	}
	if !c.BotMember {
		return fail("not_in_channel")
	}
	user := p.str("user")
	if s.st.users[user] == nil {
		return fail("user_not_found")
	}
	ts := s.nextTS()
	s.st.ephemerals[user] = append(s.st.ephemerals[user], Ephemeral{
		TS: ts, Channel: c.ID, User: user, ThreadTS: p.str("thread_ts"), Text: body.text, Blocks: body.blocks,
	})
	s.bump()
	return ok("message_ts", ts)
}

func (s *Server) chatGetPermalink(p params) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.st.channels[p.str("channel")]
	if c == nil {
		return fail("channel_not_found")
	}
	m := c.msgs[p.str("message_ts")]
	if m == nil {
		return fail("message_not_found")
	}
	link := s.URL() + "/archives/" + c.ID + "/p" + strings.ReplaceAll(m.TS, ".", "")
	if m.ThreadTS != "" && m.ThreadTS != m.TS {
		link += "?thread_ts=" + m.ThreadTS + "&cid=" + c.ID
	}
	return ok("channel", c.ID, "permalink", link)
}

// wireMessage renders a message the way the Web API returns it. s.mu held.
func (s *Server) wireMessage(m *Message, withMetadata bool) map[string]any {
	w := map[string]any{"type": "message", "ts": m.TS, "text": m.Text}
	if m.User != "" {
		w["user"] = m.User
	}
	if m.BotID != "" {
		w["bot_id"] = m.BotID
		w["app_id"] = "A0FAKE"
	}
	if m.ThreadTS != "" {
		w["thread_ts"] = m.ThreadTS
	}
	if m.ThreadTS == m.TS && m.ThreadTS != "" {
		w["reply_count"] = m.ReplyCount
		if c := s.st.channels[m.Channel]; c != nil {
			replies := c.thread(m.TS)[1:]
			users := []string{}
			for _, r := range replies {
				if !slices.Contains(users, r.User) {
					users = append(users, r.User)
				}
			}
			w["reply_users"] = users
			if len(replies) > 0 {
				w["latest_reply"] = replies[len(replies)-1].TS
			}
		}
	}
	if len(m.Blocks) > 0 {
		w["blocks"] = m.Blocks
	}
	if withMetadata && m.Metadata != nil {
		w["metadata"] = m.Metadata
	}
	if m.Edited {
		w["edited"] = map[string]string{"user": m.User, "ts": m.TS}
	}
	if len(m.Reactions) > 0 {
		rs := make([]map[string]any, 0, len(m.Reactions))
		for _, r := range m.Reactions {
			rs = append(rs, map[string]any{"name": r.Name, "count": len(r.Users), "users": r.Users})
		}
		w["reactions"] = rs
	}
	if m.Broadcast {
		w["subtype"] = "thread_broadcast"
	}
	return w
}
