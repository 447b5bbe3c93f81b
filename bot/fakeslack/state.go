package fakeslack

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Message is a channel message as the fake stores it.
type Message struct {
	TS         string          `json:"ts"`
	ThreadTS   string          `json:"thread_ts,omitempty"`
	Channel    string          `json:"channel"`
	User       string          `json:"user,omitempty"`
	BotID      string          `json:"bot_id,omitempty"`
	Text       string          `json:"text"`
	Blocks     json.RawMessage `json:"blocks,omitempty"`
	Metadata   *Metadata       `json:"metadata,omitempty"`
	Reactions  []Reaction      `json:"reactions,omitempty"`
	Edited     bool            `json:"edited,omitempty"`
	ReplyCount int             `json:"reply_count,omitempty"`
	// Broadcast marks a thread reply also shown in the channel.
	Broadcast bool `json:"reply_broadcast,omitempty"`
	// Unfurl records the unfurl_links/unfurl_media flags as sent.
	UnfurlLinks bool `json:"unfurl_links,omitempty"`
	UnfurlMedia bool `json:"unfurl_media,omitempty"`
	// LinkNames is set when the post asked Slack to link bare @names and
	// @channel (link_names=1 or parse=full).
	LinkNames bool `json:"link_names,omitempty"`
}

// Metadata is Slack message metadata.
type Metadata struct {
	EventType    string          `json:"event_type"`
	EventPayload json.RawMessage `json:"event_payload,omitempty"`
}

// Reaction is one emoji on a message with the users who added it, in order.
type Reaction struct {
	Name  string   `json:"name"`
	Users []string `json:"users"`
}

// Ephemeral is a message only one user sees.
type Ephemeral struct {
	TS       string          `json:"ts"`
	Channel  string          `json:"channel"`
	User     string          `json:"user"`
	ThreadTS string          `json:"thread_ts,omitempty"`
	Text     string          `json:"text"`
	Blocks   json.RawMessage `json:"blocks,omitempty"`
}

// User is a workspace member.
type User struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	RealName string `json:"real_name"`
	TZ       string `json:"tz"`
	IsBot    bool   `json:"is_bot"`
}

// Channel is a conversation the fake knows.
type Channel struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	BotMember bool   `json:"is_member"`
	IsIM      bool   `json:"is_im,omitempty"`
}

// UserGroup is a Slack user group (subteam).
type UserGroup struct {
	ID      string   `json:"id"`
	Handle  string   `json:"handle"`
	Members []string `json:"users"`
}

// View is a modal or App Home view as last opened, updated or published.
type View struct {
	ID             string `json:"id"`
	Type           string `json:"type"`
	User           string `json:"user"`
	ExternalID     string `json:"external_id,omitempty"`
	CallbackID     string `json:"callback_id,omitempty"`
	Hash           string `json:"hash"`
	RootViewID     string `json:"root_view_id,omitempty"`
	PreviousViewID string `json:"previous_view_id,omitempty"`
	// Raw is the view object as the app sent it.
	Raw json.RawMessage `json:"view"`
	// Blocks is Raw's blocks array.
	Blocks json.RawMessage `json:"blocks,omitempty"`
	// PrivateMetadata is Raw's private_metadata.
	PrivateMetadata string `json:"private_metadata,omitempty"`
	// Closed is set once the view left the user's modal stack.
	Closed bool `json:"closed,omitempty"`
	// Errors are the field errors of the last response_action "errors".
	Errors map[string]string `json:"errors,omitempty"`
}

// channelState is one conversation with its messages keyed by ts.
type channelState struct {
	Channel
	order []string // every ts in posting order (ts are increasing)
	msgs  map[string]*Message
}

// state is everything the fake remembers. Guarded by Server.mu.
type state struct {
	version    uint64
	changed    chan struct{}
	lastTS     int64 // microseconds of the last issued ts
	seq        int
	channels   map[string]*channelState
	chanOrder  []string
	users      map[string]*User
	userOrder  []string
	groups     map[string]*UserGroup
	groupOrder []string
	ephemerals map[string][]Ephemeral
	views      map[string]*View
	stacks     map[string][]string // user → open modal view ids, bottom first
	homes      map[string]string   // user → home view id
	triggers   map[string]trigger
	responses  map[string]responseTarget
}

type trigger struct {
	user   string
	issued time.Time
	used   bool
}

func newState() state {
	return state{
		changed:    make(chan struct{}),
		channels:   map[string]*channelState{},
		users:      map[string]*User{},
		groups:     map[string]*UserGroup{},
		ephemerals: map[string][]Ephemeral{},
		views:      map[string]*View{},
		stacks:     map[string][]string{},
		homes:      map[string]string{},
		triggers:   map[string]trigger{},
		responses:  map[string]responseTarget{},
	}
}

// bump records a state change and wakes WaitChange callers. s.mu held.
func (s *Server) bump() {
	s.st.version++
	close(s.st.changed)
	s.st.changed = make(chan struct{})
}

// nextTS issues a unique, strictly increasing ts derived from Now. s.mu held.
func (s *Server) nextTS() string {
	now := s.now()
	us := now.Unix()*1_000_000 + int64(now.Nanosecond()/1000)
	if us <= s.st.lastTS {
		us = s.st.lastTS + 1
	}
	s.st.lastTS = us
	return fmt.Sprintf("%d.%06d", us/1_000_000, us%1_000_000)
}

// nextID issues a fresh id with the given prefix. s.mu held.
func (s *Server) nextID(prefix string) string {
	s.st.seq++
	return fmt.Sprintf("%s%06d", prefix, s.st.seq)
}

// Version is incremented on every state change.
func (s *Server) Version() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.version
}

// WaitChange blocks until Version exceeds since and returns it.
func (s *Server) WaitChange(ctx context.Context, since uint64) (uint64, error) {
	for {
		s.mu.Lock()
		v, ch := s.st.version, s.st.changed
		s.mu.Unlock()
		if v > since {
			return v, nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return v, fmt.Errorf("wait for change: %w", ctx.Err())
		}
	}
}
