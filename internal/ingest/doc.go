// Package ingest is the step between a mailbox and the case store: it parses
// each raw mail and stores it, with the mailbox cursor, in one transaction,
// so a mail is never lost and never stored twice; a mail that cannot be
// parsed is stored as ignored with the error.
package ingest
