package mailbox

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const waitLimit = 5 * time.Second

// testMail returns a buyer mail with the given Message-ID local part and a
// body of about size bytes.
func testMail(id string, size int) []byte {
	body := strings.Repeat("Where is my parcel? ", size/20+1)
	return []byte("From: \"Jane Buyer - Amazon Marketplace\" <jane+A1B2@marketplace.amazon.de>\r\n" +
		"To: shop@example.com\r\n" +
		"Subject: Parcel question (Order: 302-1234567-1234567)\r\n" +
		"Message-ID: <" + id + "@amazon.test>\r\n" +
		"Date: Thu, 26 Nov 2026 10:00:00 +0000\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n")
}

func msgIDs(ids ...string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = "<" + id + "@amazon.test>"
	}
	return out
}

// startWatcher runs a watcher until the test ends and checks it stops.
func startWatcher(t *testing.T, cfg Config, sink Sink) *Watcher {
	t.Helper()
	w := New(cfg, sink)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			assert.NoError(t, err)
		case <-time.After(waitLimit):
			t.Error("watcher did not stop")
		}
		assert.False(t, w.Status().Connected)
	})
	return w
}

func waitIDs(t *testing.T, sink *fakeSink, mailbox string, want []string) {
	t.Helper()
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		assert.ElementsMatch(c, want, sink.ids(mailbox))
	}, waitLimit, 10*time.Millisecond)
}

func checkSink(t *testing.T, sink *fakeSink) {
	t.Helper()
	assert.NoError(t, sink.err(), "watcher broke the sink contract")
	assert.Empty(t, sink.redelivered(), "UIDs delivered twice")
}

var (
	selectCmd = regexp.MustCompile(`(?m)^T\d+ SELECT `)
	storeCmd  = regexp.MustCompile(`(?m)^T\d+ (UID )?STORE `)
	idleCmd   = regexp.MustCompile(`(?m)^T\d+ IDLE\r$`)
	noopCmd   = regexp.MustCompile(`(?m)^T\d+ NOOP\r$`)
)

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestBackfillTakesOnlyMailsInWindowAndLeavesThemUnseen(t *testing.T) {
	t.Parallel()
	srv := startServer(t, TLSImplicit, map[string][]string{"seller": {"INBOX"}})
	now := time.Now().UTC().Truncate(time.Second)
	srv.add("seller", "INBOX", testMail("old-30d", 300), now.Add(-30*24*time.Hour))
	srv.add("seller", "INBOX", testMail("old-7d1h", 300), now.Add(-7*24*time.Hour-time.Hour))
	srv.add("seller", "INBOX", testMail("new-6d", 300), now.Add(-6*24*time.Hour))
	last := srv.add("seller", "INBOX", testMail("new-1h", 300), now.Add(-time.Hour))

	sink := newFakeSink()
	logs := &syncBuffer{}
	cfg := srv.config("amazon-de", "seller")
	cfg.Now = func() time.Time { return now }
	cfg.Logger = zerolog.New(logs)
	w := startWatcher(t, cfg, sink)

	require.Eventually(t, func() bool { return w.Status().LastFetch.Equal(now) }, waitLimit, 10*time.Millisecond)
	assert.ElementsMatch(t, msgIDs("new-6d", "new-1h"), sink.ids("amazon-de"))
	assert.Equal(t, last, sink.cursor("amazon-de").uid)
	st := w.Status()
	assert.True(t, st.Connected)
	assert.NoError(t, st.LastError)
	checkSink(t, sink)

	total, unseen := srv.unseen("seller", "INBOX")
	assert.Equal(t, uint32(4), total)
	assert.Equal(t, total, unseen, "the watcher marked mail \\Seen")
	wire := srv.wireText()
	assert.Contains(t, wire, " EXAMINE INBOX")
	assert.Contains(t, wire, "BODY.PEEK[]")
	assert.NotRegexp(t, selectCmd, wire)
	assert.NotRegexp(t, storeCmd, wire)

	out := logs.String()
	assert.Contains(t, out, `"count":2`)
	for _, pii := range []string{"jane", "Jane", "marketplace.amazon", "Parcel", "parcel", "302-1234567"} {
		assert.NotContains(t, out, pii)
	}
}

func TestIdleDeliversNewMailWithinSeconds(t *testing.T) {
	t.Parallel()
	srv := startServer(t, TLSImplicit, map[string][]string{"seller": {"INBOX"}})
	srv.add("seller", "INBOX", testMail("first", 200), time.Now())
	sink := newFakeSink()
	startWatcher(t, srv.config("amazon-de", "seller"), sink) // PollInterval 1h: only IDLE can wake it
	waitIDs(t, sink, "amazon-de", msgIDs("first"))
	srv.waitIdling()

	start := time.Now()
	uid := srv.add("seller", "INBOX", testMail("second", 200), time.Now())
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		assert.ElementsMatch(c, msgIDs("first", "second"), sink.ids("amazon-de"))
	}, 3*time.Second, 10*time.Millisecond)
	t.Logf("new mail delivered %v after append", time.Since(start))
	assert.Equal(t, uid, sink.cursor("amazon-de").uid)
	total, unseen := srv.unseen("seller", "INBOX")
	assert.Equal(t, total, unseen, "the watcher marked mail \\Seen")
	checkSink(t, sink)
}

func TestPollingWithoutIdle(t *testing.T) {
	t.Parallel()
	srv := startServer(t, TLSStartTLS, map[string][]string{"seller": {"INBOX"}})
	srv.add("seller", "INBOX", testMail("p1", 100), time.Now())
	sink := newFakeSink()
	cfg := srv.config("amazon-de", "seller")
	cfg.DisableIDLE = true
	cfg.PollInterval = 50 * time.Millisecond
	startWatcher(t, cfg, sink)
	polls := func() int { return len(noopCmd.FindAllString(srv.wireText(), -1)) }
	waitPolls := func(n int) {
		require.Eventually(t, func() bool { return polls() >= n }, waitLimit, 5*time.Millisecond)
	}
	waitIDs(t, sink, "amazon-de", msgIDs("p1"))
	waitPolls(3) // rounds without new mail must fetch nothing

	srv.add("seller", "INBOX", testMail("p2", 100), time.Now())
	waitIDs(t, sink, "amazon-de", msgIDs("p1", "p2"))
	waitPolls(polls() + 3)
	sink.mu.Lock()
	assert.Equal(t, 2, sink.calls, "one Deliver per new mail, none for empty rounds")
	sink.mu.Unlock()
	wire := srv.wireText()
	assert.Contains(t, wire, "STARTTLS")
	assert.NotRegexp(t, idleCmd, wire)
	checkSink(t, sink)
}

func TestTwoMailboxesKeepSeparateCursors(t *testing.T) {
	t.Parallel()
	srv := startServer(t, TLSImplicit, map[string][]string{"de": {"INBOX"}, "uk": {"INBOX"}})
	for _, id := range []string{"de1", "de2", "de3"} {
		srv.add("de", "INBOX", testMail(id, 100), time.Now())
	}
	srv.add("uk", "INBOX", testMail("uk1", 100), time.Now())
	sink := newFakeSink()
	for _, name := range []string{"de", "uk"} {
		cfg := srv.config("amazon-"+name, name)
		cfg.PollInterval = 100 * time.Millisecond // the shared wire log cannot tell whose IDLE started
		startWatcher(t, cfg, sink)
	}

	waitIDs(t, sink, "amazon-de", msgIDs("de1", "de2", "de3"))
	waitIDs(t, sink, "amazon-uk", msgIDs("uk1"))
	srv.add("uk", "INBOX", testMail("uk2", 100), time.Now())
	waitIDs(t, sink, "amazon-uk", msgIDs("uk1", "uk2"))
	assert.Equal(t, uint32(3), sink.cursor("amazon-de").uid)
	assert.Equal(t, uint32(2), sink.cursor("amazon-uk").uid)
	checkSink(t, sink)
}
