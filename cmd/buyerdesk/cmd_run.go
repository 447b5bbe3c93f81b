package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/rs/zerolog"

	"github.com/buyerdesk/buyerdesk/internal/app"
	"github.com/buyerdesk/buyerdesk/internal/config"
	"github.com/buyerdesk/buyerdesk/internal/logging"
)

// cmdRun runs the service until interrupted.
func cmdRun(ctx context.Context, args []string, env env, std stdio) int {
	fs := newFlags("run", std)
	path := configFlag(fs)
	format := logFormatFlag(fs)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	cfg, code := configOrDefault(fs, *path, env, std)
	if cfg == nil {
		return code
	}
	log, err := newLogger(cfg, *format, std)
	if err != nil {
		return exitUsage
	}
	svc, err := app.Open(ctx, cfg, app.Options{Log: log})
	if err != nil {
		log.Error().Err(err).Msg("buyerdesk could not start")
		return exitFail
	}
	if err := svc.Run(ctx); err != nil {
		log.Error().Err(err).Msg("buyerdesk stopped with an error")
		return exitFail
	}
	return exitOK
}

// loadConfig reads the configuration; on problems it prints them (each with
// file, line and field) and returns the exit code.
func loadConfig(path string, env env, std stdio) (*config.Config, int) {
	cfg, err := config.Load(path, env)
	if err != nil {
		fmt.Fprintf(std.err, "buyerdesk: configuration is not valid:\n%v\n", err)
		return nil, exitFail
	}
	return cfg, exitOK
}

// logFormatFlag registers --log-format.
func logFormatFlag(fs *flag.FlagSet) *string {
	return fs.String("log-format", "", "log format: json or console (default: the configuration's log.format)")
}

// newLogger builds the redacting logger; format overrides the configuration.
func newLogger(cfg *config.Config, format string, std stdio) (zerolog.Logger, error) {
	if format == "" {
		format = cfg.Log.Format
	}
	log, err := logging.New(std.err, format, cfg.Log.Level)
	if err != nil {
		fmt.Fprintf(std.err, "buyerdesk: %v\n", err)
	}
	return log, err
}
