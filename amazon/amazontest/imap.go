package amazontest

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"net"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// IMAP is an in-process IMAP server (go-imap's imapmemserver) with one user
// and an INBOX, on a loopback socket without TLS (buyerdesk allows
// plaintext IMAP only to loopback). It stands in for the seller's mailbox in
// tests and the demo.
type IMAP struct {
	mem      *imapmemserver.Server
	user     *imapmemserver.User
	srv      *imapserver.Server
	addr     string
	Username string
	Password string
}

// StartIMAP starts the server with user and password and an empty INBOX.
func StartIMAP(username, password string) (*IMAP, error) {
	s := &IMAP{mem: imapmemserver.New(), Username: username, Password: password}
	s.user = imapmemserver.NewUser(username, password)
	if err := s.user.Create("INBOX", nil); err != nil {
		return nil, fmt.Errorf("imap stand-in: %w", err)
	}
	s.mem.AddUser(s.user)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("imap stand-in: %w", err)
	}
	s.addr = l.Addr().String()
	s.srv = imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return s.mem.NewSession(), nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}},
		InsecureAuth: true,
		Logger:       log.New(io.Discard, "", 0),
	})
	go func() { _ = s.srv.Serve(l) }()
	return s, nil
}

// Addr is the server's host:port.
func (s *IMAP) Addr() string { return s.addr }

// Deliver appends a raw mail to INBOX as if it had just arrived, and
// returns its UID.
func (s *IMAP) Deliver(raw []byte, at time.Time) (uint32, error) {
	data, err := s.user.Append("INBOX", bytes.NewReader(raw), &imap.AppendOptions{Time: at})
	if err != nil {
		return 0, fmt.Errorf("imap stand-in: %w", err)
	}
	return uint32(data.UID), nil
}

// Unseen returns the number of mails in INBOX and of those not marked seen.
func (s *IMAP) Unseen() (total, unseen uint32, err error) {
	data, err := s.user.Status("INBOX", &imap.StatusOptions{NumMessages: true, NumUnseen: true})
	if err != nil {
		return 0, 0, fmt.Errorf("imap stand-in: %w", err)
	}
	return *data.NumMessages, *data.NumUnseen, nil
}

// Close stops the server.
func (s *IMAP) Close() error { return s.srv.Close() }
