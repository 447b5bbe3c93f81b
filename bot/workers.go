package bot

import (
	"context"
	"sync"

	"github.com/buyerdesk/buyerdesk"
)

// job is background work handed off by the ingress loop.
type job struct {
	name string
	run  func(ctx context.Context)
}

// Start launches the background workers; they stop when ctx is done. Wait
// blocks until they have.
func (b *Bot) Start(ctx context.Context) {
	for range b.cfg.Workers {
		b.wg.Add(1)
		go func() {
			defer b.wg.Done()
			for {
				select {
				case <-ctx.Done():
					return
				case j := <-b.jobs:
					b.runJob(ctx, j)
				}
			}
		}()
	}
}

// Wait blocks until the workers started by Start have stopped.
func (b *Bot) Wait() { b.wg.Wait() }

func (b *Bot) runJob(ctx context.Context, j job) {
	defer func() {
		if r := recover(); r != nil {
			b.log.Error().Str("job", j.name).Interface("panic", r).Msg("background job panicked")
		}
	}()
	j.run(ctx)
}

// enqueue hands work to the workers without ever blocking the caller: when
// the queue is full the hand-off waits in its own goroutine, so nothing is
// dropped and the ingress loop keeps acknowledging Slack.
func (b *Bot) enqueue(name string, fn func(ctx context.Context)) {
	j := job{name: name, run: fn}
	select {
	case b.jobs <- j:
	default:
		go func() { b.jobs <- j }()
	}
}

// lock serialises background work on one case inside this process; the
// event log's idempotency keys cover crashes and other processes.
type lock struct {
	sync.Mutex
	users int
}

// withCase runs fn while holding the case's lock.
func (b *Bot) withCase(id buyerdesk.CaseID, fn func()) {
	b.mu.Lock()
	l := b.locks[id]
	if l == nil {
		l = &lock{}
		b.locks[id] = l
	}
	l.users++
	b.mu.Unlock()

	l.Lock()
	defer func() {
		l.Unlock()
		b.mu.Lock()
		if l.users--; l.users == 0 {
			delete(b.locks, id)
		}
		b.mu.Unlock()
	}()
	fn()
}
