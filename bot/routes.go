package bot

import (
	"context"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// handleEvent routes an Events API callback to its handler. It runs in the
// ingress loop: handlers only enqueue work.
func (b *Bot) handleEvent(ctx context.Context, ev *slackevents.EventsAPIEvent) {
	switch inner := ev.InnerEvent.Data.(type) {
	case *slackevents.MessageEvent:
		if inner.User == b.cfg.BotUserID || inner.BotID != "" {
			return // our own messages, and other bots', are never work
		}
	case *slackevents.ReactionAddedEvent:
		b.onReaction(ev, inner.User, inner.Reaction, inner.Item, inner.EventTimestamp, true)
	case *slackevents.ReactionRemovedEvent:
		b.onReaction(ev, inner.User, inner.Reaction, inner.Item, inner.EventTimestamp, false)
	case *slackevents.AppHomeOpenedEvent:
		b.onHomeOpened(inner.User, inner.Tab)
	default:
		b.log.Debug().Str("type", ev.InnerEvent.Type).Msg("event ignored")
	}
}

// handleInteraction routes a button, select or modal callback. The returned
// value is the acknowledgement's payload (view validation errors go there).
func (b *Bot) handleInteraction(ctx context.Context, cb *slack.InteractionCallback) any {
	if ack, ok := b.replyInteraction(ctx, cb); ok {
		return ack
	}
	if b.onHandoffAction(cb) { // "Accept handover"
		return nil
	}
	b.log.Debug().Str("type", string(cb.Type)).Msg("interaction ignored")
	return nil
}

// handleCommand routes the slash command; the returned value is the
// immediate (ephemeral) answer.
func (b *Bot) handleCommand(ctx context.Context, cmd *slack.SlashCommand) any {
	if cmd.Command == b.cfg.Command {
		return b.runCommand(ctx, cmd)
	}
	b.log.Debug().Str("command", cmd.Command).Msg("command ignored")
	return nil
}
