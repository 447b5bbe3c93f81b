package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// auditNS is the store namespace of the workspace audit log: what people
// did (or were refused) that belongs to no single case, such as rota
// handovers and absences. Case actions are events in the case's own log.
const auditNS = "audit"

// AuditEntry is one line of the workspace audit log.
type AuditEntry struct {
	At     time.Time         `json:"at"`
	Actor  string            `json:"actor"`  // Slack user id
	Action string            `json:"action"` // e.g. "handover", "away", "refused"
	Data   map[string]string `json:"data,omitempty"`
}

// audit appends an entry to the workspace audit log. Keys sort by time, so
// the log reads in order; a failure is logged, never fatal to the action.
func (b *Bot) audit(ctx context.Context, actor, action string, data map[string]string) {
	e := AuditEntry{At: b.now().UTC(), Actor: actor, Action: action, Data: data}
	v, err := json.Marshal(e)
	if err == nil {
		err = b.store.Put(ctx, auditNS, fmt.Sprintf("%020d/%s/%s", e.At.UnixNano(), actor, action), v)
	}
	if err != nil {
		b.log.Error().Err(err).Str("user", actor).Str("action", action).Msg("audit entry not stored")
	}
}

// Audit returns the workspace audit log in time order.
func (b *Bot) Audit(ctx context.Context) ([]AuditEntry, error) {
	var out []AuditEntry
	err := b.store.Scan(ctx, auditNS, "", func(_ string, v []byte) bool {
		var e AuditEntry
		if json.Unmarshal(v, &e) == nil {
			out = append(out, e)
		}
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	return out, nil
}
