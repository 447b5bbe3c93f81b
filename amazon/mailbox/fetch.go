package mailbox

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// The IMAP helpers below check ctx before they start a command; a command
// already on the wire is cut short by session closing the connection when
// ctx is done.

// fetchNew delivers every mail after the sink's cursor in batches, handling
// a changed UIDVALIDITY first. Each batch is delivered before the next is
// fetched; a failed Deliver ends the round with the cursor where it was.
func (w *Watcher) fetchNew(ctx context.Context, c *imapclient.Client, validity uint32) error {
	name := w.cfg.Name
	curValidity, cursor, err := w.sink.Cursor(ctx, name)
	if err != nil {
		return fmt.Errorf("mailbox cursor: %w", err)
	}
	if curValidity != validity && (curValidity != 0 || cursor != 0) {
		w.log.Info().Uint32("old_uidvalidity", curValidity).Uint32("uidvalidity", validity).
			Msg("mailbox uidvalidity changed, resyncing")
		if err := w.sink.Resync(ctx, name, validity); err != nil {
			return fmt.Errorf("mailbox resync: %w", err)
		}
		cursor = 0
	}

	// An empty cursor means nothing was delivered yet: fetch the backfill
	// window (again, if it held nothing last time; the sink dedups).
	var uids []uint32
	if cursor == 0 {
		uids, err = w.backfillUIDs(ctx, c)
	} else {
		uids, err = newUIDs(ctx, c, cursor)
	}
	if err != nil {
		return err
	}

	for batch := range slices.Chunk(uids, w.cfg.BatchSize) {
		mails, err := fetchMails(ctx, c, batch)
		if err != nil {
			return err
		}
		if len(mails) == 0 {
			continue // expunged since the search
		}
		for _, m := range mails {
			if m.Raw == nil {
				w.log.Warn().Uint32("uid", m.UID).Msg("mailbox server sent no body")
			}
		}
		if err := w.sink.Deliver(ctx, name, validity, mails); err != nil {
			return fmt.Errorf("mailbox deliver: %w", err)
		}
		w.log.Info().Int("count", len(mails)).Uint32("first_uid", mails[0].UID).
			Uint32("last_uid", mails[len(mails)-1].UID).Msg("mailbox delivered")
	}
	return nil
}

// newUIDs returns the UIDs above cursor in ascending order.
func newUIDs(ctx context.Context, c *imapclient.Client, cursor uint32) ([]uint32, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var set imap.UIDSet
	set.AddRange(imap.UID(cursor+1), 0) // cursor+1:*
	data, err := c.UIDSearch(&imap.SearchCriteria{UID: []imap.UIDSet{set}}, nil).Wait()
	if err != nil {
		return nil, fmt.Errorf("imap search: %w", err)
	}
	// "n:*" also matches the highest UID when it is below n.
	return above(data.AllUIDs(), cursor), nil
}

// backfillUIDs returns the UIDs of the mails whose INTERNALDATE lies within
// the backfill window, ascending. SEARCH SINCE compares dates only (in the
// server's time zone), so it is widened by a day and refined by INTERNALDATE.
func (w *Watcher) backfillUIDs(ctx context.Context, c *imapclient.Client) ([]uint32, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	cutoff := w.cfg.Now().Add(-w.cfg.Backfill)
	criteria := &imap.SearchCriteria{Since: cutoff.Add(-24 * time.Hour)}
	data, err := c.UIDSearch(criteria, nil).Wait()
	if err != nil {
		return nil, fmt.Errorf("imap search: %w", err)
	}
	found := data.AllUIDs()
	if len(found) == 0 {
		return nil, nil
	}
	msgs, err := c.Fetch(imap.UIDSetNum(found...), &imap.FetchOptions{UID: true, InternalDate: true}).Collect()
	if err != nil {
		return nil, fmt.Errorf("imap fetch dates: %w", err)
	}
	var uids []uint32
	for _, m := range msgs {
		if m.UID != 0 && !m.InternalDate.Before(cutoff) {
			uids = append(uids, uint32(m.UID))
		}
	}
	slices.Sort(uids)
	return slices.Compact(uids), nil
}

// fetchMails fetches whole messages by UID without marking them \Seen and
// returns them in ascending UID order.
func fetchMails(ctx context.Context, c *imapclient.Client, uids []uint32) ([]Mail, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	set := make([]imap.UID, len(uids))
	for i, u := range uids {
		set[i] = imap.UID(u)
	}
	bodyPeek := &imap.FetchItemBodySection{Peek: true} // BODY.PEEK[]: leaves \Seen alone
	opts := &imap.FetchOptions{
		UID:          true,
		InternalDate: true,
		BodySection:  []*imap.FetchItemBodySection{bodyPeek},
	}
	msgs, err := c.Fetch(imap.UIDSetNum(set...), opts).Collect()
	if err != nil {
		return nil, fmt.Errorf("imap fetch: %w", err)
	}
	mails := make([]Mail, 0, len(msgs))
	for _, m := range msgs {
		uid := uint32(m.UID)
		if uid == 0 || !slices.Contains(uids, uid) {
			continue
		}
		mails = append(mails, Mail{UID: uid, Raw: m.FindBodySection(bodyPeek), InternalDate: m.InternalDate})
	}
	slices.SortFunc(mails, func(a, b Mail) int { return int(int64(a.UID) - int64(b.UID)) })
	mails = slices.CompactFunc(mails, func(a, b Mail) bool { return a.UID == b.UID })
	return mails, nil
}

// above returns the UIDs greater than cursor, ascending and unique.
func above(found []imap.UID, cursor uint32) []uint32 {
	var uids []uint32
	for _, u := range found {
		if uint32(u) > cursor {
			uids = append(uids, uint32(u))
		}
	}
	slices.Sort(uids)
	return slices.Compact(uids)
}
