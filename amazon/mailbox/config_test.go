package mailbox

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name, addr, tls string
		wantErr         string
		insecure        bool
	}{
		{name: "implicit remote", addr: "imap.example.com:993", tls: TLSImplicit},
		{name: "starttls remote", addr: "imap.example.com:143", tls: TLSStartTLS},
		{name: "default mode", addr: "imap.example.com:993", tls: ""},
		{name: "none ipv4 loopback", addr: "127.0.0.1:143", tls: TLSNone},
		{name: "none ipv6 loopback", addr: "[::1]:143", tls: TLSNone},
		{name: "none localhost", addr: "localhost:143", tls: TLSNone},
		{name: "none remote ip", addr: "192.0.2.7:143", tls: TLSNone, wantErr: "192.0.2.7", insecure: true},
		{name: "none remote name", addr: "imap.example.com:143", tls: TLSNone, wantErr: "imap.example.com", insecure: true},
		{name: "none all interfaces", addr: "0.0.0.0:143", tls: TLSNone, wantErr: "0.0.0.0", insecure: true},
		{name: "unknown mode", addr: "imap.example.com:993", tls: "ssl", wantErr: `unknown tls mode "ssl"`},
		{name: "no port", addr: "imap.example.com", tls: TLSImplicit, wantErr: "address"},
		{name: "no name", addr: "imap.example.com:993", tls: TLSImplicit, wantErr: "name is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := "m"
			if strings.HasPrefix(tt.name, "no name") {
				name = ""
			}
			err := Config{Name: name, Addr: tt.addr, TLS: tt.tls}.Validate()
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
			assert.Equal(t, tt.insecure, errors.Is(err, ErrInsecure))
		})
	}
}

func TestConfigDefaults(t *testing.T) {
	cfg := Config{}.withDefaults()
	assert.Equal(t, TLSImplicit, cfg.TLS)
	assert.Equal(t, "INBOX", cfg.Folder)
	assert.Equal(t, time.Minute, cfg.PollInterval)
	assert.Equal(t, 7*24*time.Hour, cfg.Backfill)
	assert.Equal(t, 50, cfg.BatchSize)
	assert.Equal(t, time.Second, cfg.MinBackoff)
	assert.Equal(t, 5*time.Minute, cfg.MaxBackoff)
	assert.NotNil(t, cfg.Now)
	assert.False(t, cfg.DisableIDLE)
}

func TestRunRefusesPlainTextToRemoteHostWithoutDialing(t *testing.T) {
	w := New(Config{Name: "m", Addr: "192.0.2.7:143", TLS: TLSNone}, newFakeSink())
	w.dial = func(context.Context, string, string) (net.Conn, error) {
		t.Error("dialed despite an insecure configuration")
		return nil, errors.New("no")
	}
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	err := w.Run(ctx)
	assert.ErrorIs(t, err, ErrInsecure)
	assert.NoError(t, ctx.Err(), "Run retried instead of refusing")
}

func TestUntrustedCertificateIsRejected(t *testing.T) {
	t.Parallel()
	srv := startServer(t, TLSImplicit, map[string][]string{"seller": {"INBOX"}})
	srv.add("seller", "INBOX", testMail("x", 100), time.Now())
	sink := newFakeSink()
	cfg := srv.config("amazon-de", "seller")
	cfg.TLSConfig = nil // system roots do not trust the test certificate
	w := startWatcher(t, cfg, sink)

	require.Eventually(t, func() bool {
		err := w.Status().LastError
		return err != nil && strings.Contains(err.Error(), "certificate")
	}, waitLimit, 10*time.Millisecond)
	assert.Empty(t, sink.ids("amazon-de"))
	assert.NotContains(t, srv.wireText(), "LOGIN", "credentials sent over an untrusted connection")
}
