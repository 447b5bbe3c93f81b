package fakeslack

import (
	"context"
	"encoding/json"
	"fmt"
)

// The methods in this file act as a human in the workspace: they change
// state, deliver the event Slack would send over Socket Mode, and wait for
// the app's ack (until ctx ends, or Options.ActTimeout without a deadline).

// React adds user's reaction name to a message and delivers reaction_added.
func (s *Server) React(ctx context.Context, user, channel, ts, name string) (Ack, error) {
	return s.reaction(ctx, "reaction_added", user, channel, ts, name)
}

// Unreact removes user's reaction and delivers reaction_removed.
func (s *Server) Unreact(ctx context.Context, user, channel, ts, name string) (Ack, error) {
	return s.reaction(ctx, "reaction_removed", user, channel, ts, name)
}

func (s *Server) reaction(ctx context.Context, kind, user, channel, ts, name string) (Ack, error) {
	name = reactionName(name)
	s.mu.Lock()
	m, err := s.findMessage(user, channel, ts)
	if err == nil {
		if kind == "reaction_added" && !addReaction(m, name, user) {
			err = ErrAlreadyReacted
		} else if kind == "reaction_removed" && !removeReaction(m, name, user) {
			err = ErrNoReaction
		}
	}
	if err != nil {
		s.mu.Unlock()
		return Ack{}, fmt.Errorf("%s: %w", kind, err)
	}
	s.bump()
	ev := map[string]any{
		"type": kind, "user": user, "reaction": name, "item_user": m.User,
		"item":     map[string]any{"type": "message", "channel": channel, "ts": ts},
		"event_ts": s.nextTS(),
	}
	id, ch := s.deliverLocked(eventsAPI, s.eventCallback(ev))
	s.mu.Unlock()
	return s.awaitAck(ctx, id, ch)
}

// findMessage checks user, channel and message exist. s.mu held.
func (s *Server) findMessage(user, channel, ts string) (*Message, error) {
	if s.st.users[user] == nil {
		return nil, ErrUserNotFound
	}
	c := s.st.channels[channel]
	if c == nil {
		return nil, ErrChannelNotFound
	}
	m := c.msgs[ts]
	if m == nil {
		return nil, ErrMessageNotFound
	}
	return m, nil
}

// PostAsUser posts text as user (in threadTS's thread when set) and
// delivers the message event.
func (s *Server) PostAsUser(ctx context.Context, user, channel, threadTS, text string) (Message, Ack, error) {
	s.mu.Lock()
	if s.st.users[user] == nil {
		s.mu.Unlock()
		return Message{}, Ack{}, fmt.Errorf("post as user: %w", ErrUserNotFound)
	}
	c := s.st.channels[channel]
	if c == nil {
		s.mu.Unlock()
		return Message{}, Ack{}, fmt.Errorf("post as user: %w", ErrChannelNotFound)
	}
	if threadTS != "" && c.msgs[threadTS] == nil {
		s.mu.Unlock()
		return Message{}, Ack{}, fmt.Errorf("post as user: %w", ErrMessageNotFound)
	}
	m := &Message{TS: s.nextTS(), ThreadTS: threadTS, Channel: channel, User: user, Text: text}
	s.store(c, m)
	msg := copyMessage(m)
	id, ch := s.deliverLocked(eventsAPI, s.eventCallback(messageEvent(m)))
	s.mu.Unlock()
	a, err := s.awaitAck(ctx, id, ch)
	return msg, a, err
}

// SlashCommand runs command (e.g. "/buyerdesk") with text as user in
// channel. The payload carries a trigger_id and a response_url served by
// the fake.
func (s *Server) SlashCommand(ctx context.Context, user, channel, command, text string) (Ack, error) {
	s.mu.Lock()
	if s.st.users[user] == nil {
		s.mu.Unlock()
		return Ack{}, fmt.Errorf("slash command: %w", ErrUserNotFound)
	}
	c := s.st.channels[channel]
	if c == nil {
		s.mu.Unlock()
		return Ack{}, fmt.Errorf("slash command: %w", ErrChannelNotFound)
	}
	respID, respURL := s.newResponse(responseTarget{channel: c.ID, user: user})
	payload := map[string]any{
		"token": "fake-verification-token", "team_id": s.opts.TeamID, "team_domain": "fake",
		"channel_id": c.ID, "channel_name": c.Name, "user_id": user, "user_name": s.st.users[user].Name,
		"command": command, "text": text, "api_app_id": "A0FAKE", "is_enterprise_install": "false",
		"response_url": respURL,
		"trigger_id":   s.issueTrigger(user),
	}
	id, ch := s.deliverLocked(slashCommands, payload)
	s.mu.Unlock()
	a, err := s.awaitAck(ctx, id, ch)
	if err != nil || len(a.Payload) == 0 {
		return a, err
	}
	// An ack with a message is shown like a response_url post.
	var body responseBody
	if json.Unmarshal(a.Payload, &body) == nil && (body.Text != "" || len(body.Blocks) > 0) {
		s.respond(respID, body)
	}
	return a, nil
}

// OpenHome opens the App Home tab as user and delivers app_home_opened.
func (s *Server) OpenHome(ctx context.Context, user string) (Ack, error) {
	s.mu.Lock()
	if s.st.users[user] == nil {
		s.mu.Unlock()
		return Ack{}, fmt.Errorf("open home: %w", ErrUserNotFound)
	}
	ev := map[string]any{
		"type": "app_home_opened", "user": user, "channel": "D" + user, "tab": "home",
		"event_ts": s.nextTS(),
	}
	if v := s.st.views[s.st.homes[user]]; v != nil {
		ev["view"] = s.wireView(v)
	}
	id, ch := s.deliverLocked(eventsAPI, s.eventCallback(ev))
	s.mu.Unlock()
	return s.awaitAck(ctx, id, ch)
}
