package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/buyerdesk/buyerdesk/internal/app"
	"github.com/buyerdesk/buyerdesk/internal/config"
	"github.com/buyerdesk/buyerdesk/sla"
)

// configOrDefault loads --config; when the flag was not given and the default
// file does not exist, the built-in example configuration is used (and
// said so), so the rota tools work on a fresh checkout.
func configOrDefault(fs *flag.FlagSet, path string, env env, std stdio) (*config.Config, int) {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == "config" })
	if !given && !fileExists(path) {
		fmt.Fprintf(std.err, "buyerdesk: no %s; using the built-in example configuration\n", path)
		return config.Default(), exitOK
	}
	return loadConfig(path, env, std)
}

// instant reads an RFC 3339 flag value; empty means now.
func instant(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return now.UTC(), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 time like 2026-11-26T09:30:00Z", s)
	}
	return t.UTC(), nil
}

func printJSON(w io.Writer, v any) int {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return exitFail
	}
	return exitOK
}

// cmdOnCall shows who is on call at an instant.
func cmdOnCall(_ context.Context, args []string, env env, std stdio) int {
	fs := newFlags("oncall", std)
	path := configFlag(fs)
	at := fs.String("at", "", "the instant, RFC 3339 (default now)")
	asJSON := fs.Bool("json", false, "print JSON")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	t, err := instant(*at, time.Now())
	if err != nil {
		fmt.Fprintf(std.err, "buyerdesk oncall: --at: %v\n", err)
		return exitUsage
	}
	cfg, code := configOrDefault(fs, *path, env, std)
	if cfg == nil {
		return code
	}
	oc := app.Rota(cfg).OnCall(t)
	if *asJSON {
		return printJSON(std.out, oc)
	}
	team := oc.Team
	if oc.FallbackUsed {
		team = "nobody on shift: fallback"
	}
	fmt.Fprintf(std.out, "At %s\n  team:     %s\n  primary:  %s\n  on shift: %s\n  until:    %s\n",
		t.Format(time.RFC3339), team, oc.Primary, strings.Join(oc.OnShift, ", "), formatTime(oc.ShiftEndsAt))
	return exitOK
}

// cmdLadder shows the escalation timeline of a message received at an instant.
func cmdLadder(_ context.Context, args []string, env env, std stdio) int {
	fs := newFlags("ladder", std)
	path := configFlag(fs)
	received := fs.String("received", "", "when the buyer message was sent, RFC 3339 (required)")
	marketplace := fs.String("marketplace", "", "the marketplace, e.g. amazon.de")
	asJSON := fs.Bool("json", false, "print JSON")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *received == "" {
		fmt.Fprintln(std.err, "buyerdesk ladder: --received is required")
		return exitUsage
	}
	t, err := instant(*received, time.Time{})
	if err != nil {
		fmt.Fprintf(std.err, "buyerdesk ladder: --received: %v\n", err)
		return exitUsage
	}
	cfg, code := configOrDefault(fs, *path, env, std)
	if cfg == nil {
		return code
	}
	window := app.Windows(cfg).Window(*marketplace, t)
	plan := app.Rota(cfg).Plan(app.Ladder(cfg), *marketplace, t, window)
	if *asJSON {
		return printJSON(std.out, plan)
	}
	fmt.Fprintf(std.out, "Received %s, window %s, deadline %s\n", t.Format(time.RFC3339), window, plan.Deadline.Format(time.RFC3339))
	for _, s := range plan.Steps {
		fmt.Fprintf(std.out, "  %s  %-10s → %s", s.At.Format(time.RFC3339), s.Step, strings.Join(s.Targets, ", "))
		if s.Reason != "" {
			fmt.Fprintf(std.out, " (%s)", s.Reason)
		}
		fmt.Fprintln(std.out)
	}
	return exitOK
}

// cmdRota runs the rota tools; `rota coverage` lists gaps.
func cmdRota(_ context.Context, args []string, env env, std stdio) int {
	if len(args) == 0 || args[0] != "coverage" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			newFlags("rota", std).Usage()
			return exitOK
		}
		fmt.Fprintln(std.err, "Usage: buyerdesk rota coverage [--config FILE] [--from DATE] [--days N] [--json]")
		return exitUsage
	}
	fs := newFlags("rota coverage", std)
	path := configFlag(fs)
	from := fs.String("from", "", "first day, YYYY-MM-DD in UTC (default today)")
	days := fs.Int("days", 0, "how many days (default: coverage.days of the configuration)")
	asJSON := fs.Bool("json", false, "print JSON")
	if code, ok := parseFlags(fs, args[1:]); !ok {
		return code
	}
	start := time.Now().UTC().Truncate(24 * time.Hour)
	if *from != "" {
		d, err := time.Parse(time.DateOnly, *from)
		if err != nil {
			fmt.Fprintf(std.err, "buyerdesk rota coverage: --from: %q is not a date like 2026-12-01\n", *from)
			return exitUsage
		}
		start = d
	}
	cfg, code := configOrDefault(fs, *path, env, std)
	if cfg == nil {
		return code
	}
	n := *days
	if n <= 0 {
		n = cfg.Coverage.Days
	}
	gaps := app.Rota(cfg).Coverage(start, n)
	if gaps == nil {
		gaps = []sla.Gap{}
	}
	if *asJSON {
		return printJSON(std.out, gaps)
	}
	if len(gaps) == 0 {
		fmt.Fprintf(std.out, "No gaps: someone is on shift every minute of the %d days from %s.\n", n, start.Format(time.DateOnly))
		return exitOK
	}
	fmt.Fprintf(std.out, "%d gaps with nobody on shift in the %d days from %s (UTC):\n", len(gaps), n, start.Format(time.DateOnly))
	for _, g := range gaps {
		fmt.Fprintf(std.out, "  %s – %s  (%s)\n", g.From.Format(time.RFC3339), g.To.Format(time.RFC3339), g.To.Sub(g.From))
	}
	return exitOK
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.UTC().Format(time.RFC3339)
}
