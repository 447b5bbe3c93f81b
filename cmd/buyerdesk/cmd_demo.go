package main

import (
	"context"
	"fmt"

	"github.com/buyerdesk/buyerdesk/internal/app"
	"github.com/buyerdesk/buyerdesk/internal/logging"
)

// cmdDemo runs the whole product on embedded stand-ins and serves the fake
// Slack in the browser.
func cmdDemo(ctx context.Context, args []string, _ env, std stdio) int {
	fs := newFlags("demo", std)
	addr := fs.String("addr", "127.0.0.1:8080", "serve the demo page on this `host:port`")
	speed := fs.Float64("speed", 1, "time-lapse factor: 60 runs an hour a minute")
	quiet := fs.Bool("no-traffic", false, "no new buyer mails after the seeded ones")
	db := fs.String("db", "", "keep the demo's case store in this `file` (default: a temporary directory)")
	format := fs.String("log-format", "console", "log format: json or console")
	level := fs.String("log-level", "warn", "log level: trace, debug, info, warn or error")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *speed <= 0 {
		fmt.Fprintln(std.err, "buyerdesk demo: --speed must be positive")
		return exitUsage
	}
	log, err := logging.New(std.err, *format, *level)
	if err != nil {
		fmt.Fprintf(std.err, "buyerdesk demo: %v\n", err)
		return exitUsage
	}
	err = app.RunDemo(ctx, app.DemoOptions{Addr: *addr, Speed: *speed, NoTraffic: *quiet, DB: *db, Log: log, Out: std.out})
	if err != nil {
		fmt.Fprintf(std.err, "buyerdesk demo: %v\n", err)
		return exitFail
	}
	return exitOK
}
