package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/buyerdesk/buyerdesk/templates"
)

// cmdLint checks a reply against Amazon's buyer-messaging rules. Exit 0 for
// ok or warn, 1 for block, 2 for a usage error.
func cmdLint(_ context.Context, args []string, _ env, std stdio) int {
	fs := newFlags("lint", std)
	lang := fs.String("lang", "en", "language of the reply: de or en")
	asJSON := fs.Bool("json", false, "print JSON")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *lang != "de" && *lang != "en" {
		fmt.Fprintf(std.err, "buyerdesk lint: --lang must be de or en, not %q\n", *lang)
		return exitUsage
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return exitUsage
	}
	var (
		text []byte
		err  error
	)
	switch name := fs.Arg(0); name {
	case "", "-":
		text, err = io.ReadAll(std.in)
	default:
		text, err = os.ReadFile(name)
	}
	if err != nil {
		fmt.Fprintf(std.err, "buyerdesk lint: %v\n", err)
		return exitUsage
	}
	res := templates.Lint(string(text), *lang)
	if *asJSON {
		printJSON(std.out, res)
	} else {
		printFindings(std.out, res)
	}
	if res.Verdict == templates.VerdictBlock {
		return exitFail
	}
	return exitOK
}

func printFindings(w io.Writer, res templates.Result) {
	fmt.Fprintf(w, "verdict: %s\n", res.Verdict)
	for _, f := range res.Findings {
		fmt.Fprintf(w, "  %-5s %-14s %d-%d %q: %s", f.Severity, f.Category, f.Start, f.End, f.Excerpt, f.Message)
		if f.Suggestion != "" {
			fmt.Fprintf(w, " (%s)", f.Suggestion)
		}
		fmt.Fprintln(w)
	}
}
