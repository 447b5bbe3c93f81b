// Package buyerdesk holds the vocabulary every part of the service shares:
// parsed mails, cases, buyer messages and the events of a case's log.
//
// It imports nothing of the project, so every package can import it without
// cycles. The case projection (Case.Apply) is a pure fold over the event log:
// the store appends an event and applies it in the same transaction, so the
// stored case is always what its log says.
package buyerdesk
