package main

import (
	"context"
	"fmt"
	"maps"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk/amazon/amazontest"
	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
	"github.com/buyerdesk/buyerdesk/internal/store"
)

// The people and channels of the end-to-end stories.
const (
	anna              = "U0ANNA0001" // an agent in Berlin
	ben               = "U0BEN00002" // an agent in New York
	buyersChannel     = "C0BUYERS01" // the default channel
	usChannel         = "C0BUYERSUS" // where amazon.com is routed
	escalationChannel = "C0ESCALATE"
	signingSecret     = "review3-signing-secret" // the Slack app's, in HTTP mode
	settle            = 10 * time.Second         // how long a story step may take
)

// agentUsers and channelNames are what the fake Slack knows of each ID.
var (
	agentUsers = map[string]fakeslack.User{
		anna: {ID: anna, Name: "anna", TZ: "Europe/Berlin"},
		ben:  {ID: ben, Name: "ben", TZ: "America/New_York"},
	}
	channelNames = map[string]string{buyersChannel: "buyers", usChannel: "buyers-us", escalationChannel: "escalations"}
)

// serviceOptions says which far ends a `buyerdesk run` talks to; the
// configuration is written from them.
type serviceOptions struct {
	mailbox      string        // the IMAP mailbox's name; "" runs without a mailbox
	pollInterval string        // the mailbox's poll_interval; "" keeps the default
	slack        *slackOptions // nil runs without Slack
}

// slackOptions configures the fake Slack and the slack, team and fallback
// sections. Every channel named is created in the fake with its name.
type slackOptions struct {
	http         bool              // events over signed HTTP instead of Socket Mode
	routes       map[string]string // marketplace → channel ID
	escalation   string            // the escalation channel's ID; "" for none
	agents       []string          // all in team Berlin; the first is the fallback
	hours        string            // team Berlin's daily hours; "" is round the clock
	coverageDays int               // coverage.days; 0 leaves it out
}

// service is `buyerdesk run` in-process with its far ends: an IMAP server
// holding the seller's mailbox and a fake Slack. A test tells its story
// through the far ends; the run is stopped at the end of the test, which
// fails unless it exited 0.
type service struct {
	t       *testing.T
	imap    *amazontest.IMAP  // nil without a mailbox
	slack   *fakeslack.Server // nil without Slack
	dir     string
	cfgPath string
	listen  string            // the service's HTTP address in HTTP mode
	env     map[string]string // the process environment: passwords and tokens
	logs    *syncBuffer       // the current (or last) run's log
	cancel  context.CancelFunc
	done    chan int // nil when not running
}

// newService starts the far ends and writes the configuration; the
// service itself starts with start, so a test can fill the mailbox first.
func newService(t *testing.T, o serviceOptions) *service {
	t.Helper()
	s := &service{t: t, dir: t.TempDir(), env: map[string]string{}}
	if o.mailbox != "" {
		imap, err := amazontest.StartIMAP("shop@example.com", "secret")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { imap.Close() })
		s.imap = imap
		s.env["BUYERDESK_IMAP_PASSWORD"] = "secret"
	}
	if o.slack != nil {
		s.startSlack(*o.slack)
	}
	s.cfgPath = writeFile(t, s.dir, "buyerdesk.yml", s.config(o))
	t.Cleanup(func() {
		if t.Failed() && s.logs != nil {
			t.Logf("logs: %s", s.logs.String())
		}
		s.stop()
	})
	return s
}

// startService is newService and start.
func startService(t *testing.T, o serviceOptions) *service {
	t.Helper()
	s := newService(t, o)
	s.start()
	return s
}

// startSlack starts the fake Slack with the channels and agents o names.
func (s *service) startSlack(o slackOptions) {
	var fo fakeslack.Options
	if o.http {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			s.t.Fatal(err)
		}
		s.listen = l.Addr().String()
		l.Close() // the service listens here itself
		fo.HTTP = &fakeslack.HTTPMode{EventsURL: s.slackURL("events"), InteractivityURL: s.slackURL("interactivity"),
			CommandsURL: s.slackURL("commands"), SigningSecret: signingSecret}
		s.env["SLACK_SIGNING_SECRET"] = signingSecret
	} else {
		s.env["SLACK_APP_TOKEN"] = "xapp-test"
	}
	s.env["SLACK_BOT_TOKEN"] = "xoxb-test"
	s.slack = fakeslack.New(fo)
	s.t.Cleanup(s.slack.Close)
	channels := append([]string{buyersChannel}, slices.Sorted(maps.Values(o.routes))...)
	if o.escalation != "" {
		channels = append(channels, o.escalation)
	}
	for _, id := range slices.Compact(channels) {
		s.slack.AddChannel(id, channelNames[id])
	}
	for _, id := range o.agents {
		s.slack.AddUser(agentUsers[id])
	}
}

// slackURL is the address of the service's Slack endpoint in HTTP mode.
func (s *service) slackURL(endpoint string) string {
	return "http://" + s.listen + "/slack/" + endpoint
}

// config is the YAML configuration for o.
func (s *service) config(o serviceOptions) string {
	var b strings.Builder
	fmt.Fprintf(&b, "store:\n  path: %s\n", filepath.Join(s.dir, "cases.db"))
	if s.imap != nil {
		host, port, _ := strings.Cut(s.imap.Addr(), ":")
		fmt.Fprintf(&b, "mailboxes:\n  - name: %s\n    host: %s\n    port: %s\n    tls: none\n    username: shop@example.com\n", o.mailbox, host, port)
		if o.pollInterval != "" {
			fmt.Fprintf(&b, "    poll_interval: %s\n", o.pollInterval)
		}
	}
	sl := o.slack
	if sl == nil {
		return b.String()
	}
	b.WriteString("slack:\n")
	if sl.http {
		fmt.Fprintf(&b, "  mode: http\n  listen: %s\n", s.listen)
	}
	fmt.Fprintf(&b, "  api_url: %s\n  channels:\n    default: %s\n", s.slack.APIURL(), buyersChannel)
	if len(sl.routes) > 0 {
		b.WriteString("    routes:\n")
		for _, mp := range slices.Sorted(maps.Keys(sl.routes)) {
			fmt.Fprintf(&b, "      %s: %s\n", mp, sl.routes[mp])
		}
	}
	if sl.escalation != "" {
		fmt.Fprintf(&b, "  escalation_channel: %s\n", sl.escalation)
	}
	fmt.Fprintf(&b, "  agents: [%s]\n", strings.Join(sl.agents, ", "))
	if sl.coverageDays > 0 {
		fmt.Fprintf(&b, "coverage:\n  days: %d\n", sl.coverageDays)
	}
	hours := sl.hours
	if hours == "" {
		hours = "00:00-24:00"
	}
	fmt.Fprintf(&b, "teams:\n  - name: Berlin\n    zone: Europe/Berlin\n    hours:\n      daily: [%q]\n    members:\n", hours)
	for _, id := range sl.agents {
		fmt.Fprintf(&b, "      - id: %s\n", id)
	}
	fmt.Fprintf(&b, "fallback:\n  user: %s\n", sl.agents[0])
	return b.String()
}

// start runs `buyerdesk run --config` with a fresh log.
func (s *service) start() {
	s.t.Helper()
	if s.done != nil {
		s.t.Fatal("the service is already running")
	}
	ctx, cancel := context.WithCancel(context.Background())
	logs, done := new(syncBuffer), make(chan int, 1)
	go func() {
		var out syncBuffer
		done <- run(ctx, []string{"run", "--config", s.cfgPath}, func(k string) string { return s.env[k] },
			strings.NewReader(""), &out, logs)
	}()
	s.logs, s.cancel, s.done = logs, cancel, done
}

// stop cancels the run and fails the test unless it exited 0; it does
// nothing when the service is not running.
func (s *service) stop() {
	s.t.Helper()
	if s.done == nil {
		return
	}
	s.cancel()
	code := <-s.done
	s.done = nil
	if code != exitOK {
		s.t.Errorf("run exited %d:\n%s", code, s.logs.String())
	}
}

// deliver puts the testdata mail name into the mailbox, arriving now.
func (s *service) deliver(name string) { s.deliverAt(fixture(s.t, name), time.Now()) }

// deliverAt puts raw into the mailbox, arriving at at.
func (s *service) deliverAt(raw []byte, at time.Time) {
	s.t.Helper()
	if _, err := s.imap.Deliver(raw, at); err != nil {
		s.t.Fatal(err)
	}
}

// waitLog waits until the current run's log holds msg exactly n times.
func (s *service) waitLog(msg string, n int) {
	s.t.Helper()
	waitFor(s.t, settle, fmt.Sprintf("%s %d time(s) in the log", msg, n), func() bool {
		return strings.Count(s.logs.String(), msg) == n
	})
}

// fixture is the testdata mail name.
func fixture(t *testing.T, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("../../amazon/testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// heldStore writes a configuration naming only a store and holds that
// store open until the test ends, as a running service would.
func heldStore(t *testing.T) (cfgPath string) {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "cases.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return writeFile(t, dir, "buyerdesk.yml", "store:\n  path: "+filepath.Join(dir, "cases.db")+"\n")
}
