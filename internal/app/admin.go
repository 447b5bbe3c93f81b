package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"
)

// AdminSocket is where a running service answers local admin requests: the
// store file's path plus ".sock", mode 0600, so only the service's own user
// can reach it. bbolt locks the store for one process, so an online backup
// has to be made by the process that holds it.
func AdminSocket(storePath string) string { return storePath + ".sock" }

// serveAdmin serves GET /backup (a consistent copy of the store) on the
// admin socket until ctx is done.
func (s *Service) serveAdmin(ctx context.Context) error {
	path := AdminSocket(s.cfg.Store.Path)
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("admin socket: %w", err)
	}
	l, err := net.Listen("unix", path)
	if err != nil {
		return fmt.Errorf("admin socket: %w", err)
	}
	defer os.Remove(path)
	if err := os.Chmod(path, 0o600); err != nil {
		l.Close()
		return fmt.Errorf("admin socket: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /backup", func(w http.ResponseWriter, r *http.Request) {
		// The copy streams, so its outcome travels in a trailer: a client
		// must not take a copy that stopped short for a backup.
		w.Header().Set("Trailer", backupTrailer)
		w.Header().Set("Content-Type", "application/octet-stream")
		status := "ok"
		if _, err := s.db.Backup(r.Context(), w); err != nil {
			s.log.Error().Err(err).Msg("online backup failed")
			status = "failed"
		}
		w.Header().Set(backupTrailer, status)
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("admin socket: %w", err)
	}
	return nil
}

// FetchBackup asks the service running on storePath for a copy of its
// store and writes it to w.
func FetchBackup(ctx context.Context, storePath string, w io.Writer) (int64, error) {
	client := &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", AdminSocket(storePath))
		}}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://buyerdesk/backup", nil)
	if err != nil {
		return 0, fmt.Errorf("online backup: %w", err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("online backup: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("online backup: service answered %s", resp.Status)
	}
	n, err := io.Copy(w, resp.Body)
	if err != nil {
		return n, fmt.Errorf("online backup: %w", err)
	}
	if st := resp.Trailer.Get(backupTrailer); st != "ok" {
		return n, fmt.Errorf("online backup: the service could not copy its store (status %q); see its log", st)
	}
	return n, nil
}

// backupTrailer carries the outcome of an online backup after its bytes.
const backupTrailer = "X-Backup-Status"
