package slackout

import (
	"context"

	"github.com/slack-go/slack"
)

// The methods below are the bot's Slack interface: each queues its call
// and returns slack-go's results once the call has been sent, retried as
// needed, or given up.

// msgResult carries chat.* results through the queue.
type msgResult struct{ channel, ts, text string }

// PostMessageContext calls chat.postMessage, paced per channel.
func (c *Client) PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error) {
	r, err := submit(ctx, c, "chat.postMessage", channelID, func(ctx context.Context) (msgResult, error) {
		ch, ts, err := c.api.PostMessageContext(ctx, channelID, options...)
		return msgResult{channel: ch, ts: ts}, err
	})
	return r.channel, r.ts, err
}

// UpdateMessageContext calls chat.update, paced per channel and by its tier.
func (c *Client) UpdateMessageContext(ctx context.Context, channelID, timestamp string, options ...slack.MsgOption) (string, string, string, error) {
	r, err := submit(ctx, c, "chat.update", channelID, func(ctx context.Context) (msgResult, error) {
		ch, ts, text, err := c.api.UpdateMessageContext(ctx, channelID, timestamp, options...)
		return msgResult{ch, ts, text}, err
	})
	return r.channel, r.ts, r.text, err
}

// PostEphemeralContext calls chat.postEphemeral, paced by its tier (not per channel).
func (c *Client) PostEphemeralContext(ctx context.Context, channelID, userID string, options ...slack.MsgOption) (string, error) {
	return submit(ctx, c, "chat.postEphemeral", channelID, func(ctx context.Context) (string, error) {
		return c.api.PostEphemeralContext(ctx, channelID, userID, options...)
	})
}

// OpenViewContext calls views.open.
func (c *Client) OpenViewContext(ctx context.Context, triggerID string, view slack.ModalViewRequest) (*slack.ViewResponse, error) {
	return submit(ctx, c, "views.open", "", func(ctx context.Context) (*slack.ViewResponse, error) {
		return c.api.OpenViewContext(ctx, triggerID, view)
	})
}

// UpdateViewContext calls views.update.
func (c *Client) UpdateViewContext(ctx context.Context, view slack.ModalViewRequest, externalID, hash, viewID string) (*slack.ViewResponse, error) {
	return submit(ctx, c, "views.update", "", func(ctx context.Context) (*slack.ViewResponse, error) {
		return c.api.UpdateViewContext(ctx, view, externalID, hash, viewID)
	})
}

// PublishViewContext calls views.publish.
func (c *Client) PublishViewContext(ctx context.Context, req slack.PublishViewContextRequest) (*slack.ViewResponse, error) {
	return submit(ctx, c, "views.publish", "", func(ctx context.Context) (*slack.ViewResponse, error) {
		return c.api.PublishViewContext(ctx, req)
	})
}

// GetConversationHistoryContext calls conversations.history.
func (c *Client) GetConversationHistoryContext(ctx context.Context, params *slack.GetConversationHistoryParameters) (*slack.GetConversationHistoryResponse, error) {
	return submit(ctx, c, "conversations.history", "", func(ctx context.Context) (*slack.GetConversationHistoryResponse, error) {
		return c.api.GetConversationHistoryContext(ctx, params)
	})
}

// GetUserInfoContext calls users.info.
func (c *Client) GetUserInfoContext(ctx context.Context, user string, options ...slack.GetUserInfoOption) (*slack.User, error) {
	return submit(ctx, c, "users.info", "", func(ctx context.Context) (*slack.User, error) {
		return c.api.GetUserInfoContext(ctx, user, options...)
	})
}

// GetUserGroupMembersContext calls usergroups.users.list.
func (c *Client) GetUserGroupMembersContext(ctx context.Context, userGroup string, options ...slack.GetUserGroupMembersOption) ([]string, error) {
	return submit(ctx, c, "usergroups.users.list", "", func(ctx context.Context) ([]string, error) {
		return c.api.GetUserGroupMembersContext(ctx, userGroup, options...)
	})
}

// openResult carries conversations.open results through the queue.
type openResult struct {
	channel           *slack.Channel
	noOp, alreadyOpen bool
}

// OpenConversationContext calls conversations.open.
func (c *Client) OpenConversationContext(ctx context.Context, params *slack.OpenConversationParameters) (*slack.Channel, bool, bool, error) {
	r, err := submit(ctx, c, "conversations.open", "", func(ctx context.Context) (openResult, error) {
		ch, noOp, already, err := c.api.OpenConversationContext(ctx, params)
		return openResult{ch, noOp, already}, err
	})
	return r.channel, r.noOp, r.alreadyOpen, err
}
