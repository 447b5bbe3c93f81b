// Package bot is buyerdesk's Slack side: it mirrors cases into channel
// threads and turns reactions, slash commands, buttons and modals into case
// events, acknowledging Slack within its 3-second window and doing the work
// in the background.
//
// Every side effect follows the store's event-log contract: read the log
// before acting, record an intent before what cannot be checked afterwards,
// and record the outcome (with an idempotency key) only after success. Slack's
// retries are recognised by event or envelope id and dropped.
package bot
