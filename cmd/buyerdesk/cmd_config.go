package main

import (
	"context"
	"fmt"

	"github.com/buyerdesk/buyerdesk/internal/app"
)

// cmdCheckConfig validates the configuration without connecting anywhere.
func cmdCheckConfig(_ context.Context, args []string, env env, std stdio) int {
	fs := newFlags("check-config", std)
	path := configFlag(fs)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	cfg, code := loadConfig(*path, env, std)
	if cfg == nil {
		return code
	}
	if err := app.Rota(cfg).Validate(); err != nil {
		fmt.Fprintf(std.err, "buyerdesk: %s: rota: %v\n", *path, err)
		return exitFail
	}
	fmt.Fprintf(std.out, "%s: configuration is valid (%d mailboxes, %d teams, %d ladder steps)\n",
		*path, len(cfg.Mailboxes), len(cfg.Teams), len(cfg.SLA.Ladder))
	return exitOK
}
