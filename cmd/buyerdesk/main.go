// Command buyerdesk is the Slack chat-ops bot that keeps Amazon buyer messages
// answered within 24 hours. main only wires; run holds the command line so
// end-to-end tests can call it.
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"

	_ "time/tzdata" // rotas name IANA zones; the binary must not depend on the host's zoneinfo
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes shared by the subcommands.
const (
	exitOK    = 0
	exitFail  = 1 // the command ran and found a problem (bad config, blocked reply, …)
	exitUsage = 2 // the command line or an input file could not be used
)

// env reads an environment variable; tests pass a map's lookup.
type env func(string) string

// stdio is what a command reads and writes.
type stdio struct {
	in       io.Reader
	out, err io.Writer
}
