package sla_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rs/zerolog"

	"github.com/buyerdesk/buyerdesk/internal/store/storetest"
	"github.com/buyerdesk/buyerdesk/sla"
)

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestSpec(t *testing.T) {
	tests := []struct {
		zone, at string
		days     []time.Weekday
		want     string
		err      error
	}{
		{"Europe/Berlin", "09:00", nil, "CRON_TZ=Europe/Berlin 0 9 * * *", nil},
		{"Australia/Sydney", "17:30", []time.Weekday{time.Monday, time.Friday}, "CRON_TZ=Australia/Sydney 30 17 * * 1,5", nil},
		{"America/New_York", "00:05", []time.Weekday{time.Sunday}, "CRON_TZ=America/New_York 5 0 * * 0", nil},
		{"America/New_York", "03:00", nil, "CRON_TZ=America/New_York 0 3 * * *", nil},
		{"Europe/Berlin", "02:00", nil, "", sla.ErrDSTWindow},
		{"Europe/Berlin", "02:59", nil, "", sla.ErrDSTWindow},
		{"Europe/Berlin", "9 Uhr", nil, "", errors.New("any")},
	}
	for _, tc := range tests {
		got, err := sla.Spec(zone(t, tc.zone), tc.at, tc.days)
		switch {
		case tc.err == nil && (err != nil || got != tc.want):
			t.Errorf("Spec(%s, %s) = %q, %v; want %q", tc.zone, tc.at, got, err, tc.want)
		case tc.err != nil && err == nil:
			t.Errorf("Spec(%s, %s) = %q, want an error", tc.zone, tc.at, got)
		case errors.Is(tc.err, sla.ErrDSTWindow) && !errors.Is(err, sla.ErrDSTWindow):
			t.Errorf("Spec(%s, %s) error = %v, want ErrDSTWindow", tc.zone, tc.at, err)
		}
	}
	if _, err := sla.Spec(nil, "09:00", nil); err == nil {
		t.Error("Spec without a zone succeeded")
	}
}

// runLog collects the local times jobs ran at.
type runLog struct {
	mu  sync.Mutex
	got []string
}

func (l *runLog) job(name string, loc *time.Location, fail *int) func(context.Context, time.Time) error {
	return func(_ context.Context, now time.Time) error {
		l.mu.Lock()
		defer l.mu.Unlock()
		if fail != nil && *fail > 0 {
			*fail--
			return errors.New("slack down")
		}
		l.got = append(l.got, name+" "+now.In(loc).Format("2006-01-02 15:04 MST"))
		return nil
	}
}

func (l *runLog) runs() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.got)
}

// TestCronOncePerLocalDayAcrossDST runs a 09:00 job in Berlin and in Sydney
// from 2 to 27 October 2026: Sydney moves to summer time on 4 October,
// Berlin back to winter time on 25 October. Each runs once a day at 09:00
// local, and a restarted Cron does not repeat a day.
func TestCronOncePerLocalDayAcrossDST(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		time.Sleep(time.Date(2026, 10, 2, 0, 0, 0, 0, time.UTC).Sub(time.Now()))
		db := storetest.MustOpen(t)
		berlin, sydney := zone(t, "Europe/Berlin"), zone(t, "Australia/Sydney")
		var log runLog
		jobs := []sla.Job{
			{Name: "digest", Team: "berlin", Zone: berlin, At: "09:00", Run: log.job("berlin", berlin, nil)},
			{Name: "digest", Team: "sydney", Zone: sydney, At: "09:00", Run: log.job("sydney", sydney, nil)},
		}
		run := func(until time.Time) {
			c := &sla.Cron{Marks: db, Log: zerolog.Nop()}
			for _, j := range jobs {
				if err := c.Add(j); err != nil {
					t.Fatal(err)
				}
			}
			ctx, cancel := context.WithCancel(t.Context())
			done := make(chan error)
			go func() { done <- c.Run(ctx) }()
			time.Sleep(until.Sub(time.Now()))
			synctest.Wait()
			cancel()
			<-done
		}
		run(time.Date(2026, 10, 15, 7, 30, 0, 0, time.UTC)) // after Berlin's 09:00 CEST
		// A second process the same day fires its jobs again by hand.
		c := &sla.Cron{Marks: db, Log: zerolog.Nop()}
		for _, j := range jobs {
			if ran, err := c.Fire(t.Context(), j); err != nil || ran {
				t.Errorf("%s/%s fired twice on one day: %v %v", j.Name, j.Team, ran, err)
			}
		}
		run(time.Date(2026, 10, 28, 0, 0, 0, 0, time.UTC))

		var want []string
		// Sydney's 09:00 runs 3–28 October (2 October's was before the
		// start, 28 October's is 27 October 22:00 UTC); Berlin's 2–27.
		for d := 2; d <= 28; d++ {
			if d != 2 {
				s := time.Date(2026, 10, d, 9, 0, 0, 0, sydney)
				want = append(want, "sydney "+s.Format("2006-01-02 15:04 MST"))
			}
			if d != 28 {
				b := time.Date(2026, 10, d, 9, 0, 0, 0, berlin)
				want = append(want, "berlin "+b.Format("2006-01-02 15:04 MST"))
			}
		}
		got := log.runs()
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("runs:\n got %q\nwant %q", got, want)
		}
		for _, w := range []string{"sydney 2026-10-03 09:00 AEST", "sydney 2026-10-04 09:00 AEDT", "berlin 2026-10-24 09:00 CEST", "berlin 2026-10-25 09:00 CET"} {
			if !slices.Contains(got, w) {
				t.Errorf("no run %q", w)
			}
		}
	})
}

func TestCronFireRetriesAFailingRunOnly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		db := storetest.MustOpen(t)
		utc := time.UTC
		var log runLog
		fail := 2
		c := &sla.Cron{Marks: db, Log: zerolog.Nop()}
		j := sla.Job{Name: "handoff", Team: "ny", Zone: utc, At: "09:00", Run: log.job("ny", utc, &fail)}
		start := time.Now()
		ran, err := c.Fire(t.Context(), j)
		if err != nil || !ran || len(log.runs()) != 1 {
			t.Fatalf("Fire = %v, %v; runs %q", ran, err, log.runs())
		}
		if waited := time.Since(start); waited != 3*time.Second {
			t.Errorf("retries waited %s, want 1 s + 2 s", waited)
		}
		fail = 10
		j.Name = "always failing"
		if _, err := c.Fire(t.Context(), j); err == nil {
			t.Error("a job failing every attempt reported no error")
		}
	})
}

func TestCronAddRefusesDSTWindow(t *testing.T) {
	c := &sla.Cron{Log: zerolog.Nop()}
	err := c.Add(sla.Job{Name: "digest", Zone: time.UTC, At: "02:30", Run: func(context.Context, time.Time) error { return nil }})
	if !errors.Is(err, sla.ErrDSTWindow) {
		t.Errorf("Add at 02:30 = %v, want ErrDSTWindow", err)
	}
	if err := c.Add(sla.Job{Name: "x", Zone: time.UTC, At: "09:00"}); err == nil {
		t.Error("Add without Run succeeded")
	}
}
