// Package mailbox watches an IMAP folder read-only and hands every new mail's raw bytes to a Sink before it moves its cursor.
package mailbox
