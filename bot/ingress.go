package bot

import (
	"context"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// Request is one delivery from Slack, whatever the transport (Socket Mode or
// HTTP). Exactly one of Event, Interaction and Command is set.
type Request struct {
	EnvelopeID  string // Socket Mode envelope; empty over HTTP
	Retry       int    // Slack's retry attempt, 0 for the first delivery
	Event       *slackevents.EventsAPIEvent
	Interaction *slack.InteractionCallback
	Command     *slack.SlashCommand
}

// dedupTTL is how long a delivery id is remembered; Slack retries for minutes, not hours.
const dedupTTL = 2 * time.Hour

// Handle decides, within Slack's 3-second window, what to answer Slack, and
// queues everything else for the workers. The returned value (nil for an
// empty ack) is the acknowledgement's payload. A retry of a delivery already
// seen is acknowledged and dropped.
func (b *Bot) Handle(ctx context.Context, req Request) any {
	if id := deliveryID(req); id != "" {
		seen, err := b.store.Seen(ctx, "slack", id, b.now(), dedupTTL)
		if err != nil {
			b.log.Error().Err(err).Msg("delivery dedup failed; handling the delivery anyway")
		} else if seen {
			b.log.Debug().Str("delivery", id).Int("retry", req.Retry).Msg("duplicate delivery dropped")
			return nil
		}
	}
	switch {
	case req.Event != nil:
		b.handleEvent(ctx, req.Event)
		return nil
	case req.Interaction != nil:
		return b.handleInteraction(ctx, req.Interaction)
	case req.Command != nil:
		return b.handleCommand(ctx, req.Command)
	}
	b.log.Warn().Str("envelope", req.EnvelopeID).Msg("empty delivery acknowledged")
	return nil
}

// deliveryID names a delivery so that Slack's retries can be recognised:
// the event id for Events API callbacks (stable across retries and
// transports), the trigger id for a person's click or command, else the
// Socket Mode envelope id.
func deliveryID(req Request) string {
	switch {
	case req.Event != nil:
		if cb, ok := req.Event.Data.(*slackevents.EventsAPICallbackEvent); ok && cb.EventID != "" {
			return "event:" + cb.EventID
		}
	case req.Interaction != nil && req.Interaction.TriggerID != "":
		return "trigger:" + req.Interaction.TriggerID
	case req.Command != nil && req.Command.TriggerID != "":
		return "trigger:" + req.Command.TriggerID
	}
	if req.EnvelopeID != "" {
		return "envelope:" + req.EnvelopeID
	}
	return ""
}
