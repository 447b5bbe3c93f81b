package outbox_test

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk/amazon/amazontest"
	"github.com/buyerdesk/buyerdesk/amazon/outbox"
)

func sink(t *testing.T, cfg amazontest.SMTPSinkConfig) *amazontest.SMTPSink {
	t.Helper()
	s, err := amazontest.StartSMTPSink(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func composed(t *testing.T) (string, []string, []byte) {
	t.Helper()
	r := baseReply()
	msg, err := outbox.Compose(r)
	if err != nil {
		t.Fatal(err)
	}
	from, to, err := outbox.Envelope(r)
	if err != nil {
		t.Fatal(err)
	}
	return from, to, msg
}

func TestSendDeliversTheMessage(t *testing.T) {
	tests := []struct {
		name string
		cfg  amazontest.SMTPSinkConfig
		mode string
	}{
		{"plain on loopback", amazontest.SMTPSinkConfig{}, outbox.TLSNone},
		{"starttls with auth", amazontest.SMTPSinkConfig{StartTLS: true, Username: "shop", Password: "s3cret"}, outbox.TLSStartTLS},
		{"implicit tls with auth", amazontest.SMTPSinkConfig{ImplicitTLS: true, Username: "shop", Password: "s3cret"}, outbox.TLSImplicit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sink(t, tt.cfg)
			snd := &outbox.Sender{Addr: s.Addr(), TLS: tt.mode, TLSConfig: s.ClientTLSConfig(),
				Username: tt.cfg.Username, Password: tt.cfg.Password, HELO: "buyerdesk.shop.example", Timeout: 5 * time.Second}
			from, to, msg := composed(t)
			if err := snd.Send(context.Background(), from, to, msg); err != nil {
				t.Fatal(err)
			}
			got := s.Messages()
			if len(got) != 1 {
				t.Fatalf("%d messages, want 1", len(got))
			}
			m := got[0]
			if m.From != "support@shop.example" || len(m.To) != 1 || m.To[0] != "abc123xyz@marketplace.amazon.de" {
				t.Errorf("envelope %q → %q", m.From, m.To)
			}
			if string(m.Data) != string(msg) {
				t.Errorf("data differs:\n%s", m.Data)
			}
			if m.TLS != (tt.mode != outbox.TLSNone) || m.AuthUser != tt.cfg.Username {
				t.Errorf("TLS %v, auth user %q", m.TLS, m.AuthUser)
			}
		})
	}
}

func TestSendErrorsAreClassified(t *testing.T) {
	tests := []struct {
		name          string
		setup         func(*amazontest.SMTPSink)
		snd           func(*amazontest.SMTPSink) *outbox.Sender
		code          int
		temp, unknown bool
	}{
		{"451 is temporary", func(s *amazontest.SMTPSink) { s.FailNext(1, 451, "greylisted, try again") },
			nil, 451, true, false},
		{"550 is permanent", func(s *amazontest.SMTPSink) { s.FailNext(1, 550, "mailbox unavailable") },
			nil, 550, false, false},
		{"crash after accept is uncertain", func(s *amazontest.SMTPSink) { s.CrashAfterAccept(1) },
			nil, 0, true, true},
		{"wrong password is permanent", nil, func(s *amazontest.SMTPSink) *outbox.Sender {
			return &outbox.Sender{Addr: s.Addr(), TLS: outbox.TLSNone, Username: "shop", Password: "nope"}
		}, 535, false, false},
		{"starttls not offered is permanent", nil, func(s *amazontest.SMTPSink) *outbox.Sender {
			return &outbox.Sender{Addr: s.Addr(), TLS: outbox.TLSStartTLS}
		}, 0, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sink(t, amazontest.SMTPSinkConfig{Username: "shop", Password: "s3cret"})
			if tt.setup != nil {
				tt.setup(s)
			}
			snd := &outbox.Sender{Addr: s.Addr(), TLS: outbox.TLSNone, Username: "shop", Password: "s3cret", Timeout: 5 * time.Second}
			if tt.snd != nil {
				snd = tt.snd(s)
			}
			from, to, msg := composed(t)
			err := snd.Send(context.Background(), from, to, msg)
			var se *outbox.SendError
			if !errors.As(err, &se) {
				t.Fatalf("err %v, want *SendError", err)
			}
			if se.Code != tt.code || outbox.IsTemporary(err) != tt.temp || outbox.IsUncertain(err) != tt.unknown {
				t.Errorf("code %d temporary %v uncertain %v, want %d %v %v (%v)",
					se.Code, outbox.IsTemporary(err), outbox.IsUncertain(err), tt.code, tt.temp, tt.unknown, err)
			}
			if strings.Contains(err.Error(), "marketplace.amazon.de") {
				t.Errorf("error names the buyer's address: %v", err)
			}
		})
	}
}

func TestNetworkFailuresAreTemporary(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	from, to, msg := composed(t)
	err = (&outbox.Sender{Addr: addr, TLS: outbox.TLSNone}).Send(context.Background(), from, to, msg)
	if !outbox.IsTemporary(err) || outbox.IsUncertain(err) {
		t.Errorf("refused connection: %v", err)
	}

	// A server that never greets: the timeout ends the attempt.
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = (&outbox.Sender{Addr: silent.Addr().String(), TLS: outbox.TLSNone, Timeout: 5 * time.Second}).Send(ctx, from, to, msg)
	if !outbox.IsTemporary(err) || time.Since(start) > 2*time.Second {
		t.Errorf("silent server: %v after %v", err, time.Since(start))
	}
}

func TestPlainTextOnlyOnLoopback(t *testing.T) {
	from, to, msg := composed(t)
	err := (&outbox.Sender{Addr: "smtp.example.com:25", TLS: outbox.TLSNone}).Send(context.Background(), from, to, msg)
	if err == nil || outbox.IsTemporary(err) {
		t.Errorf("plain text to a remote host: %v", err)
	}
	err = (&outbox.Sender{Addr: "127.0.0.1:25", TLS: "sometimes"}).Send(context.Background(), from, to, msg)
	if err == nil || outbox.IsTemporary(err) {
		t.Errorf("unknown TLS mode: %v", err)
	}
}

func TestUntrustedCertificateIsPermanent(t *testing.T) {
	s := sink(t, amazontest.SMTPSinkConfig{StartTLS: true})
	from, to, msg := composed(t)
	err := (&outbox.Sender{Addr: s.Addr(), TLS: outbox.TLSStartTLS, TLSConfig: &tls.Config{}}).Send(context.Background(), from, to, msg)
	if err == nil || outbox.IsTemporary(err) {
		t.Errorf("self-signed certificate accepted or retried: %v", err)
	}
	if len(s.Messages()) != 0 {
		t.Error("message delivered over an unverified connection")
	}
}
