package fakeslack

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Snapshot is the state the demo page renders, as served by GET /fake/state.
type Snapshot struct {
	Version          uint64                 `json:"version"`
	Channels         []Channel              `json:"channels"`
	Users            []User                 `json:"users"`
	Channel          string                 `json:"channel,omitempty"`
	Messages         []ThreadView           `json:"messages,omitempty"`
	Ephemerals       []Ephemeral            `json:"ephemerals,omitempty"`
	Views            []View                 `json:"views,omitempty"`
	Home             *View                  `json:"home,omitempty"`
	Homes            map[string]View        `json:"homes,omitempty"`
	Stacks           map[string][]View      `json:"stacks,omitempty"`
	EphemeralsByUser map[string][]Ephemeral `json:"ephemerals_by_user,omitempty"`
}

// ThreadView is a top-level message with its replies.
type ThreadView struct {
	Message
	Replies []Message `json:"replies,omitempty"`
}

// State returns a consistent snapshot. channel selects the messages
// (empty: none); user selects that user's ephemerals, open modals and
// App Home (empty: everybody's, keyed by user).
func (s *Server) State(channel, user string) Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	snap := Snapshot{Version: s.st.version, Channel: channel, Channels: []Channel{}, Users: []User{}}
	for _, id := range s.st.chanOrder {
		snap.Channels = append(snap.Channels, s.st.channels[id].Channel)
	}
	snap.Users = append(snap.Users, *s.st.users[s.opts.BotUserID])
	for _, id := range s.st.userOrder {
		if id != s.opts.BotUserID {
			snap.Users = append(snap.Users, *s.st.users[id])
		}
	}
	if c := s.st.channels[channel]; c != nil {
		for _, m := range c.topLevel() {
			tv := ThreadView{Message: copyMessage(m)}
			if m.ThreadTS == m.TS {
				for _, r := range c.thread(m.TS)[1:] {
					tv.Replies = append(tv.Replies, copyMessage(r))
				}
			}
			snap.Messages = append(snap.Messages, tv)
		}
	}
	if user != "" {
		snap.Ephemerals = append(snap.Ephemerals, s.st.ephemerals[user]...)
		for _, id := range s.st.stacks[user] {
			snap.Views = append(snap.Views, copyView(s.st.views[id]))
		}
		if v := s.st.views[s.st.homes[user]]; v != nil {
			h := copyView(v)
			snap.Home = &h
		}
		return snap
	}
	snap.Homes, snap.Stacks, snap.EphemeralsByUser = map[string]View{}, map[string][]View{}, map[string][]Ephemeral{}
	for u, id := range s.st.homes {
		snap.Homes[u] = copyView(s.st.views[id])
	}
	for u, ids := range s.st.stacks {
		for _, id := range ids {
			snap.Stacks[u] = append(snap.Stacks[u], copyView(s.st.views[id]))
		}
	}
	for u, es := range s.st.ephemerals {
		snap.EphemeralsByUser[u] = append([]Ephemeral{}, es...)
	}
	return snap
}

// serveState answers GET /fake/state?channel=C&user=U.
func (s *Server) serveState(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	writeJSON(w, http.StatusOK, s.State(q.Get("channel"), q.Get("user")))
}

// serveEvents answers GET /fake/events?since=N. With Accept:
// text/event-stream it streams one "data: {"version":N}" event per change;
// otherwise it long-polls up to 25 s (?wait=10s to change) and answers
// {"version":N}.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	since, _ := strconv.ParseUint(r.URL.Query().Get("since"), 10, 64)
	if r.Header.Get("Accept") == "text/event-stream" {
		s.streamEvents(w, r, since)
		return
	}
	wait := 25 * time.Second
	if d, err := time.ParseDuration(r.URL.Query().Get("wait")); err == nil && d >= 0 {
		wait = d
	}
	ctx, cancel := context.WithTimeout(r.Context(), wait)
	defer cancel()
	v, _ := s.WaitChange(ctx, since)
	writeJSON(w, http.StatusOK, map[string]uint64{"version": v})
}

func (s *Server) streamEvents(w http.ResponseWriter, r *http.Request, since uint64) {
	fl, canFlush := w.(http.Flusher)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	if canFlush {
		fl.Flush()
	}
	for {
		v, err := s.WaitChange(r.Context(), since)
		if err != nil {
			return
		}
		if _, err := fmt.Fprintf(w, "data: {\"version\":%d}\n\n", v); err != nil {
			return
		}
		if canFlush {
			fl.Flush()
		}
		since = v
	}
}
