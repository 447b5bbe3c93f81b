// Package logging builds the service's zerolog logger on top of a redacting
// writer, so that buyer e-mail addresses, and the values of fields named
// like buyer_name, body, text, subject, email or address, are replaced with
// "[redacted]" before any byte reaches the output, in JSON and console
// format alike.
//
// Redaction is defence in depth, not a licence: callers still log case ids
// and order ids, never buyer names, addresses or message text. Anything
// shaped like an e-mail address is redacted wherever it appears (message,
// error, any field), which includes Message-IDs; log a case id instead.
package logging
