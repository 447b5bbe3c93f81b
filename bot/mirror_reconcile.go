package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/internal/store"
)

// How far back mirrorFind looks for a parent posted before a crash: from a
// little before the intent was recorded, at most mirrorHistoryPages pages.
const (
	mirrorHistoryPage  = 100
	mirrorHistoryPages = 10 // 1,000 messages
	mirrorHistorySkew  = 10 * time.Minute
)

// The store record holding when the last complete Reconcile started.
const (
	mirrorNamespace  = "mirror"
	mirrorWatermark  = "reconciled"
	mirrorClockSkew  = time.Minute // margin for events stamped by another clock
	mirrorTimeLayout = time.RFC3339Nano
)

// mirrorFind looks in the channel's recent history for a parent message
// whose metadata names the case, posted by the bot since the intent; it
// returns its ts, or "" when there is none.
func (b *Bot) mirrorFind(ctx context.Context, channel string, id buyerdesk.CaseID, since time.Time) (string, error) {
	params := &slack.GetConversationHistoryParameters{
		ChannelID: channel, Oldest: mirrorTS(since.Add(-mirrorHistorySkew)), Inclusive: true,
		Limit: mirrorHistoryPage, IncludeAllMetadata: true,
	}
	for range mirrorHistoryPages {
		resp, err := b.slack.GetConversationHistoryContext(ctx, params)
		if err != nil {
			return "", fmt.Errorf("parent search: %w", err)
		}
		for _, m := range resp.Messages {
			if m.Metadata.EventType != metadataType || fmt.Sprint(m.Metadata.EventPayload["case_id"]) != string(id) {
				continue
			}
			if b.cfg.BotUserID == "" || m.User == b.cfg.BotUserID {
				return m.Timestamp, nil
			}
		}
		next := resp.ResponseMetaData.NextCursor
		if !resp.HasMore || next == "" {
			break
		}
		params.Cursor = next
	}
	return "", nil
}

// mirrorTS renders t as a Slack timestamp.
func mirrorTS(t time.Time) string {
	if t.Unix() < 0 {
		return "0"
	}
	return fmt.Sprintf("%d.%06d", t.Unix(), t.Nanosecond()/1000)
}

// Reconcile runs at start-up: it mirrors every case that has no thread yet,
// is open, or changed since the last complete Reconcile began, so a crash
// between storing a mail and posting it loses nothing. Cases are mirrored
// most urgent first, by the configured number of workers.
func (b *Bot) Reconcile(ctx context.Context) error {
	started := b.now()
	since, err := b.mirrorSince(ctx)
	if err != nil {
		return err
	}
	var todo []buyerdesk.Case
	err = b.store.Cases(ctx, func(c buyerdesk.Case) bool {
		if c.ThreadTS == "" || c.State == buyerdesk.StateOpen || c.Waiting() || !c.Updated.Before(since) {
			todo = append(todo, buyerdesk.Case{ID: c.ID, Deadline: c.Deadline})
		}
		return ctx.Err() == nil
	})
	if err != nil {
		return fmt.Errorf("reconcile: %w", err)
	}
	slices.SortStableFunc(todo, func(a, b buyerdesk.Case) int {
		switch az, bz := a.Deadline.IsZero(), b.Deadline.IsZero(); {
		case az && !bz:
			return 1 // nothing waits: last
		case bz && !az:
			return -1
		}
		return a.Deadline.Compare(b.Deadline)
	})
	if err := b.mirrorAll(ctx, todo); err != nil {
		return fmt.Errorf("reconcile: %w", err)
	}
	if err := b.store.Put(ctx, mirrorNamespace, mirrorWatermark, []byte(started.UTC().Format(mirrorTimeLayout))); err != nil {
		return fmt.Errorf("reconcile: %w", err)
	}
	return nil
}

// mirrorSince is when the last complete Reconcile began, less a margin;
// the zero time when none has completed.
func (b *Bot) mirrorSince(ctx context.Context) (time.Time, error) {
	v, err := b.store.Get(ctx, mirrorNamespace, mirrorWatermark)
	if errors.Is(err, store.ErrNotFound) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("reconcile watermark: %w", err)
	}
	t, err := time.Parse(mirrorTimeLayout, string(v))
	if err != nil {
		return time.Time{}, nil // unreadable: check every case
	}
	return t.Add(-mirrorClockSkew), nil
}

// mirrorAll mirrors the cases in order with at most cfg.Workers at a time
// and reports how many failed.
func (b *Bot) mirrorAll(ctx context.Context, cases []buyerdesk.Case) error {
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		failed int
		first  error
	)
	next := make(chan buyerdesk.CaseID)
	for range min(b.cfg.Workers, max(len(cases), 1)) {
		wg.Go(func() {
			for id := range next {
				if err := b.Mirror(ctx, id); err != nil {
					mu.Lock()
					if failed++; first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		})
	}
feed:
	for _, c := range cases {
		select {
		case next <- c.ID:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if first == nil {
		return ctx.Err()
	}
	return fmt.Errorf("%d of %d cases not mirrored, first: %w", failed, len(cases), first)
}
