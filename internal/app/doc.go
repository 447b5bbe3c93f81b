// Package app wires buyerdesk's parts into one running service from a
// configuration: mailboxes feed the store, the store feeds Slack, the
// scheduler escalates and approved replies leave by SMTP. `buyerdesk run`
// and `buyerdesk demo` start the same Service.
package app
