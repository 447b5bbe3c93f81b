package sla

import (
	"container/heap"
	"time"

	"github.com/buyerdesk/buyerdesk"
)

// agenda is the Scheduler's memory between scans of the deadline index:
// for each case with a step before the horizon, when it next needs
// attention. Steps at or after the horizon are found by the next scan.
type agenda struct {
	q       entries
	at      map[buyerdesk.CaseID]time.Time // the live entry of each case
	horizon time.Time                      // zero: the last scan saw every case
	scanned bool                           // a scan has filled the agenda
}

type entry struct {
	at time.Time
	id buyerdesk.CaseID
}

// reset empties the agenda for a scan that covers steps before horizon.
func (a *agenda) reset(horizon time.Time) {
	a.q = a.q[:0]
	a.at = map[buyerdesk.CaseID]time.Time{}
	a.horizon = horizon
	a.scanned = true
}

// covers reports whether the agenda knows every step due before t.
func (a *agenda) covers(t time.Time) bool {
	return a.scanned && (a.horizon.IsZero() || t.Before(a.horizon))
}

// add schedules id at at, replacing its earlier entry; instants at or
// after the horizon are left to the next scan.
func (a *agenda) add(id buyerdesk.CaseID, at time.Time) {
	if !a.horizon.IsZero() && !at.Before(a.horizon) {
		return
	}
	if old, ok := a.at[id]; ok && !at.Before(old) {
		return
	}
	a.at[id] = at
	heap.Push(&a.q, entry{at, id})
}

// pop removes and returns the earliest case due at or before now.
func (a *agenda) pop(now time.Time) (buyerdesk.CaseID, bool) {
	for len(a.q) > 0 {
		top := a.q[0]
		if live, ok := a.at[top.id]; !ok || !live.Equal(top.at) {
			heap.Pop(&a.q) // replaced by an earlier entry, or already done
			continue
		}
		if top.at.After(now) {
			return "", false
		}
		heap.Pop(&a.q)
		delete(a.at, top.id)
		return top.id, true
	}
	return "", false
}

// next is when the agenda needs attention: its earliest live entry, else
// the horizon (zero: never).
func (a *agenda) next() time.Time {
	for len(a.q) > 0 {
		top := a.q[0]
		if live, ok := a.at[top.id]; ok && live.Equal(top.at) {
			if a.horizon.IsZero() || top.at.Before(a.horizon) {
				return top.at
			}
			break
		}
		heap.Pop(&a.q)
	}
	return a.horizon
}

type entries []entry

func (e entries) Len() int           { return len(e) }
func (e entries) Less(i, j int) bool { return e[i].at.Before(e[j].at) }
func (e entries) Swap(i, j int)      { e[i], e[j] = e[j], e[i] }
func (e *entries) Push(x any)        { *e = append(*e, x.(entry)) }
func (e *entries) Pop() any {
	old := *e
	x := old[len(old)-1]
	*e = old[:len(old)-1]
	return x
}
