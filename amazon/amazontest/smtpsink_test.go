package amazontest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

func startSink(t *testing.T, cfg SMTPSinkConfig) *SMTPSink {
	t.Helper()
	s, err := StartSMTPSink(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func send(c *smtp.Client, from, to, body string) error {
	if err := c.Mail(from, nil); err != nil {
		return err
	}
	if err := c.Rcpt(to, nil); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write([]byte(body)); err != nil {
		return err
	}
	return w.Close()
}

const testMail = "Subject: hi\r\n\r\nhello\r\n"

func TestSinkKeepsMessages(t *testing.T) {
	s := startSink(t, SMTPSinkConfig{})
	c, err := smtp.Dial(s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := send(c, "shop@example.com", "buyer@marketplace.amazon.de", testMail); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	msgs, err := s.WaitMessages(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	m := msgs[0]
	if m.From != "shop@example.com" || len(m.To) != 1 || m.To[0] != "buyer@marketplace.amazon.de" ||
		string(m.Data) != testMail || m.ReceivedAt.IsZero() || m.TLS {
		t.Errorf("received %+v", m)
	}
	short, cancel2 := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel2()
	if _, err := s.WaitMessages(short, 2); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("WaitMessages(2) = %v, want deadline", err)
	}
}

func TestSinkFailNext(t *testing.T) {
	s := startSink(t, SMTPSinkConfig{})
	s.FailNext(1, 451, "try again later")
	s.FailNext(1, 550, "mailbox unavailable")
	c, err := smtp.Dial(s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, want := range []int{451, 550} {
		err := send(c, "a@example.com", "b@example.com", testMail)
		var se *smtp.SMTPError
		if !errors.As(err, &se) || se.Code != want {
			t.Fatalf("err %v, want code %d", err, want)
		}
		_ = c.Reset()
	}
	if err := send(c, "a@example.com", "b@example.com", testMail); err != nil {
		t.Fatal(err)
	}
	if n := len(s.Messages()); n != 1 {
		t.Errorf("%d messages kept, want 1", n)
	}
}

func TestSinkAuthAndStartTLS(t *testing.T) {
	s := startSink(t, SMTPSinkConfig{Username: "shop", Password: "secret", StartTLS: true})
	c, err := smtp.DialStartTLS(s.Addr(), s.ClientTLSConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := send(c, "a@example.com", "b@example.com", testMail); err == nil {
		t.Fatal("MAIL accepted without AUTH")
	}
	if err := c.Auth(sasl.NewPlainClient("", "shop", "wrong")); err == nil {
		t.Fatal("wrong password accepted")
	}
	if err := c.Auth(sasl.NewPlainClient("", "shop", "secret")); err != nil {
		t.Fatal(err)
	}
	if err := send(c, "a@example.com", "b@example.com", testMail); err != nil {
		t.Fatal(err)
	}
	m := s.Messages()[0]
	if !m.TLS || m.AuthUser != "shop" {
		t.Errorf("TLS %v, user %q", m.TLS, m.AuthUser)
	}
}

func TestSinkCrashAfterAccept(t *testing.T) {
	s := startSink(t, SMTPSinkConfig{})
	s.CrashAfterAccept(1)
	c, err := smtp.Dial(s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	err = send(c, "a@example.com", "b@example.com", testMail)
	var se *smtp.SMTPError
	if err == nil || errors.As(err, &se) {
		t.Fatalf("err %v, want a dropped connection", err)
	}
	if msgs := s.Messages(); len(msgs) != 1 || !strings.Contains(string(msgs[0].Data), "hello") {
		t.Errorf("message not kept: %+v", msgs)
	}
}
