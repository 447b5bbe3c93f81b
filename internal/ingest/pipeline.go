package ingest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/amazon/mailbox"
	"github.com/buyerdesk/buyerdesk/internal/store"
)

// Store is what ingest needs from the case store.
type Store interface {
	Cursor(ctx context.Context, mailbox string) (uidValidity, uid uint32, err error)
	ResetCursor(ctx context.Context, mailbox string, uidValidity uint32) error
	IngestBatch(ctx context.Context, reqs []store.IngestRequest) ([]store.IngestResult, error)
}

// Pipeline parses and stores mails; it is the mailbox watchers' sink.
type Pipeline struct {
	Store Store
	Parse func(raw []byte) (buyerdesk.Mail, error) // amazon.Parse
	Now   func() time.Time
	Log   zerolog.Logger
	// Stored, if set, is called after each batch is durable, with the
	// results that changed a case (new mails, not duplicates).
	Stored func(ctx context.Context, results []store.IngestResult)
	// Marketplaces maps a mailbox name to the marketplace its mails are
	// about, for mails that do not say (a mailbox per marketplace).
	Marketplaces map[string]string
}

var _ mailbox.Sink = (*Pipeline)(nil)

// Cursor returns the mailbox's stored cursor.
func (p *Pipeline) Cursor(ctx context.Context, name string) (uint32, uint32, error) {
	return p.Store.Cursor(ctx, name)
}

// Resync resets the cursor after a UIDVALIDITY change.
func (p *Pipeline) Resync(ctx context.Context, name string, uidValidity uint32) error {
	p.Log.Warn().Str("mailbox", name).Uint32("uidvalidity", uidValidity).Msg("mailbox UIDVALIDITY changed; resyncing")
	return p.Store.ResetCursor(ctx, name, uidValidity)
}

// Deliver parses the mails and stores them with the cursor in one
// transaction.
func (p *Pipeline) Deliver(ctx context.Context, name string, uidValidity uint32, mails []mailbox.Mail) error {
	now := p.now()
	reqs := make([]store.IngestRequest, len(mails))
	for i, m := range mails {
		parsed := p.parse(m.Raw)
		if parsed.Marketplace == "" && parsed.Kind != buyerdesk.KindIgnored {
			parsed.Marketplace = p.Marketplaces[name]
		}
		parsed.SentAt = sentAt(parsed, m.InternalDate, now)
		reqs[i] = store.IngestRequest{Mailbox: name, UIDValidity: uidValidity, UID: m.UID,
			Raw: m.Raw, Mail: parsed, Now: now}
	}
	results, err := p.Store.IngestBatch(ctx, reqs)
	if err != nil {
		return fmt.Errorf("ingest %s: %w", name, err)
	}
	var changed []store.IngestResult
	for i, r := range results {
		if r.Duplicate {
			continue
		}
		p.logStored(name, mails[i].UID, reqs[i].Mail, r)
		changed = append(changed, r)
	}
	if p.Stored != nil && len(changed) > 0 {
		p.Stored(ctx, changed)
	}
	return nil
}

// unparsable starts the Reason of a mail the parser could not read. The
// parser's error may quote a line of the mail, so only this prefix is logged.
const unparsable = "unparsable mail"

// parse never fails: an unreadable mail becomes an ignored one carrying the
// error. A parser panic counts as such an error, so one hostile mail can
// neither crash the service nor block its mailbox on every restart.
func (p *Pipeline) parse(raw []byte) (m buyerdesk.Mail) {
	defer func() {
		if r := recover(); r != nil {
			m = buyerdesk.Mail{Kind: buyerdesk.KindIgnored, Reason: fmt.Sprintf("%s: parser panic: %v", unparsable, r)}
		}
	}()
	m, err := p.Parse(raw)
	if err != nil {
		return buyerdesk.Mail{Kind: buyerdesk.KindIgnored, Reason: unparsable + ": " + err.Error()}
	}
	return m
}

// logStored writes one line per stored mail, without PII: ids, kinds and
// counts only.
func (p *Pipeline) logStored(name string, uid uint32, m buyerdesk.Mail, r store.IngestResult) {
	ev := p.Log.Info().Str("mailbox", name).Uint32("uid", uid).Str("kind", string(m.Kind))
	if r.Case.ID == "" {
		reason := m.Reason
		if strings.HasPrefix(reason, unparsable) {
			reason = unparsable // the stored mail keeps the error, which may quote the mail
		}
		ev.Str("reason", reason).Msg("mail stored without a case")
		return
	}
	ev.Str("case", string(r.Case.ID)).Str("marketplace", r.Case.Marketplace).Str("order", r.Case.OrderID).
		Bool("new_case", r.NewCase).Int("messages", r.Case.Messages).Str("event", string(r.Event.Type)).
		Msg("case stored")
}

func (p *Pipeline) now() time.Time {
	if p.Now != nil {
		return p.Now().UTC()
	}
	return time.Now().UTC()
}

// maxSkew is how far a mail's Date may lie ahead of our clock before it is
// distrusted.
const maxSkew = 5 * time.Minute

// sentAt is the instant the reply clock counts from: the mail's Date, unless
// it is missing, in the future or absurdly old (a skewed or forged header
// would push the deadline out, and a breach would go unnoticed); then the
// time the mail server received it, else now.
func sentAt(m buyerdesk.Mail, received, now time.Time) time.Time {
	floor := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	ok := func(t time.Time) bool { return !t.IsZero() && t.After(floor) && !t.After(now.Add(maxSkew)) }
	switch {
	case ok(m.SentAt):
		return m.SentAt
	case ok(received):
		return received.UTC()
	}
	return now
}
