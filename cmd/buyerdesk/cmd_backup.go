package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/buyerdesk/buyerdesk/internal/app"
	"github.com/buyerdesk/buyerdesk/internal/store"
)

// cmdBackup writes a consistent copy of the store. When a service holds the
// store (bbolt allows one process per file), the copy is streamed from it
// over its admin socket; otherwise the file is opened and copied directly.
func cmdBackup(ctx context.Context, args []string, env env, std stdio) int {
	fs := newFlags("backup", std)
	path := configFlag(fs)
	db := fs.String("db", "", "store `file` (default: store.path of the configuration)")
	out := fs.String("out", "", "write the copy to this `file`")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *out == "" {
		fs.Usage()
		return exitUsage
	}
	file := *db
	if file == "" {
		cfg, code := loadConfig(*path, env, std)
		if cfg == nil {
			return code
		}
		file = cfg.Store.Path
	}
	if err := backup(ctx, file, *out); err != nil {
		fmt.Fprintf(std.err, "buyerdesk backup: %v\n", err)
		return exitFail
	}
	fmt.Fprintf(std.out, "backup of %s written to %s\n", file, *out)
	return exitOK
}

func backup(ctx context.Context, file, out string) error {
	if _, err := os.Stat(file); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	s, err := store.Open(file, store.Options{Timeout: 200 * time.Millisecond})
	if err == nil {
		defer s.Close()
		return s.BackupFile(ctx, out)
	}
	if !errors.Is(err, store.ErrInUse) {
		return err
	}
	// A running service holds the store: ask it.
	tmp, err := os.CreateTemp(filepath.Dir(out), ".backup-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := app.FetchBackup(ctx, file, tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), out)
}
