package slackout_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/buyerdesk/buyerdesk/bot/slackout"
)

func TestCancelWhileQueuedReturnsAtOnceAndIsNeverSent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWire()
		w.then("chat.postMessage", reply{status: http.StatusTooManyRequests, retryAfter: "30"})
		c := newClient(w, slackout.Options{})
		running(t, c)
		go post(t.Context(), c, "C1", "paused", time.Time{}) // pauses C1 for 30 s
		synctest.Wait()

		ctx, cancel := context.WithCancel(t.Context())
		errc := make(chan error, 1)
		go func() { errc <- post(ctx, c, "C1", "cancelled", time.Time{}) }()
		waitQueued(t, c, 2)
		cancel()
		synctest.Wait()
		select {
		case err := <-errc:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("err = %v, want context.Canceled", err)
			}
		default:
			t.Fatal("cancelled call did not return at once")
		}
		if d := c.Stats().QueueDepth; d != 1 {
			t.Errorf("queue depth %d after cancel, want 1", d)
		}
		time.Sleep(time.Minute)
		for _, s := range texts(w) {
			if s == "cancelled" {
				t.Error("cancelled call was sent")
			}
		}
	})
}

func TestCancelInFlightReturnsAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWire()
		w.block["views.publish"] = true
		c := newClient(w, slackout.Options{})
		running(t, c)
		ctx, cancel := context.WithCancel(t.Context())
		errc := make(chan error, 1)
		go func() {
			_, err := c.PublishViewContext(ctx, slackPublish("U1"))
			errc <- err
		}()
		<-w.entered
		cancel()
		if err := <-errc; !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
		if n := c.Stats().Retries["views.publish"]; n != 0 {
			t.Errorf("cancelled call retried %d times", n)
		}
	})
}

func TestStopFailsQueuedAndLaterCalls(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWire()
		c := newClient(w, slackout.Options{})
		errc := make(chan error, 1)
		go func() { errc <- post(t.Context(), c, "C1", "queued", time.Time{}) }()
		waitQueued(t, c, 1)

		ctx, stop := context.WithCancel(t.Context())
		stop()
		c.Run(ctx) // returns at once: its context is done
		if err := <-errc; !errors.Is(err, slackout.ErrStopped) {
			t.Errorf("queued call: %v, want ErrStopped", err)
		}
		if err := post(t.Context(), c, "C1", "late", time.Time{}); !errors.Is(err, slackout.ErrStopped) {
			t.Errorf("late call: %v, want ErrStopped", err)
		}
		if n := len(w.sentTo("chat.postMessage")); n != 0 {
			t.Errorf("%d posts sent by a stopped client", n)
		}
	})
}

func TestStopInterruptsCallInFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWire()
		w.block["users.info"] = true
		c := newClient(w, slackout.Options{})
		ctx, stop := context.WithCancel(t.Context())
		ran := make(chan struct{})
		go func() { c.Run(ctx); close(ran) }()
		errc := make(chan error, 1)
		go func() { _, err := c.GetUserInfoContext(t.Context(), "U1"); errc <- err }()
		<-w.entered
		stop()
		<-ran
		if err := <-errc; err == nil {
			t.Error("call in flight when the client stopped succeeded")
		}
	})
}

func TestWorkersBoundCallsInFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWire()
		w.block["views.publish"] = true
		c := newClient(w, slackout.Options{Workers: 1})
		running(t, c)
		ctx, cancel := context.WithCancel(t.Context())
		go c.PublishViewContext(ctx, slackPublish("U1"))
		<-w.entered // the only worker is busy

		done := make(chan error, 1)
		go func() { done <- post(t.Context(), c, "C1", "waits", time.Time{}) }()
		synctest.Wait()
		if n := len(w.sentTo("chat.postMessage")); n != 0 {
			t.Fatalf("%d posts sent while the only worker was busy", n)
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("post after the worker freed up: %v", err)
		}
	})
}
