package bot

import (
	"context"
	"slices"
	"time"
)

// membersTTL is how long a user group's member list is trusted.
const membersTTL = 5 * time.Minute

// isAgent reports whether user may claim, resolve, hand over and approve:
// listed in Config.Agents or a member of Config.AgentGroup. With neither
// configured, everyone in the workspace is an agent.
func (b *Bot) isAgent(ctx context.Context, user string) bool {
	if len(b.cfg.Agents) == 0 && b.cfg.AgentGroup == "" {
		return true
	}
	if slices.Contains(b.cfg.Agents, user) {
		return true
	}
	if b.cfg.AgentGroup == "" {
		return false
	}
	members, err := b.groupMembers(ctx, b.cfg.AgentGroup)
	if err != nil {
		b.log.Warn().Err(err).Str("group", b.cfg.AgentGroup).Msg("user group lookup failed")
		return false
	}
	return slices.Contains(members, user)
}

// groupMembers returns a user group's members, cached for membersTTL.
func (b *Bot) groupMembers(ctx context.Context, group string) ([]string, error) {
	now := b.now()
	b.mu.Lock()
	if e, ok := b.groups[group]; ok && now.Sub(e.at) < membersTTL {
		b.mu.Unlock()
		return e.members, nil
	}
	b.mu.Unlock()
	members, err := b.slack.GetUserGroupMembersContext(ctx, group)
	if err != nil {
		return nil, err
	}
	b.mu.Lock()
	b.groups[group] = groupEntry{at: now, members: members}
	b.mu.Unlock()
	return members, nil
}

type groupEntry struct {
	at      time.Time
	members []string
}
