package bot

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/buyerdesk/buyerdesk"
)

// reactResolve closes c. Resolving does not answer the buyer, so when a
// message still waits the thread says that Amazon keeps counting it.
func (b *Bot) reactResolve(ctx context.Context, c buyerdesk.Case, by reactBy) {
	if c.State == buyerdesk.StateResolved {
		return
	}
	text := fmt.Sprintf(":%s: <@%s> resolved this case.", reactName(b.cfg.Reactions.Resolve), by.user)
	if c.Waiting() {
		text += fmt.Sprintf("\n:warning: No reply has been sent: Amazon still counts the buyer's message as unanswered "+
			"until a reply is sent or :%s: no response needed is set.", reactName(b.cfg.Reactions.NoResponse))
	}
	b.reactChange(ctx, c.ID, buyerdesk.Event{Type: buyerdesk.EventResolved, Actor: by.user, Key: "resolve/" + by.key}, "resolve", text)
}

// reactNoResponse marks c as needing no reply. Amazon only counts that when
// it is also set in Seller Central, so the thread says so, with the link the
// buyer's mail carried when there was one.
func (b *Bot) reactNoResponse(ctx context.Context, c buyerdesk.Case, by reactBy) {
	if c.State == buyerdesk.StateNoResponseNeeded {
		return
	}
	text := fmt.Sprintf(":%s: <@%s> marked this case as no response needed. Amazon only counts it when it is also set in Seller Central",
		reactName(b.cfg.Reactions.NoResponse), by.user)
	if link := b.reactNoResponseURL(ctx, c.ID); link != "" {
		text += ": <" + link + "|mark it as no response needed there>."
	} else {
		text += " (Buyer-Seller Messages, \"No response needed\")."
	}
	b.reactChange(ctx, c.ID, buyerdesk.Event{Type: buyerdesk.EventNoResponseNeeded, Actor: by.user, Key: "nrn/" + by.key}, "nrn", text)
}

// reactNoResponseURL returns the newest no-response-needed link of the
// case's mails that is safe to put in a Slack link, or "".
func (b *Bot) reactNoResponseURL(ctx context.Context, id buyerdesk.CaseID) string {
	msgs, err := b.store.Messages(ctx, id)
	if err != nil {
		b.log.Warn().Err(err).Str("case", string(id)).Msg("case mails unreadable")
		return ""
	}
	for i := len(msgs) - 1; i >= 0; i-- {
		if u := reactSafeURL(msgs[i].Mail.NoResponseNeededURL); u != "" {
			return u
		}
	}
	return ""
}

// reactSafeURL returns raw if it is an https URL that cannot break out of a
// Slack link (<url|label>), else "".
func reactSafeURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.Host == "" || strings.ContainsAny(raw, "<>| \t\r\n\"") {
		return ""
	}
	return raw
}
