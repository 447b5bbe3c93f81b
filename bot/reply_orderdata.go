package bot

import (
	"context"

	"github.com/buyerdesk/buyerdesk"
)

// replyOrderNS marks cases whose latest order lookup failed, keyed by case
// id, so the parent card can say so; a later successful lookup clears it.
const replyOrderNS = "order-unavailable"

// replyOrderNote is the parent card's note for such a case.
const replyOrderNote = "order data unavailable"

// replyMarkOrderData records the outcome of an order lookup for the card.
func (b *Bot) replyMarkOrderData(ctx context.Context, id buyerdesk.CaseID, ok bool) {
	var err error
	if ok {
		err = b.store.Delete(ctx, replyOrderNS, string(id))
	} else {
		err = b.store.Put(ctx, replyOrderNS, string(id), []byte{1})
	}
	if err != nil {
		b.log.Warn().Err(err).Str("case", string(id)).Msg("reply: order-data note not updated")
	}
}

// joinNote appends a note to the card's notes.
func joinNote(notes, note string) string {
	if notes == "" {
		return note
	}
	return notes + " · " + note
}
