package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/buyerdesk/buyerdesk/sla"
)

// overridesNS is the store namespace of rota overrides (handovers and
// absences set with /buyerdesk handover and /buyerdesk away).
const overridesNS = "rota-override"

// rota returns the configured rota with the overrides in force at now or
// later. Expired overrides are dropped from the store on the way.
func (b *Bot) rota(ctx context.Context) sla.Rota {
	r := b.cfg.Rota
	r.Overrides = append([]sla.Override(nil), r.Overrides...)
	now := b.now()
	var expired []string
	err := b.store.Scan(ctx, overridesNS, "", func(key string, v []byte) bool {
		var o sla.Override
		if json.Unmarshal(v, &o) != nil {
			return true
		}
		if !o.End.After(now) {
			expired = append(expired, key)
			return true
		}
		r.Overrides = append(r.Overrides, o)
		return true
	})
	if err != nil {
		b.log.Warn().Err(err).Msg("rota overrides unreadable; using the base rota")
	}
	for _, k := range expired {
		_ = b.store.Delete(ctx, overridesNS, k)
	}
	return r
}

// addOverride stores a handover or an absence until its End.
func (b *Bot) addOverride(ctx context.Context, o sla.Override) error {
	if !o.End.After(o.Start) {
		return fmt.Errorf("override: end %s is not after start %s", o.End.Format(time.RFC3339), o.Start.Format(time.RFC3339))
	}
	v, err := json.Marshal(o)
	if err != nil {
		return fmt.Errorf("override: %w", err)
	}
	key := fmt.Sprintf("%020d/%s/%s", o.Start.UnixNano(), o.Kind, o.From)
	if err := b.store.Put(ctx, overridesNS, key, v); err != nil {
		return fmt.Errorf("override: %w", err)
	}
	b.audit(ctx, o.From, string(o.Kind), map[string]string{"to": o.To,
		"start": o.Start.UTC().Format(time.RFC3339), "end": o.End.UTC().Format(time.RFC3339)})
	return nil
}
