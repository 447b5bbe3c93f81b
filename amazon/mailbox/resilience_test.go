package mailbox

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReconnectAfterDropMidFetchLosesAndRepeatsNothing(t *testing.T) {
	t.Parallel()
	srv := startServer(t, TLSImplicit, map[string][]string{"seller": {"INBOX"}})
	var ids []string
	for i := range 6 {
		id := fmt.Sprintf("big-%d", i)
		ids = append(ids, id)
		srv.add("seller", "INBOX", testMail(id, 20_000), time.Now())
	}
	// The first connection dies inside the second batch of two 20 kB mails.
	srv.cutNext.Store(55_000)
	sink := newFakeSink()
	cfg := srv.config("amazon-de", "seller")
	cfg.BatchSize = 2
	startWatcher(t, cfg, sink)

	waitIDs(t, sink, "amazon-de", msgIDs(ids...))
	assert.Equal(t, int64(1), srv.cuts.Load(), "the connection was not cut")
	assert.GreaterOrEqual(t, srv.accepted.Load(), int64(2), "no reconnect")
	assert.Equal(t, uint32(6), sink.cursor("amazon-de").uid)
	sink.mu.Lock()
	assert.Equal(t, 3, sink.calls, "one Deliver per batch, none for the cut batch")
	sink.mu.Unlock()
	checkSink(t, sink)

	// The new connection watches on, and a drop while idling is survived too.
	srv.waitIdling()
	srv.add("seller", "INBOX", testMail("after", 100), time.Now())
	waitIDs(t, sink, "amazon-de", msgIDs(append(ids, "after")...))
	srv.waitIdling()
	accepted := srv.accepted.Load()
	srv.dropAll()
	srv.add("seller", "INBOX", testMail("after-idle-drop", 100), time.Now())
	waitIDs(t, sink, "amazon-de", msgIDs(append(ids, "after", "after-idle-drop")...))
	assert.Greater(t, srv.accepted.Load(), accepted, "no reconnect after the drop in IDLE")
	checkSink(t, sink)
}

func TestUIDValidityChangeResyncsWithoutDuplicates(t *testing.T) {
	t.Parallel()
	srv := startServer(t, TLSNone, map[string][]string{"seller": {"INBOX"}})
	raws := [][]byte{testMail("a", 100), testMail("b", 100), testMail("c", 100)}
	for _, raw := range raws {
		srv.add("seller", "INBOX", raw, time.Now())
	}
	sink := newFakeSink()
	cfg := srv.config("amazon-de", "seller")
	cfg.PollInterval = 100 * time.Millisecond // IDLE is renewed, and the folder re-examined, this often
	startWatcher(t, cfg, sink)
	waitIDs(t, sink, "amazon-de", msgIDs("a", "b", "c"))
	before := sink.cursor("amazon-de")
	require.Equal(t, uint32(3), before.uid)

	srv.recreate("seller", "INBOX")
	srv.add("seller", "INBOX", testMail("d", 100), time.Now())
	for _, raw := range raws { // the server hands out the old mails again under new UIDs
		srv.add("seller", "INBOX", raw, time.Now())
	}

	require.EventuallyWithT(t, func(c *assert.CollectT) {
		cur := sink.cursor("amazon-de")
		assert.NotEqual(c, before.validity, cur.validity)
		assert.Equal(c, uint32(4), cur.uid)
	}, waitLimit, 10*time.Millisecond)
	assert.ElementsMatch(t, msgIDs("a", "b", "c", "d"), sink.ids("amazon-de"))
	sink.mu.Lock()
	require.Len(t, sink.resyncs, 1)
	assert.NotEqual(t, before.validity, sink.resyncs[0].validity)
	assert.Len(t, sink.delivered, 7, "3 UIDs before and 4 after the resync, each once")
	sink.mu.Unlock()
	checkSink(t, sink)
}

func TestDuplicateMailDeliveredUnderBothUIDs(t *testing.T) {
	t.Parallel()
	srv := startServer(t, TLSImplicit, map[string][]string{"seller": {"INBOX"}})
	raw := testMail("twice", 100)
	srv.add("seller", "INBOX", raw, time.Now())
	srv.add("seller", "INBOX", raw, time.Now())
	sink := newFakeSink()
	startWatcher(t, srv.config("amazon-de", "seller"), sink)

	require.Eventually(t, func() bool { return sink.cursor("amazon-de").uid == 2 }, waitLimit, 10*time.Millisecond)
	assert.Equal(t, msgIDs("twice"), sink.ids("amazon-de"))
	sink.mu.Lock()
	v := sink.cursors["amazon-de"].validity
	assert.Equal(t, 1, sink.delivered[fmt.Sprintf("amazon-de/%d/1", v)])
	assert.Equal(t, 1, sink.delivered[fmt.Sprintf("amazon-de/%d/2", v)])
	sink.mu.Unlock()
	checkSink(t, sink)
}

func TestDeliverErrorKeepsCursorAndRetries(t *testing.T) {
	t.Parallel()
	srv := startServer(t, TLSImplicit, map[string][]string{"seller": {"INBOX"}})
	for _, id := range []string{"m1", "m2", "m3"} {
		srv.add("seller", "INBOX", testMail(id, 100), time.Now())
	}
	sink := newFakeSink()
	sink.failCalls = map[int]bool{2: true, 3: true} // the second batch fails twice
	cfg := srv.config("amazon-de", "seller")
	cfg.BatchSize = 1
	startWatcher(t, cfg, sink)

	waitIDs(t, sink, "amazon-de", msgIDs("m1", "m2", "m3"))
	sink.mu.Lock()
	require.Len(t, sink.failedAt, 2)
	for _, c := range sink.failedAt {
		assert.Equal(t, uint32(1), c.uid, "cursor moved past a failed Deliver")
	}
	assert.Equal(t, 5, sink.calls)
	sink.mu.Unlock()
	assert.Equal(t, uint32(3), sink.cursor("amazon-de").uid)
	checkSink(t, sink)
}
