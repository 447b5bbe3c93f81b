package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/internal/store"
)

// replyLeaseNS is the store namespace of drafting leases, keyed by case id.
const replyLeaseNS = "draft-lease"

// replyLease says who drafts the reply to a case, until when. It lapses
// after Config.DraftLease without activity, so two people never answer the
// same buyer in parallel and an abandoned draft blocks nobody for long.
type replyLease struct {
	User  string    `json:"user"`
	Until time.Time `json:"until"`
}

// replyLeaseOf returns the case's lease, or the zero lease when none holds.
func (b *Bot) replyLeaseOf(ctx context.Context, id buyerdesk.CaseID) (replyLease, error) {
	raw, err := b.store.Get(ctx, replyLeaseNS, string(id))
	if errors.Is(err, store.ErrNotFound) {
		return replyLease{}, nil
	}
	if err != nil {
		return replyLease{}, fmt.Errorf("draft lease: %w", err)
	}
	var l replyLease
	if err := json.Unmarshal(raw, &l); err != nil {
		return replyLease{}, fmt.Errorf("draft lease: %w", err)
	}
	if !b.now().Before(l.Until) {
		return replyLease{}, nil // lapsed
	}
	return l, nil
}

// replyHold gives (or renews) the case's lease to user.
func (b *Bot) replyHold(ctx context.Context, id buyerdesk.CaseID, user string) error {
	raw, err := json.Marshal(replyLease{User: user, Until: b.now().Add(b.cfg.DraftLease)})
	if err != nil {
		return fmt.Errorf("draft lease: %w", err)
	}
	if err := b.store.Put(ctx, replyLeaseNS, string(id), raw); err != nil {
		return fmt.Errorf("draft lease: %w", err)
	}
	b.replyLapseLater(ctx, id)
	return nil
}

// replyLapseLater refreshes the parent card when the lease just given or
// renewed lapses, so the card stops naming a drafter who went away. A lease
// renewed or released in the meantime is left alone: its own timer, or the
// release, takes care of the card.
func (b *Bot) replyLapseLater(ctx context.Context, id buyerdesk.CaseID) {
	wait := b.cfg.DraftLease
	go func() {
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		b.enqueue("reply lease lapsed", func(ctx context.Context) {
			lapsed := false
			b.withCase(id, func() {
				raw, err := b.store.Get(ctx, replyLeaseNS, string(id))
				if err != nil {
					return // released, or unreadable
				}
				var l replyLease
				lapsed = json.Unmarshal(raw, &l) == nil && !b.now().Before(l.Until)
			})
			if lapsed {
				b.replyRefreshCard(ctx, id)
			}
		})
	}()
}

// replyTouch renews user's lease when they hold it (or nobody does); it
// reports false when someone else holds it.
func (b *Bot) replyTouch(ctx context.Context, id buyerdesk.CaseID, user string) (bool, error) {
	l, err := b.replyLeaseOf(ctx, id)
	if err != nil {
		return false, err
	}
	if l.User != "" && l.User != user {
		return false, nil
	}
	return true, b.replyHold(ctx, id, user)
}

// replyRelease ends the case's lease.
func (b *Bot) replyRelease(ctx context.Context, id buyerdesk.CaseID) {
	if err := b.store.Delete(ctx, replyLeaseNS, string(id)); err != nil {
		b.log.Warn().Err(err).Str("case", string(id)).Msg("draft lease not released")
	}
}

// replyExtra adds what the reply path knows to a card: who is drafting, and
// that a reply of ours bounced and reopened the case.
func (b *Bot) replyExtra(ctx context.Context, c buyerdesk.Case, x cardExtra) cardExtra {
	if x.Drafting == "" {
		if l, err := b.replyLeaseOf(ctx, c.ID); err == nil {
			x.Drafting = l.User
		}
	}
	if _, err := b.store.Get(ctx, replyOrderNS, string(c.ID)); err == nil {
		x.Note = joinNote(x.Note, replyOrderNote)
	}
	if c.State != buyerdesk.StateOpen {
		return x
	}
	evs, err := b.store.Events(ctx, c.ID)
	if err != nil {
		return x
	}
	for i := len(evs) - 1; i >= 0; i-- {
		switch evs[i].Type {
		case buyerdesk.EventSent, buyerdesk.EventSellerCopy, buyerdesk.EventReceived:
			return x
		case buyerdesk.EventDeliveryFailed:
			x.Note = joinNote(x.Note, replyBouncedNote)
			return x
		}
	}
	return x
}

// replyBouncedNote marks a card whose case a bounce reopened.
const replyBouncedNote = "reopened: delivery failed"

// replyRefreshCard rewrites the parent card with the reply path's state.
func (b *Bot) replyRefreshCard(ctx context.Context, id buyerdesk.CaseID) {
	c, err := b.store.Case(ctx, id)
	if err == nil {
		err = b.refreshCard(ctx, c)
	}
	if err != nil {
		b.log.Warn().Err(err).Str("case", string(id)).Msg("reply: card not refreshed")
	}
}
