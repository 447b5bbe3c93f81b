package slackout

import (
	"time"

	"golang.org/x/time/rate"
)

// Slack's documented per-method tiers (https://docs.slack.dev/apis/web-api/rate-limits):
// Tier 2 is 20+ calls a minute, Tier 3 50+, Tier 4 100+, per app and workspace.
var (
	tier2 = rate.Every(time.Minute / 20)
	tier3 = rate.Every(time.Minute / 50)
	tier4 = rate.Every(time.Minute / 100)
)

// defaultTiers is the limit of each method the bot calls, after the
// method's reference page (views.publish: Tier 4, as listed in Slack's
// method catalogue; the others as documented when written).
// chat.postMessage has Slack's special tier (about one message a second
// per channel, short bursts tolerated) and is paced by Options.PerChannel
// alone. Since 2025 commercially distributed apps outside the Marketplace
// get far less for conversations.history (one call a minute); such an
// installation sets Options.Tiers.
var defaultTiers = map[string]rate.Limit{
	"chat.update":           tier3,
	"chat.postEphemeral":    tier4,
	"views.open":            tier4,
	"views.update":          tier4,
	"views.publish":         tier4,
	"conversations.history": tier3,
	"conversations.open":    tier3,
	"users.info":            tier4,
	"usergroups.users.list": tier2,
}

// channelMethods are paced per channel: their calls for one channel share
// one queue and one limiter, so a card update waits its turn by deadline
// with the channel's new posts. Ephemeral answers are not among them: they
// are Tier 4 and not counted against the channel's posting limit, and an
// agent should hear "already claimed by @x" at once, not after a backlog.
var channelMethods = map[string]bool{
	"chat.postMessage": true,
	"chat.update":      true,
}
