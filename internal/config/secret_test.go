package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"
)

func envMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

const mailboxYAML = `
mailboxes:
  - {name: eu, host: imap.example.com, username: u}
  - {name: us, host: imap.example.com, username: v, password_env: US_IMAP_PASSWORD}
`

func TestSecretsFromEnvironment(t *testing.T) {
	dir := t.TempDir()
	botFile := filepath.Join(dir, "bot")
	if err := os.WriteFile(botFile, []byte("xoxb-from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := envMap(map[string]string{
		"BUYERDESK_IMAP_PASSWORD":     "imap-secret",
		"US_IMAP_PASSWORD":            "us-secret",
		"BUYERDESK_SMTP_PASSWORD":     "smtp-secret",
		"SLACK_BOT_TOKEN_FILE":        botFile,
		"SLACK_APP_TOKEN":             "xapp-1",
		"BUYERDESK_LWA_CLIENT_SECRET": "lwa-secret",
		"BUYERDESK_LWA_REFRESH_TOKEN": "Atzr|refresh",
	})
	c, err := Parse("s.yml", []byte(mailboxYAML+"spapi: {client_id: amzn1.app}\nslack: {channels: {default: C0BUYERS01}}\n"), env)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{
		"eu imap":  c.Mailboxes[0].Password.Reveal(),
		"us imap":  c.Mailboxes[1].Password.Reveal(),
		"smtp":     c.SMTP.Password.Reveal(),
		"bot":      c.Slack.BotToken.Reveal(),
		"app":      c.Slack.AppToken.Reveal(),
		"signing":  c.Slack.SigningSecret.Reveal(),
		"lwa":      c.SPAPI.ClientSecret.Reveal(),
		"refresh":  c.SPAPI.RefreshToken.Reveal(),
		"spapi on": fmt.Sprint(c.SPAPI.Enabled),
		"slack on": fmt.Sprint(c.Slack.Enabled()),
		"missing":  strings.Join(c.MissingSecrets(), ","),
	}
	want := map[string]string{
		"eu imap": "imap-secret", "us imap": "us-secret", "smtp": "smtp-secret",
		"bot": "xoxb-from-file", "app": "xapp-1", "signing": "",
		"lwa": "lwa-secret", "refresh": "Atzr|refresh",
		"spapi on": "true", "slack on": "true", "missing": "",
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %q, want %q", k, got[k], w)
		}
	}
}

func TestSecretProblems(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "nope")
	tests := []struct {
		name string
		yaml string
		env  map[string]string
		want []string
	}{
		{"both forms", "", map[string]string{"SLACK_BOT_TOKEN": "a", "SLACK_BOT_TOKEN_FILE": empty, "SLACK_APP_TOKEN": "x"},
			[]string{"$SLACK_BOT_TOKEN: set either SLACK_BOT_TOKEN or SLACK_BOT_TOKEN_FILE, not both"}},
		{"unreadable file", "", map[string]string{"BUYERDESK_SMTP_PASSWORD_FILE": missing},
			[]string{fmt.Sprintf("$BUYERDESK_SMTP_PASSWORD_FILE: read secret file %q: open %s: no such file or directory", missing, missing)}},
		{"empty file", mailboxYAML, map[string]string{"US_IMAP_PASSWORD_FILE": empty},
			[]string{fmt.Sprintf("$US_IMAP_PASSWORD_FILE: secret file %q is empty", empty)}},
		{"socket mode without app token", "slack: {mode: socket, channels: {default: C0BUYERS01}}\n", map[string]string{"SLACK_BOT_TOKEN": "xoxb"},
			[]string{"s.yml:1: slack.mode: socket mode needs SLACK_APP_TOKEN (or SLACK_APP_TOKEN_FILE)"}},
		{"http mode without signing secret", "slack:\n  mode: http\n  listen: 127.0.0.1:3000\n  channels: {default: C0BUYERS01}\n", map[string]string{"SLACK_BOT_TOKEN": "xoxb"},
			[]string{"s.yml:2: slack.mode: http mode needs SLACK_SIGNING_SECRET (or SLACK_SIGNING_SECRET_FILE)"}},
		{"slack without a channel", "slack:\n  workers: 4\n", map[string]string{"SLACK_BOT_TOKEN": "xoxb", "SLACK_APP_TOKEN": "xapp"},
			[]string{"s.yml:1: slack.channels.default: is required when SLACK_BOT_TOKEN is set: cases without a route and breach notices go there"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("s.yml", []byte(tt.yaml), envMap(tt.env))
			assertProblems(t, err, tt.want)
		})
	}
}

func TestSecretNeverPrinted(t *testing.T) {
	const value = "xoxb-very-secret"
	c, err := Parse("s.yml", []byte("slack: {channels: {default: C0BUYERS01}}"), envMap(map[string]string{"SLACK_BOT_TOKEN": value, "SLACK_APP_TOKEN": value}))
	if err != nil {
		t.Fatal(err)
	}
	js, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var logged bytes.Buffer
	log := zerolog.New(&logged)
	log.Info().Interface("slack", c.Slack).Stringer("token", c.Slack.BotToken).Any("raw", c.Slack.BotToken).Msg("config")
	outputs := map[string]string{
		"%v":      fmt.Sprintf("%v", c),
		"%+v":     fmt.Sprintf("%+v", c),
		"%#v":     fmt.Sprintf("%#v", c.Slack),
		"%s":      fmt.Sprintf("%s", c.Slack.BotToken),
		"%q":      fmt.Sprintf("%q", c.Slack.BotToken),
		"%x":      fmt.Sprintf("%x", c.Slack.BotToken),
		"Sprint":  fmt.Sprint(c.Slack.BotToken),
		"json":    string(js),
		"zerolog": logged.String(),
	}
	for name, out := range outputs {
		if strings.Contains(out, value) || strings.Contains(out, fmt.Sprintf("%x", value)) {
			t.Errorf("%s prints the secret: %s", name, out)
		}
		if !strings.Contains(out, "[redacted]") {
			t.Errorf("%s does not show [redacted]: %s", name, out)
		}
	}
	if c.Slack.BotToken.Reveal() != value {
		t.Error("Reveal lost the value")
	}
}
