package fakeslack

import (
	"encoding/base64"
	"strconv"
	"strings"
)

func (s *Server) conversationsHistory(p params) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.st.channels[p.str("channel")]
	if c == nil {
		return fail("channel_not_found")
	}
	all := c.topLevel()
	// newest first, like Slack
	newest := make([]*Message, 0, len(all))
	for i := len(all) - 1; i >= 0; i-- {
		newest = append(newest, all[i])
	}
	return s.page(p, newest, p.bool("include_all_metadata"))
}

func (s *Server) conversationsReplies(p params) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.st.channels[p.str("channel")]
	if c == nil {
		return fail("channel_not_found")
	}
	thread := c.thread(p.str("ts"))
	if thread == nil {
		return fail("thread_not_found")
	}
	// Slack always returns the parent first, then replies oldest first.
	return s.page(p, thread, p.bool("include_all_metadata"))
}

// page applies oldest/latest/inclusive/limit/cursor to an ordered list. s.mu held.
func (s *Server) page(p params, msgs []*Message, withMetadata bool) response {
	oldest, latest := p.str("oldest"), p.str("latest")
	inclusive := p.bool("inclusive")
	limit := p.int("limit", 100)
	if limit <= 0 || limit > 999 {
		limit = 100
	}
	start := 0
	if cur := p.str("cursor"); cur != "" {
		b, err := base64.StdEncoding.DecodeString(cur)
		n, err2 := strconv.Atoi(strings.TrimPrefix(string(b), "offset:"))
		if err != nil || err2 != nil || n < 0 {
			return fail("invalid_cursor")
		}
		start = n
	}
	var filtered []*Message
	for _, m := range msgs {
		if oldest != "" && (tsLess(m.TS, oldest) || !inclusive && m.TS == oldest) {
			continue
		}
		if latest != "" && (tsLess(latest, m.TS) || !inclusive && m.TS == latest) {
			continue
		}
		filtered = append(filtered, m)
	}
	out := []map[string]any{}
	end := min(start+limit, len(filtered))
	for i := start; i < end; i++ {
		out = append(out, s.wireMessage(filtered[i], withMetadata))
	}
	next := ""
	if end < len(filtered) {
		next = base64.StdEncoding.EncodeToString([]byte("offset:" + strconv.Itoa(end)))
	}
	return ok("messages", out, "has_more", next != "", "pin_count", 0,
		"response_metadata", map[string]string{"next_cursor": next})
}

// tsLess compares two Slack timestamps numerically.
func tsLess(a, b string) bool {
	fa, _ := strconv.ParseFloat(a, 64)
	fb, _ := strconv.ParseFloat(b, 64)
	if fa != fb {
		return fa < fb
	}
	return a < b
}

func (s *Server) conversationsInfo(p params) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.st.channels[p.str("channel")]
	if c == nil {
		return fail("channel_not_found")
	}
	return ok("channel", wireChannel(c))
}

func (s *Server) conversationsJoin(p params) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.st.channels[p.str("channel")]
	if c == nil {
		return fail("channel_not_found")
	}
	if c.IsIM {
		return fail("method_not_supported_for_channel_type")
	}
	if !c.BotMember {
		c.BotMember = true
		s.bump()
	}
	return ok("channel", wireChannel(c))
}

func wireChannel(c *channelState) map[string]any {
	return map[string]any{
		"id": c.ID, "name": c.Name, "is_channel": !c.IsIM, "is_im": c.IsIM,
		"is_private": false, "is_archived": false, "is_member": c.BotMember,
	}
}
