package sla_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/internal/store"
	"github.com/buyerdesk/buyerdesk/sla"
)

// The benchmark's store: 100,000 open cases. benchBurst of them have their
// 12h step due within 14 s of the run (36 steps a second, eight times the
// average of 100,000 cases' four steps spread over a day); the rest have deadlines spread evenly over
// 25 hours around the start, except that no step of theirs falls in the
// idle window, when the scheduler must sleep.
const (
	benchCases = 100_000
	benchBurst = 500
	benchRun   = 30 * time.Second
)

// The idle window of the run, as offsets from its start.
const (
	idleFrom = 20 * time.Second
	idleTo   = 28 * time.Second
)

// benchStart is the virtual instant the run starts at.
var benchStart = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// benchDeadlines spreads the deadlines: the burst's 12h steps from 4 s to
// 18 s into the run (after the start-up scan); the others over 25 h from an hour before the start,
// skipping deadlines that would put a step into the idle window.
func benchDeadlines() []time.Time {
	out := make([]time.Time, 0, benchCases)
	for i := range benchBurst {
		out = append(out, benchStart.Add(12*time.Hour+4*time.Second+time.Duration(i)*14*time.Second/benchBurst))
	}
	spread := 25 * time.Hour / (benchCases - benchBurst)
	for i := 0; len(out) < benchCases; i++ {
		d := benchStart.Add(-time.Hour + time.Duration(i)*spread)
		quiet := true
		for _, s := range schedLadder() {
			if at := d.Add(-s.Before).Sub(benchStart); at > idleFrom-time.Second && at < idleTo+time.Second {
				quiet = false
			}
		}
		if quiet {
			out = append(out, d)
		}
	}
	return out
}

// benchStore builds the store with IngestBatch, 1,000 mails a batch, and
// returns it with the cases.
func benchStore(b *testing.B, path string) (*store.DB, []buyerdesk.Case) {
	ctx := context.Background()
	db, err := store.Open(path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	var cases []buyerdesk.Case
	deadlines := benchDeadlines()
	for lo := 0; lo < len(deadlines); lo += 1000 {
		reqs := make([]store.IngestRequest, 0, 1000)
		for i := lo; i < min(lo+1000, len(deadlines)); i++ {
			id := fmt.Sprintf("bench-%06d@example.com", i)
			sent := deadlines[i].Add(-store.DefaultWindow)
			reqs = append(reqs, store.IngestRequest{Mailbox: "INBOX", Raw: []byte(id), Now: sent, Mail: buyerdesk.Mail{
				Kind: buyerdesk.KindBuyerMessage, Marketplace: "amazon.de", MessageID: id, SentAt: sent,
				RelayAddress: fmt.Sprintf("b%06d@marketplace.amazon.de", i), OrderID: fmt.Sprintf("302-0000000-%07d", i),
			}})
		}
		res, err := db.IngestBatch(ctx, reqs)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range res {
			cases = append(cases, r.Case)
		}
	}
	return db, cases
}

// history stands in for the escalated events of steps that came due before
// the run: writing 150,000 of them one commit each would take minutes. It
// still asks the store, so every lookup costs what a real one does.
type history struct {
	*store.DB
	fired map[string]bool // case id + "/" + step key
}

func (h *history) HasEvent(ctx context.Context, id buyerdesk.CaseID, key string) (bool, error) {
	ok, err := h.DB.HasEvent(ctx, id, key)
	return ok || h.fired[string(id)+"/"+key], err
}

func newHistory(db *store.DB, cases []buyerdesk.Case) *history {
	h := &history{DB: db, fired: map[string]bool{}}
	for _, c := range cases {
		for _, d := range schedLadder().Timeline(c.Deadline) {
			if !d.At.After(benchStart) {
				h.fired[string(c.ID)+"/"+sla.StepKey(c.Clock, d.Index)] = true
			}
		}
	}
	return h
}

// BenchmarkScheduler100k runs the scheduler in real time over 100,000 open
// cases for 30 s (the clock reads benchStart at the run's start) and
// reports how late steps fired, memory, wake-ups and CPU in the idle
// window, and the time a restarted scheduler needs to compute its first
// wake-up. Run it once: go test -run '^$' -bench Scheduler100k -benchtime 1x ./sla/
func BenchmarkScheduler100k(b *testing.B) {
	path := filepath.Join(b.TempDir(), "bench.db")
	db, cases := benchStore(b, path)
	hist := newHistory(db, cases)
	cases = nil
	debug.FreeOSMemory() // leave the build's garbage out of the figures

	var mu sync.Mutex
	var late, steady []time.Duration // steady: steps due after the first scan's 3 s
	var wakes, idleWakes, fires int
	realStart := time.Now()
	now := func() time.Time { return benchStart.Add(time.Since(realStart)) }
	s := &sla.Scheduler{Store: hist, Ladder: schedLadder(), Now: now, Log: zerolog.Nop(),
		Fire: func(ctx context.Context, c buyerdesk.Case, d sla.Due) error {
			at := now()
			mu.Lock()
			late = append(late, at.Sub(d.At))
			if d.At.After(benchStart.Add(3 * time.Second)) {
				steady = append(steady, at.Sub(d.At))
			}
			fires++
			mu.Unlock()
			_, _, err := db.Append(ctx, c.ID, buyerdesk.Event{Type: buyerdesk.EventEscalated, At: at,
				Actor: buyerdesk.SystemActor, Key: sla.StepKey(c.Clock, d.Index)})
			return err
		}}
	counted := &wakeCounter{Cases: hist, now: now, onWake: func(at time.Duration) {
		mu.Lock()
		wakes++
		if at >= idleFrom && at < idleTo {
			idleWakes++
		}
		mu.Unlock()
	}}
	s.Store = counted

	ctx, cancel := context.WithTimeout(context.Background(), benchRun)
	defer cancel()
	done := make(chan error)
	b.ResetTimer()
	go func() { done <- s.Run(ctx) }()

	var heapMax, sysMax uint64
	var idleCPU time.Duration
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	var cpuAtIdle time.Duration
	for running := true; running; {
		select {
		case err := <-done:
			if !errors.Is(err, context.DeadlineExceeded) {
				b.Fatal(err)
			}
			running = false
		case <-tick.C:
			heapMax, sysMax = memSample(heapMax, sysMax)
			switch at := time.Since(realStart); {
			case at >= idleFrom && cpuAtIdle == 0:
				cpuAtIdle = cpuTime()
			case at >= idleTo && idleCPU == 0 && cpuAtIdle != 0:
				idleCPU = cpuTime() - cpuAtIdle
			}
		}
	}
	b.StopTimer()

	mu.Lock()
	slices.Sort(late)
	slices.Sort(steady)
	p50, p99, worst := late[len(late)/2], late[len(late)*99/100], late[len(late)-1]
	steady99 := steady[len(steady)*99/100]
	mu.Unlock()

	// Restart: open the file afresh and compute the first wake-up.
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	t0 := time.Now()
	db2, err := store.Open(path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db2.Close()
	hist.DB = db2
	restartNow := now()
	s2 := &sla.Scheduler{Store: hist, Ladder: schedLadder(), Now: func() time.Time { return restartNow }, Log: zerolog.Nop(),
		Fire: func(context.Context, buyerdesk.Case, sla.Due) error { return errors.New("nothing is due") }}
	next, err := s2.RunDue(context.Background())
	ready := time.Since(t0)
	if err != nil || next.IsZero() {
		b.Fatalf("restart: next %s, err %v", next, err)
	}

	b.ReportMetric(float64(fires), "steps")
	b.ReportMetric(float64(p50.Microseconds())/1000, "late-p50-ms")
	b.ReportMetric(float64(p99.Microseconds())/1000, "late-p99-ms")
	b.ReportMetric(float64(worst.Microseconds())/1000, "late-max-ms")
	b.ReportMetric(float64(heapMax)/(1<<20), "heap-inuse-MB")
	b.ReportMetric(float64(sysMax)/(1<<20), "sys-retained-MB")
	b.ReportMetric(float64(wakes), "wakes")
	b.ReportMetric(float64(idleWakes), "idle-wakes")
	b.ReportMetric(float64(idleCPU.Microseconds())/1000, "idle-cpu-ms")
	b.ReportMetric(float64(ready.Microseconds())/1000, "restart-ready-ms")
	b.ReportMetric(float64(steady99.Microseconds())/1000, "late-p99-after-3s-ms")
	b.Logf("steps %d, lateness p50 %s p99 %s max %s (p99 of steps due after 3 s: %s), heap in use ≤ %d MB, sys − released ≤ %d MB, wake-ups %d (idle window %d, idle CPU %s), restart ready %s",
		fires, p50, p99, worst, steady99, heapMax>>20, sysMax>>20, wakes, idleWakes, idleCPU, ready)
	// Steps due during the start-up scan are the restart case, bounded by
	// restart readiness; the 1 s bound is for a running scheduler.
	if steady99 > time.Second || heapMax > 150<<20 || idleWakes > 0 || ready > 3*time.Second {
		b.Errorf("acceptance missed: p99 after start-up %s, heap %d MB, idle wakes %d, restart %s", steady99, heapMax>>20, idleWakes, ready)
	}
}

// wakeCounter counts scans: each wake-up of the scheduler asks for the next
// deadline first.
type wakeCounter struct {
	sla.Cases
	now    func() time.Time
	onWake func(sinceStart time.Duration)
}

func (w *wakeCounter) NextDeadline(ctx context.Context) (time.Time, bool, error) {
	w.onWake(w.now().Sub(benchStart))
	return w.Cases.NextDeadline(ctx)
}

func memSample(heapMax, sysMax uint64) (uint64, uint64) {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return max(heapMax, m.HeapInuse), max(sysMax, m.Sys-m.HeapReleased)
}

// cpuTime is the process's user plus system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
