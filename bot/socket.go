package bot

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// RunSocketMode connects to Slack over Socket Mode and handles deliveries
// until ctx is done. The client must carry the app-level token (xapp-…).
// Every envelope is acknowledged, malformed ones too, so Slack never
// redelivers them forever.
func (b *Bot) RunSocketMode(ctx context.Context, client *socketmode.Client) error {
	errc := make(chan error, 1)
	go func() { errc <- client.RunContext(ctx) }()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-errc:
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("socket mode: %w", err)
		case evt := <-client.Events:
			b.onSocketEvent(ctx, client, evt)
		}
	}
}

func (b *Bot) onSocketEvent(ctx context.Context, client *socketmode.Client, evt socketmode.Event) {
	var req Request
	switch evt.Type {
	case socketmode.EventTypeEventsAPI:
		ev, ok := evt.Data.(slackevents.EventsAPIEvent)
		if !ok {
			break
		}
		req.Event = &ev
	case socketmode.EventTypeInteractive:
		cb, ok := evt.Data.(slack.InteractionCallback)
		if !ok {
			break
		}
		req.Interaction = &cb
	case socketmode.EventTypeSlashCommand:
		cmd, ok := evt.Data.(slack.SlashCommand)
		if !ok {
			break
		}
		req.Command = &cmd
	case socketmode.EventTypeErrorBadMessage:
		b.ackMalformed(ctx, client, evt)
		return
	case socketmode.EventTypeConnected, socketmode.EventTypeHello:
		b.log.Info().Str("state", string(evt.Type)).Msg("socket mode")
		return
	case socketmode.EventTypeConnectionError, socketmode.EventTypeInvalidAuth, socketmode.EventTypeIncomingError:
		b.log.Warn().Str("state", string(evt.Type)).Msg("socket mode")
		return
	default:
		return
	}
	if evt.Request == nil {
		return
	}
	req.EnvelopeID, req.Retry = evt.Request.EnvelopeID, evt.Request.RetryAttempt
	if req.Event == nil && req.Interaction == nil && req.Command == nil {
		b.log.Warn().Str("envelope", req.EnvelopeID).Str("type", string(evt.Type)).Msg("malformed envelope acknowledged")
		b.ack(ctx, client, req.EnvelopeID, nil)
		return
	}
	b.ack(ctx, client, req.EnvelopeID, b.Handle(ctx, req))
}

// ackMalformed acknowledges an envelope slack-go could not parse, if its id
// can be read at all.
func (b *Bot) ackMalformed(ctx context.Context, client *socketmode.Client, evt socketmode.Event) {
	bad, _ := evt.Data.(*socketmode.ErrorBadMessage)
	var env struct {
		EnvelopeID string `json:"envelope_id"`
		Type       string `json:"type"`
	}
	if bad != nil {
		_ = json.Unmarshal(bad.Message, &env)
	}
	b.log.Warn().Str("envelope", env.EnvelopeID).Str("type", env.Type).Msg("malformed envelope acknowledged")
	if env.EnvelopeID != "" {
		b.ack(ctx, client, env.EnvelopeID, nil)
	}
}

func (b *Bot) ack(ctx context.Context, client *socketmode.Client, envelopeID string, payload any) {
	if err := client.AckCtx(ctx, envelopeID, payload); err != nil {
		b.log.Warn().Err(err).Str("envelope", envelopeID).Msg("socket mode ack failed")
	}
}
