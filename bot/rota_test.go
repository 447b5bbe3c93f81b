package bot

import (
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk/sla"
)

func TestRotaOverridesExpire(t *testing.T) {
	h := newHarness(t, Config{Rota: sla.Rota{Fallback: sla.Target{Kind: sla.User, ID: userAna}}})
	now := h.clock()
	if err := h.bot.addOverride(h.ctx, sla.Override{Kind: sla.Away, From: userBen, Start: now, End: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := h.bot.addOverride(h.ctx, sla.Override{Kind: sla.Away, From: userAna, Start: now, End: now}); err == nil {
		t.Fatal("an override ending when it starts was accepted")
	}
	if got := h.bot.rota(h.ctx).Overrides; len(got) != 1 || got[0].From != userBen {
		t.Fatalf("overrides now = %+v, want Ben's absence", got)
	}
	h.FastForward(time.Hour)
	if got := h.bot.rota(h.ctx).Overrides; len(got) != 0 {
		t.Fatalf("expired override still applied: %+v", got)
	}
	n := 0
	h.store.Scan(h.ctx, overridesNS, "", func(string, []byte) bool { n++; return true })
	if n != 0 {
		t.Fatalf("%d expired overrides left in the store", n)
	}
}
