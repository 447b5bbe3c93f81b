package main

import (
	"context"
	"fmt"
	"os"

	"github.com/buyerdesk/buyerdesk/amazon"
)

// cmdParseEmail prints what buyerdesk sees in one e-mail file as JSON.
func cmdParseEmail(_ context.Context, args []string, _ env, std stdio) int {
	fs := newFlags("parse-email", std)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return exitUsage
	}
	raw, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(std.err, "buyerdesk parse-email: %v\n", err)
		return exitUsage
	}
	m, err := amazon.Parse(raw)
	if err != nil {
		fmt.Fprintf(std.err, "buyerdesk parse-email: %s: %v\n", fs.Arg(0), err)
		return exitUsage
	}
	out, err := amazon.MailJSON(m)
	if err != nil {
		fmt.Fprintf(std.err, "buyerdesk parse-email: %v\n", err)
		return exitFail
	}
	fmt.Fprintf(std.out, "%s\n", out)
	return exitOK
}
