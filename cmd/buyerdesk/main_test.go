package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for a running command and a test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// runCmd runs the command line with env and returns exit code, stdout, stderr.
func runCmd(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errw syncBuffer
	code := run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errw)
	return code, out.String(), errw.String()
}

// writeFile writes content into dir/name and returns the path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestHelp(t *testing.T) {
	code, out, _ := runCmd(t, nil, "--help")
	if code != exitOK || !strings.Contains(out, "parse-email") || !strings.Contains(out, "check-config") {
		t.Fatalf("--help: code %d\n%s", code, out)
	}
	for _, c := range commands() {
		code, _, errOut := runCmd(t, nil, c.name, "--help")
		if code != exitOK || !strings.Contains(errOut, "Usage: buyerdesk "+c.name) {
			t.Errorf("%s --help: code %d\n%s", c.name, code, errOut)
		}
	}
	if code, _, _ := runCmd(t, nil, "frobnicate"); code != exitUsage {
		t.Errorf("unknown command: code %d, want %d", code, exitUsage)
	}
	if code, _, _ := runCmd(t, nil); code != exitUsage {
		t.Errorf("no command: code %d, want %d", code, exitUsage)
	}
}

// waitFor polls cond for up to d.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
