// Package store keeps cases, their messages with raw bytes, an append-only
// per-case event log, mailbox cursors and small keyed records in one bbolt
// file; every change of a case is an event appended and applied
// (buyerdesk.Case.Apply) in the same transaction, so the case is always the
// fold of its log.
//
// Store is the only package that imports bbolt. Ingest stores a parsed mail
// (and its raw bytes) idempotently by message key, routes it to a case
// (Seller Central case id, then relay address and order id, then relay
// address alone for a pre-sale question) and advances the mailbox cursor in
// the same transaction, so a cursor never runs ahead of the stored mail.
// Append is the one way to change a case afterwards; an event with an
// idempotency key is stored at most once per case, which is how side effects
// (Slack posts, SMTP sends, escalations) are made safe to retry. Deadlines
// are kept in an index ordered by time, so DueBefore and NextDeadline are
// range scans. Seen, Put, Get, Delete and Scan keep small records for other
// packages (retry dedup, overrides, leases, per-day job marks).
package store
