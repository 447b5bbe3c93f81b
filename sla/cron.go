package sla

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/rs/zerolog"
)

// Marks is the store's check-and-mark: Seen reports whether id was marked
// in namespace (and the mark has not expired), marking it otherwise.
type Marks interface {
	Seen(ctx context.Context, namespace, id string, now time.Time, ttl time.Duration) (bool, error)
}

// cronNS is the Marks namespace of the wall-clock jobs' runs.
const cronNS = "cron"

// cronMarkTTL keeps a day's mark long enough to cover both runs a DST
// change could cause.
const cronMarkTTL = 48 * time.Hour

// ErrDSTWindow refuses wall-clock jobs between 02:00 and 03:00 local time:
// daylight saving time skips or repeats those times in many zones.
var ErrDSTWindow = errors.New("times from 02:00 to 02:59 are skipped or repeated on DST changes; pick another time")

// Job is a wall-clock job: Run at a local time of day in Zone, on Days
// (nil: every day), once per local day.
type Job struct {
	Name string // e.g. "digest 09:00"; with Team, the job's identity
	Team string // "" for a job of the whole rota
	Zone *time.Location
	At   string         // "15:04", local to Zone
	Days []time.Weekday // nil: every day
	// Run does the job; now is the instant the job fired.
	Run func(ctx context.Context, now time.Time) error
}

// Cron runs wall-clock jobs with robfig/cron, each spec carrying its zone
// in CRON_TZ. Each run first marks "<job>/<team>/<local date>" in Marks, so
// a job runs at most once per local day even when cron repeats it.
type Cron struct {
	Marks Marks
	Now   func() time.Time // default time.Now
	Log   zerolog.Logger

	once sync.Once
	c    *cron.Cron
	ctx  context.Context // Run's, for the jobs
	mu   sync.Mutex      // guards ctx
}

func (c *Cron) init() {
	c.once.Do(func() {
		c.c = cron.New(cron.WithLogger(cronLog{c.Log}))
	})
}

func (c *Cron) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// Spec returns the cron spec of a job, with its zone: "CRON_TZ=Zone M H * * D".
func Spec(zone *time.Location, at string, days []time.Weekday) (string, error) {
	if zone == nil {
		return "", errors.New("cron spec: no zone")
	}
	t, err := time.Parse("15:04", at)
	if err != nil {
		return "", fmt.Errorf("cron spec %q: %w", at, err)
	}
	if t.Hour() == 2 {
		return "", fmt.Errorf("cron spec %s %s: %w", at, zone, ErrDSTWindow)
	}
	dow := "*"
	if len(days) > 0 {
		var ds []string
		for _, d := range days {
			ds = append(ds, fmt.Sprint(int(d)))
		}
		dow = strings.Join(ds, ",")
	}
	return fmt.Sprintf("CRON_TZ=%s %d %d * * %s", zone, t.Minute(), t.Hour(), dow), nil
}

// Add schedules j; it fails for a time inside 02:00–03:00 (ErrDSTWindow).
func (c *Cron) Add(j Job) error {
	c.init()
	if j.Run == nil || j.Name == "" {
		return errors.New("cron job: no name or no Run")
	}
	spec, err := Spec(j.Zone, j.At, j.Days)
	if err != nil {
		return fmt.Errorf("cron job %s: %w", j.Name, err)
	}
	if _, err := c.c.AddFunc(spec, func() { c.run(j) }); err != nil {
		return fmt.Errorf("cron job %s: %w", j.Name, err)
	}
	return nil
}

// Run starts the jobs and stops them when ctx ends, waiting for running
// jobs; it returns ctx's error.
func (c *Cron) Run(ctx context.Context) error {
	c.init()
	c.mu.Lock()
	c.ctx = ctx
	c.mu.Unlock()
	c.c.Start()
	<-ctx.Done()
	<-c.c.Stop().Done()
	return ctx.Err()
}

// Fire runs j now as cron would: once per local day, retrying a failing
// run a few times with backoff. It reports whether it ran. Callers that
// drive time themselves use it.
func (c *Cron) Fire(ctx context.Context, j Job) (bool, error) {
	now := c.now()
	key := j.Name + "/" + j.Team + "/" + now.In(j.Zone).Format(time.DateOnly)
	seen, err := c.Marks.Seen(ctx, cronNS, key, now, cronMarkTTL)
	if err != nil {
		return false, fmt.Errorf("cron job %s: %w", j.Name, err)
	}
	if seen {
		return false, nil
	}
	// The day is marked: a failing run is retried here, not by cron.
	for n := 0; ; n++ {
		err = j.Run(ctx, now)
		if err == nil {
			return true, nil
		}
		if n+1 == cronAttempts {
			return true, fmt.Errorf("cron job %s: %d attempts: %w", j.Name, cronAttempts, err)
		}
		c.Log.Warn().Err(err).Str("job", j.Name).Str("team", j.Team).Msg("wall-clock job failed; retrying")
		t := time.NewTimer(backoff(n))
		select {
		case <-ctx.Done():
			t.Stop()
			return true, fmt.Errorf("cron job %s: %w", j.Name, errors.Join(err, ctx.Err()))
		case <-t.C:
		}
	}
}

// cronAttempts bounds the runs of a failing job on one day.
const cronAttempts = 5

func (c *Cron) run(j Job) {
	c.mu.Lock()
	ctx := c.ctx
	c.mu.Unlock()
	ran, err := c.Fire(ctx, j)
	ev := c.Log.Debug()
	if err != nil {
		ev = c.Log.Error().Err(err)
	}
	ev.Str("job", j.Name).Str("team", j.Team).Bool("ran", ran).Msg("wall-clock job")
}

// cronLog hands robfig/cron's messages to zerolog.
type cronLog struct{ l zerolog.Logger }

func (c cronLog) Info(msg string, kv ...any) { c.l.Debug().Fields(kv).Msg("cron: " + msg) }
func (c cronLog) Error(err error, msg string, kv ...any) {
	c.l.Error().Err(err).Fields(kv).Msg("cron: " + msg)
}
