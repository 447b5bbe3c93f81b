package mailbox

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// errClosed reports a connection the server (or the network) ended.
var errClosed = errors.New("connection closed")

// session runs one connection: connect, then rounds of examine, fetch and
// wait until something fails. progressed reports whether at least one round
// completed, which resets the reconnect backoff.
func (w *Watcher) session(ctx context.Context) (progressed bool, err error) {
	updates := make(chan struct{}, 1)
	opts := &imapclient.Options{
		UnilateralDataHandler: &imapclient.UnilateralDataHandler{
			Mailbox: func(data *imapclient.UnilateralDataMailbox) {
				if data.NumMessages != nil {
					notify(updates)
				}
			},
		},
	}
	c, err := w.connect(ctx, opts)
	if err != nil {
		return false, err
	}
	defer func() { _ = c.Close() }()
	stop := context.AfterFunc(ctx, func() { _ = c.Close() })
	defer stop()

	useIDLE := !w.cfg.DisableIDLE && c.Caps().Has(imap.CapIdle)
	w.setConnected(true)
	defer w.setConnected(false)
	w.log.Info().Bool("idle", useIDLE).Msg("mailbox connected")

	for {
		drain(updates)
		validity, err := w.examine(ctx, c)
		if err != nil {
			return progressed, err
		}
		if err := w.fetchNew(ctx, c, validity); err != nil {
			return progressed, err
		}
		progressed = true
		w.setFetched(w.cfg.Now())

		if useIDLE {
			err = w.idle(ctx, c, updates)
		} else {
			err = w.wait(ctx, c)
		}
		if ctx.Err() != nil {
			return progressed, ctx.Err()
		}
		if err != nil {
			return progressed, err
		}
	}
}

// examine opens the folder read-only and returns its UIDVALIDITY.
func (w *Watcher) examine(ctx context.Context, c *imapclient.Client) (uint32, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	data, err := c.Select(w.cfg.Folder, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		return 0, fmt.Errorf("imap examine: %w", err)
	}
	return data.UIDValidity, nil
}

// idle waits in IDLE until the server announces new mail, PollInterval
// passes (to prove the connection alive) or ctx is done.
func (w *Watcher) idle(ctx context.Context, c *imapclient.Client, updates <-chan struct{}) error {
	cmd, err := c.Idle()
	if err != nil {
		return fmt.Errorf("imap idle: %w", err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	t := time.NewTimer(w.cfg.PollInterval)
	defer t.Stop()
	select {
	case <-updates:
	case <-t.C:
	case <-ctx.Done():
		return ctx.Err()
	case err := <-done:
		return fmt.Errorf("imap idle: %w", orClosed(err))
	}
	if err := cmd.Close(); err != nil {
		return fmt.Errorf("imap idle done: %w", err)
	}
	if err := <-done; err != nil {
		return fmt.Errorf("imap idle: %w", err)
	}
	return nil
}

// wait sleeps PollInterval and then checks the connection with NOOP.
func (w *Watcher) wait(ctx context.Context, c *imapclient.Client) error {
	t := time.NewTimer(w.cfg.PollInterval)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-c.Closed():
		return fmt.Errorf("imap poll: %w", errClosed)
	case <-t.C:
	}
	if err := c.Noop().Wait(); err != nil {
		return fmt.Errorf("imap noop: %w", err)
	}
	return nil
}

func orClosed(err error) error {
	if err == nil {
		return errClosed
	}
	return err
}

func notify(ch chan<- struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

func drain(ch <-chan struct{}) {
	select {
	case <-ch:
	default:
	}
}
