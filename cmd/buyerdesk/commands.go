package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// command is one subcommand of buyerdesk.
type command struct {
	name    string
	summary string
	usage   string // arguments after the name, for the help text
	run     func(ctx context.Context, args []string, env env, io stdio) int
}

func commands() []command {
	return []command{
		{"run", "run the service: read mailboxes, post to Slack, escalate, send replies", "[--config FILE]", cmdRun},
		{"demo", "run the whole product on embedded stand-ins and serve it in the browser", "[--addr HOST:PORT] [--speed N] [--no-traffic] [--db FILE]", cmdDemo},
		{"check-config", "validate the configuration without connecting anywhere", "[--config FILE]", cmdCheckConfig},
		{"parse-email", "parse one Amazon e-mail and print what buyerdesk sees as JSON", "FILE", cmdParseEmail},
		{"backup", "write a consistent copy of the case store while the service runs", "--out FILE [--config FILE]", cmdBackup},
		{"oncall", "show who is on call at an instant", "[--config FILE] [--at RFC3339] [--json]", cmdOnCall},
		{"ladder", "show the escalation timeline of a message received at an instant", "[--config FILE] --received RFC3339 [--marketplace amazon.de] [--json]", cmdLadder},
		{"lint", "check a reply against Amazon's messaging rules", "[--lang de|en] [--json] [FILE|-]", cmdLint},
		{"rota", "rota tools: `rota coverage` lists hours with nobody on shift", "coverage [--config FILE] [--from DATE] [--days N] [--json]", cmdRota},
	}
}

// run parses the command line and runs one subcommand; it returns the exit code.
func run(ctx context.Context, args []string, env env, in io.Reader, out, errw io.Writer) int {
	std := stdio{in: in, out: out, err: errw}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		if len(args) > 1 {
			return run(ctx, []string{args[1], "--help"}, env, in, out, errw)
		}
		printHelp(out)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], env, std)
		}
	}
	fmt.Fprintf(errw, "buyerdesk: unknown command %q\n\n", args[0])
	printHelp(errw)
	return exitUsage
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "buyerdesk: answer every Amazon buyer message within 24 hours, from Slack.")
	fmt.Fprintln(w, "\nUsage: buyerdesk <command> [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-13s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun `buyerdesk <command> --help` for the flags of a command.")
}

// newFlags returns a flag set whose help text names the command and its usage.
func newFlags(name string, std stdio) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(std.err)
	fs.Usage = func() {
		for _, c := range commands() {
			if c.name == strings.Fields(name)[0] {
				fmt.Fprintf(std.err, "Usage: buyerdesk %s %s\n\n%s.\n\nFlags:\n", name, c.usage, c.summary)
			}
		}
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args; ok is false when the command should exit with code.
func parseFlags(fs *flag.FlagSet, args []string) (code int, ok bool) {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK, false
	}
	if err != nil {
		return exitUsage, false
	}
	return exitOK, true
}

// configFlag registers --config with the default file name.
func configFlag(fs *flag.FlagSet) *string {
	return fs.String("config", "buyerdesk.yml", "configuration `file`")
}

// fileExists reports whether path names an existing file.
func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
