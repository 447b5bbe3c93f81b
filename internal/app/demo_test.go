package app

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

// TestDemoRuns starts the demo on a free port and checks that the seeded
// mails become threads visible through the page's state endpoint, and that
// Ctrl-C (ctx) shuts it down cleanly.
func TestDemoRuns(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	var d *Demo
	done := make(chan error, 1)
	go func() {
		done <- RunDemo(ctx, DemoOptions{Addr: "127.0.0.1:0", NoTraffic: true, Seed: 7,
			Log:   zerolog.New(zerolog.NewTestWriter(t)).Level(zerolog.WarnLevel),
			Ready: func(url string, demo *Demo) { d = demo; ready <- url }})
	}()
	var url string
	select {
	case url = <-ready:
	case err := <-done:
		t.Fatalf("demo stopped: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("demo did not start")
	}
	total := func() int {
		n := 0
		for _, ch := range []string{"C0BUYERS01", "C0BUYERSDE", "C0BUYERSUS"} {
			resp, err := http.Get(url + "/fake/state?channel=" + ch)
			if err != nil {
				t.Fatal(err)
			}
			var snap struct {
				Messages []json.RawMessage `json:"messages"`
			}
			json.NewDecoder(resp.Body).Decode(&snap)
			resp.Body.Close()
			n += len(snap.Messages)
		}
		return n
	}
	deadline := time.Now().Add(30 * time.Second)
	for total() < len(DemoBuyers()) {
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d seeded cases posted", total(), len(DemoBuyers()))
		}
		time.Sleep(100 * time.Millisecond)
	}
	if got := total(); got != len(DemoBuyers()) {
		t.Fatalf("%d parents for %d conversations (the follow-up must join its thread)", got, len(DemoBuyers()))
	}
	if len(d.SMTP.Messages()) != 0 {
		t.Fatal("the demo sent mail without an approval")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("demo shut down with %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("demo did not shut down")
	}
}
