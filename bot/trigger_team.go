package bot

import (
	"context"
	"strings"
	"time"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/sla"
	"github.com/buyerdesk/buyerdesk/templates"
)

// triggerOnCall routes a case by the trigger rules: when the buyer's latest
// message suggests a team (damage → quality) and someone of that rota team
// is on shift, that team's on-call person takes the case instead of the
// marketplace's. ok is false when no trigger names a team, the rota has no
// team of that name, or nobody of it is on shift.
func (b *Bot) triggerOnCall(ctx context.Context, r sla.Rota, id buyerdesk.CaseID, now time.Time) (oc sla.OnCall, team string, ok bool) {
	msgs, err := b.store.Messages(ctx, id)
	if err != nil {
		return oc, "", false
	}
	triggers := templates.DefaultTriggers()
	if b.replies != nil && b.replies.Triggers != nil {
		triggers = b.replies.Triggers
	}
	for i := len(msgs) - 1; i >= 0; i-- {
		m := msgs[i].Mail
		if m.Kind != buyerdesk.KindBuyerMessage {
			continue
		}
		s, found := templates.Suggest(triggers, m.Subject+"\n"+m.Body, m.Language)
		if !found || s.Team == "" {
			return oc, "", false
		}
		for _, t := range r.Teams {
			if !strings.EqualFold(t.Name, s.Team) { // as config validation compares
				continue
			}
			if oc, ok = r.TeamOnCall(t.Name, now); ok && oc.Primary != "" {
				return oc, t.Name, true
			}
		}
		return sla.OnCall{}, "", false
	}
	return oc, "", false
}
