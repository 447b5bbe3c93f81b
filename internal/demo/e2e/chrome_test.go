package e2e

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// chromiumPath is Debian's Chromium, the browser the e2e tests drive.
const chromiumPath = "/usr/bin/chromium"

// emojiFont makes emoji render in screenshots; without it the tests still
// pass but the pictures show empty boxes.
const emojiFont = "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"

// TestMain makes sure Chromium is there: missing, it is installed with
// apt-get when running as root, and otherwise the tests fail (never skip).
func TestMain(m *testing.M) {
	if err := ensureChromium(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: %v\n", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

func ensureChromium() error {
	var missing []string
	if _, err := os.Stat(chromiumPath); err != nil {
		missing = append(missing, "chromium")
	}
	if _, err := os.Stat(emojiFont); err != nil {
		missing = append(missing, "fonts-noto-color-emoji")
	}
	if len(missing) == 0 {
		return nil
	}
	apt, err := exec.LookPath("apt-get")
	if err != nil || os.Geteuid() != 0 {
		if missing[0] != "chromium" {
			fmt.Fprintf(os.Stderr, "e2e: %s is missing; screenshots will show boxes for emoji\n", emojiFont)
			return nil
		}
		return fmt.Errorf("%s is missing and cannot be installed here (needs root and apt-get): install Debian's chromium package", chromiumPath)
	}
	fmt.Fprintf(os.Stderr, "e2e: installing %s with apt-get (once)\n", strings.Join(missing, " "))
	install := append([]string{"install", "-y", "--no-install-recommends"}, missing...)
	for _, args := range [][]string{{"update"}, install} {
		cmd := exec.Command(apt, args...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("apt-get %s: %w", args[0], err)
		}
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		return fmt.Errorf("chromium installed but %s is still missing: %w", chromiumPath, err)
	}
	return nil
}

// chromiumFlags keep the headless browser quiet and self-contained.
var chromiumFlags = []string{
	"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync",
	"--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio", "--lang=en-US",
	"--window-size=1400,900", "--remote-debugging-port=0",
}

// startChromium launches a fresh headless Chromium and returns the
// browser's DevTools WebSocket URL. The process ends with the test.
func startChromium(ctx context.Context, t testing.TB) string {
	t.Helper()
	args := append(append([]string{}, chromiumFlags...), "--user-data-dir="+t.TempDir(), "about:blank")
	cmd := exec.Command(chromiumPath, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // its helpers end with it
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatalf("chromium stderr: %v", err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	// After Browser.close Chromium exits by itself; kill its process
	// group if it does not, and before its profile directory is removed.
	t.Cleanup(func() {
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
		}
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-exited
	})
	found := make(chan string, 1)
	go scanDevTools(stderr, found)
	select {
	case url, ok := <-found:
		if !ok {
			t.Fatalf("chromium exited without a DevTools URL")
		}
		return url
	case <-ctx.Done():
		t.Fatalf("chromium did not print its DevTools URL: %v", ctx.Err())
	case <-time.After(30 * time.Second):
		t.Fatalf("chromium did not print its DevTools URL within 30 s")
	}
	return ""
}

// scanDevTools sends the "DevTools listening on ws://…" URL, then drains
// stderr so Chromium never blocks on a full pipe.
func scanDevTools(r io.Reader, found chan<- string) {
	sc := bufio.NewScanner(r)
	sent := false
	for sc.Scan() {
		line := sc.Text()
		if i := strings.Index(line, "DevTools listening on "); i >= 0 && !sent {
			found <- strings.TrimSpace(line[i+len("DevTools listening on "):])
			sent = true
		}
	}
	if !sent {
		close(found)
	}
}
