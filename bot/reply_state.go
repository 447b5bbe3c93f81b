package bot

import (
	"strconv"
	"time"

	"github.com/buyerdesk/buyerdesk"
)

// replyPhase is where a draft stands, read from the case's log.
type replyPhase int

// The phases of a draft.
const (
	phaseNone      replyPhase = iota // no such draft in the log
	phaseDrafted                     // waiting for approval
	phaseApproved                    // approved, no send intent yet (a crash in between)
	phaseSending                     // an intent without outcome: in flight, or unknown after a crash
	phaseSent                        // SMTP accepted it, or a person marked it sent
	phaseFailed                      // SMTP refused it for good, or retries ran out
	phaseUnknown                     // the outcome is unknown; a person decides
	phaseDiscarded                   // dropped or superseded
)

// replyState is one draft's history as the log tells it.
type replyState struct {
	phase      replyPhase
	draftedSeq uint64
	drafter    string
	approver   string
	messageID  string
	round      int // send intents so far
	failures   int // failed attempts in the current round
	lastError  string
	permanent  bool
	sentAt     time.Time
	markedBy   string // who marked an unknown outcome as sent
}

// Idempotency keys of the reply path. Each names the draft; send keys also
// the round (1 for the first intent, more after "Retry send" or "Send again").
func replyKeyDrafted(id string) string  { return "draft/" + id }
func replyKeyApproved(id string) string { return "approve/" + id }
func replyKeySent(id string) string     { return "sent/" + id }
func replyKeyDiscard(id string) string  { return "discard/" + id }
func replyKeyCard(id string) string     { return "reply/card/" + id }

func replyKeyIntent(id string, round int) string {
	if round <= 1 {
		return "send-intent/" + id
	}
	return "send-intent/" + id + "/" + strconv.Itoa(round)
}

func replyKeyFailed(id string, round, attempt int) string {
	return "send-failed/" + id + "/" + strconv.Itoa(round) + "/" + strconv.Itoa(attempt)
}

func replyKeyUnknown(id string, round int) string {
	return "send-unknown/" + id + "/" + strconv.Itoa(round)
}

func replyKeyDecision(id string, round int) string {
	return "reply/unknown/" + id + "/" + strconv.Itoa(round)
}

func replyKeyFailNote(id string, round int) string {
	return "reply/failed/" + id + "/" + strconv.Itoa(round)
}

// replyStates folds the log into the state of every draft, by draft id.
func replyStates(evs []buyerdesk.Event) map[string]*replyState {
	out := map[string]*replyState{}
	for _, e := range evs {
		id := e.Data["draft"]
		if id == "" {
			continue
		}
		st := out[id]
		if st == nil {
			st = &replyState{}
			out[id] = st
		}
		switch e.Type {
		case buyerdesk.EventDrafted:
			st.phase, st.draftedSeq, st.drafter = phaseDrafted, e.Seq, e.Data["drafter"]
		case buyerdesk.EventDiscarded:
			st.phase = phaseDiscarded
		case buyerdesk.EventApproved:
			st.phase, st.approver = phaseApproved, e.Actor
		case buyerdesk.EventSendIntent:
			st.phase, st.messageID, st.failures = phaseSending, e.Data["message_id"], 0
			st.round++
		case buyerdesk.EventSendFailed:
			st.failures++
			st.lastError = e.Data["error"]
			st.permanent = e.Data["permanent"] == "true"
			if st.permanent || e.Data["final"] == "true" {
				st.phase = phaseFailed
			}
		case buyerdesk.EventSendUnknown:
			st.phase = phaseUnknown
		case buyerdesk.EventSent:
			st.phase, st.sentAt, st.markedBy = phaseSent, e.At, e.Data["marked_by"]
		}
	}
	return out
}

// replySentSince reports whether a draft other than id was sent after id was
// drafted: approving id then would answer the buyer twice.
func replySentSince(evs []buyerdesk.Event, id string, since uint64) bool {
	for _, e := range evs {
		if e.Seq > since && e.Type == buyerdesk.EventSent && e.Data["draft"] != "" && e.Data["draft"] != id {
			return true
		}
	}
	return false
}
