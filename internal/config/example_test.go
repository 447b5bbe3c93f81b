package config

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

const examplePath = "../../buyerdesk.example.yml"

func TestExampleIsValid(t *testing.T) {
	c, err := Load(examplePath, nil)
	if err != nil {
		t.Fatalf("example has problems:\n%v", err)
	}
	if err := c.Check(); err != nil {
		t.Fatalf("Check on the example:\n%v", err)
	}
	if len(c.Mailboxes) != 2 || c.SMTP.Host == "" || c.SPAPI.ClientID == "" {
		t.Fatalf("example lacks a section: mailboxes=%d smtp=%q spapi=%q", len(c.Mailboxes), c.SMTP.Host, c.SPAPI.ClientID)
	}
	us := c.Mailboxes[1]
	if us.Port != 143 || us.Folder != "INBOX" || !us.IDLE || us.PollInterval != time.Minute || us.Backfill != 7*24*time.Hour {
		t.Errorf("mailbox defaults not applied: %+v", us)
	}
	if c.SPAPI.Enabled {
		t.Error("SP-API enabled without credentials in the environment")
	}
	if c.SPAPI.Endpoint != "https://sellingpartnerapi-eu.amazon.com" {
		t.Errorf("endpoint from region eu = %q", c.SPAPI.Endpoint)
	}
}

func TestDefaultIsValid(t *testing.T) {
	d := Default()
	if err := d.Check(); err != nil {
		t.Fatalf("Default().Check():\n%v", err)
	}
	var names []string
	for _, tm := range d.Teams {
		names = append(names, tm.Name+" "+tm.Zone.String())
	}
	want := []string{"Berlin Europe/Berlin", "New York America/New_York", "Sydney Australia/Sydney"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("teams (-want +got):\n%s", diff)
	}
	if d.Fallback.IsZero() || len(d.Triggers) == 0 || len(d.Mailboxes) != 0 || d.SMTP.Host != "" {
		t.Errorf("Default() = fallback %+v, %d triggers, %d mailboxes, smtp %q", d.Fallback, len(d.Triggers), len(d.Mailboxes), d.SMTP.Host)
	}
	if diff := cmp.Diff(DefaultLadder(), d.SLA.Ladder); diff != "" {
		t.Errorf("Default() ladder differs from DefaultLadder (-want +got):\n%s", diff)
	}
}

// TestDefaultMatchesExample keeps the embedded default and the shipped
// example in step: they differ only in mailboxes, SMTP and SP-API.
func TestDefaultMatchesExample(t *testing.T) {
	ex, err := Load(examplePath, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := Default()
	for _, c := range []*Config{ex, d} {
		c.Mailboxes, c.SMTP, c.SPAPI = nil, SMTP{}, SPAPI{}
	}
	opts := cmp.Options{
		cmpopts.IgnoreUnexported(Config{}, Secret{}),
		cmp.Comparer(func(a, b *time.Location) bool { return a.String() == b.String() }),
		cmp.Comparer(func(a, b *regexp.Regexp) bool {
			return (a == nil) == (b == nil) && (a == nil || a.String() == b.String())
		}),
	}
	if diff := cmp.Diff(ex, d, opts); diff != "" {
		t.Errorf("Default() and buyerdesk.example.yml differ (-example +default):\n%s", diff)
	}
}

func TestEmptyFileGivesDefaults(t *testing.T) {
	c, err := Parse("empty.yml", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"store.path", c.Store.Path, "buyerdesk.db"},
		{"store.retention", c.Store.Retention, 30 * 24 * time.Hour},
		{"log.level", c.Log.Level, "info"},
		{"log.format", c.Log.Format, "json"},
		{"slack.mode", c.Slack.Mode, "socket"},
		{"slack.api_url", c.Slack.APIURL, "https://slack.com/api/"},
		{"slack.buyer_names", c.Slack.BuyerNames, "first"},
		{"slack.draft_lease", c.Slack.DraftLease, 15 * time.Minute},
		{"slack.workers", c.Slack.Workers, 8},
		{"slack.reactions.claim", c.Slack.Reactions.Claim, "eyes"},
		{"slack.enabled", c.Slack.Enabled(), false},
		{"spapi.token_url", c.SPAPI.TokenURL, "https://api.amazon.com/auth/o2/token"},
		{"spapi.rate", c.SPAPI.Rate, 0.5},
		{"spapi.burst", c.SPAPI.Burst, 30},
		{"smtp.port", c.SMTP.Port, 587},
		{"sla.window", c.SLA.Window, 24 * time.Hour},
		{"sla.ladder", len(c.SLA.Ladder), 4},
		{"digests.times", len(c.Digests.Times), 3},
		{"handoff.accept_within", c.Handoff.AcceptWithin, 30 * time.Minute},
		{"coverage.days", c.Coverage.Days, 14},
		{"teams", len(c.Teams), 0},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s = %v, want %v", ch.name, ch.got, ch.want)
		}
	}
}

func TestCheckRevalidates(t *testing.T) {
	c, err := Load(examplePath, nil)
	if err != nil {
		t.Fatal(err)
	}
	c.SLA.Ladder[2].Before = 5 * time.Hour
	c.Teams[2].Members = nil
	c.Fallback = Fallback{}
	c.Slack.Agents = append(c.Slack.Agents, "bob")
	err = c.Check()
	// at is "file:line: " for the line offset lines below the first line
	// starting with prefix.
	at := func(prefix string, offset int) string {
		return fmt.Sprintf("%s:%d: ", examplePath, lineOf(t, examplePath, prefix)+offset)
	}
	assertProblems(t, err, []string{
		at("  agents:", 0) + `slack.agents[1]: "bob" is not a Slack user id (U… or W…)`,
		at("    - name: alarm", 1) + "sla.ladder[2].before: steps must be ordered from earliest to latest: 5h0m0s before the deadline is not later than the previous step's 4h0m0s",
		at("      kind: all", 1) + `teams[2].members: team "Sydney" has no members`,
		at("fallback:", 0) + "fallback: a fallback user or group is required when teams are configured (it is on call when nobody is on shift)",
	})
}

// lineOf is the number (from 1) of the first line of path starting with prefix.
func lineOf(t *testing.T, path, prefix string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, prefix) {
			return i + 1
		}
	}
	t.Fatalf("%s has no line starting with %q", path, prefix)
	return 0
}
