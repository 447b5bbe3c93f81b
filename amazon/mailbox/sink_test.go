package mailbox

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"sync"
)

// fakeSink is an in-memory store with the Sink contract: Message-ID dedup,
// cursor advanced together with the mails, nothing changed on failure.
type fakeSink struct {
	mu        sync.Mutex
	cursors   map[string]cursor
	byID      map[string]stored // Message-ID → first stored copy
	delivered map[string]int    // "mailbox/validity/uid" → successful deliveries
	calls     int               // Deliver calls, failed ones included
	resyncs   []cursor          // the arguments of each Resync
	failCalls map[int]bool      // Deliver calls (1-based) that fail
	failedAt  []cursor          // the cursor seen by each failed Deliver
	violation error             // the first contract violation by the watcher
}

type cursor struct {
	mailbox  string
	validity uint32
	uid      uint32
}

type stored struct {
	mailbox string
	uid     uint32
	raw     []byte
}

var errStoreDown = errors.New("store unavailable")

func newFakeSink() *fakeSink {
	return &fakeSink{cursors: map[string]cursor{}, byID: map[string]stored{}, delivered: map[string]int{}}
}

func (s *fakeSink) Cursor(_ context.Context, mailbox string) (uint32, uint32, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.cursors[mailbox]
	return c.validity, c.uid, nil
}

func (s *fakeSink) Resync(_ context.Context, mailbox string, validity uint32) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.resyncs = append(s.resyncs, cursor{mailbox: mailbox, validity: validity})
	s.cursors[mailbox] = cursor{mailbox: mailbox, validity: validity}
	return nil
}

func (s *fakeSink) Deliver(_ context.Context, mailbox string, validity uint32, mails []Mail) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	cur := s.cursors[mailbox]
	if s.failCalls[s.calls] {
		s.failedAt = append(s.failedAt, cur)
		return errStoreDown
	}
	if cur.validity != 0 && cur.validity != validity {
		s.violate(fmt.Errorf("deliver with uidvalidity %d, cursor has %d", validity, cur.validity))
	}
	if len(mails) == 0 {
		s.violate(errors.New("empty deliver"))
		return nil
	}
	if !slices.IsSortedFunc(mails, func(a, b Mail) int { return int(a.UID) - int(b.UID) }) || mails[0].UID <= cur.uid {
		s.violate(fmt.Errorf("deliver of uids from %d with cursor %d or unsorted", mails[0].UID, cur.uid))
	}
	for _, m := range mails {
		id := messageID(m.Raw)
		if _, ok := s.byID[id]; !ok {
			s.byID[id] = stored{mailbox: mailbox, uid: m.UID, raw: m.Raw}
		}
		s.delivered[fmt.Sprintf("%s/%d/%d", mailbox, validity, m.UID)]++
	}
	s.cursors[mailbox] = cursor{mailbox: mailbox, validity: validity, uid: mails[len(mails)-1].UID}
	return nil
}

func (s *fakeSink) violate(err error) {
	if s.violation == nil {
		s.violation = err
	}
}

// messageID returns the Message-ID header, or the raw bytes when it is missing.
func messageID(raw []byte) string {
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil || m.Header.Get("Message-Id") == "" {
		return string(raw)
	}
	return m.Header.Get("Message-Id")
}

// ids returns the stored Message-IDs of mailbox, sorted.
func (s *fakeSink) ids(mailbox string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for id, m := range s.byID {
		if m.mailbox == mailbox {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// redelivered returns the UIDs delivered successfully more than once.
func (s *fakeSink) redelivered() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var keys []string
	for k, n := range s.delivered {
		if n > 1 {
			keys = append(keys, k)
		}
	}
	return keys
}

func (s *fakeSink) cursor(mailbox string) cursor {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cursors[mailbox]
}

func (s *fakeSink) err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.violation
}
