package fakeslack

import (
	"encoding/json"
	"io"
	"net/http"
	"time"
)

// A response_url may be used five times within 30 minutes, like Slack's.
const (
	responseURLUses = 5
	responseURLTTL  = 30 * time.Minute
)

// responseTarget is where a response_url posts: the interaction's channel,
// user and, for message actions, the originating message.
type responseTarget struct {
	channel, user, messageTS, threadTS string
	issued                             time.Time
	uses                               int
}

// responseURL registers a target and returns its URL. s.mu held.
func (s *Server) responseURL(t responseTarget) string {
	_, u := s.newResponse(t)
	return u
}

// newResponse registers a target and returns its id and URL. s.mu held.
func (s *Server) newResponse(t responseTarget) (string, string) {
	if len(s.st.responses) > 1000 { // keep a long-running demo small
		for k, r := range s.st.responses {
			if r.uses >= responseURLUses || s.now().Sub(r.issued) > responseURLTTL {
				delete(s.st.responses, k)
			}
		}
	}
	id := s.nextID("R")
	t.issued = s.now()
	s.st.responses[id] = t
	return id, s.URL() + "/fake/response/" + id
}

type responseBody struct {
	Text            string          `json:"text"`
	Blocks          json.RawMessage `json:"blocks"`
	ResponseType    string          `json:"response_type"`
	ReplaceOriginal bool            `json:"replace_original"`
	DeleteOriginal  bool            `json:"delete_original"`
	ThreadTS        string          `json:"thread_ts"`
	Metadata        *Metadata       `json:"metadata"`
}

func (s *Server) serveResponseURL(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		writeJSON(w, http.StatusMethodNotAllowed, fail("method_not_allowed"))
		return
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	var body responseBody
	if err != nil || json.Unmarshal(b, &body) != nil {
		writeJSON(w, http.StatusBadRequest, fail("invalid_payload"))
		return
	}
	if string(body.Blocks) == "null" {
		body.Blocks = nil
	}
	if len([]rune(body.Text)) > maxMessageText {
		writeJSON(w, http.StatusOK, fail("msg_too_long"))
		return
	}
	if resp := s.checkBlocks(body.Blocks, maxMessageBlocks); resp != nil {
		writeJSON(w, http.StatusOK, resp)
		return
	}
	status, resp := s.respond(r.PathValue("id"), body)
	writeJSON(w, status, resp)
}

func (s *Server) respond(id string, body responseBody) (int, response) {
	if string(body.Blocks) == "null" {
		body.Blocks = nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, found := s.st.responses[id]
	switch {
	case !found:
		return http.StatusNotFound, fail("invalid_url")
	case t.uses >= responseURLUses:
		return http.StatusNotFound, fail("used_url")
	case s.now().Sub(t.issued) > responseURLTTL:
		return http.StatusNotFound, fail("expired_url")
	}
	t.uses++
	s.st.responses[id] = t
	c := s.st.channels[t.channel]
	if c == nil {
		return http.StatusNotFound, fail("channel_not_found")
	}
	orig := c.msgs[t.messageTS]
	switch {
	case body.DeleteOriginal && orig != nil:
		s.deleteMessage(c, orig)
	case body.ReplaceOriginal && orig != nil:
		orig.Text, orig.Blocks, orig.Edited = body.Text, body.Blocks, true
		if body.Metadata != nil {
			orig.Metadata = body.Metadata
		}
		s.bump()
	case body.ResponseType == "in_channel":
		thread := body.ThreadTS
		if thread == "" {
			thread = t.threadTS
		}
		m := &Message{TS: s.nextTS(), ThreadTS: thread, Channel: c.ID, User: s.opts.BotUserID,
			BotID: s.opts.BotID, Text: body.Text, Blocks: body.Blocks, Metadata: body.Metadata}
		s.store(c, m)
	default:
		s.st.ephemerals[t.user] = append(s.st.ephemerals[t.user], Ephemeral{
			TS: s.nextTS(), Channel: c.ID, User: t.user, ThreadTS: body.ThreadTS, Text: body.Text, Blocks: body.Blocks,
		})
		s.bump()
	}
	return http.StatusOK, ok()
}
