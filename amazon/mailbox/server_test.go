package mailbox

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"
)

// testServer is an in-process IMAP server (imapmemserver) on a loopback
// socket. It can cut a connection after a number of bytes and records the
// plain-text protocol exchange.
type testServer struct {
	t         *testing.T
	mem       *imapmemserver.Server
	users     map[string]*imapmemserver.User
	addr      string
	mode      string
	clientTLS *tls.Config

	cutNext  atomic.Int64 // byte budget for the next accepted connection, 0 = none
	accepted atomic.Int64
	cuts     atomic.Int64

	mu    sync.Mutex
	conns []net.Conn
	wire  bytes.Buffer
}

// startServer serves users (name → folders) with the given TLS mode.
func startServer(t *testing.T, mode string, users map[string][]string) *testServer {
	t.Helper()
	s := &testServer{t: t, mem: imapmemserver.New(), users: map[string]*imapmemserver.User{}, mode: mode}
	for name, folders := range users {
		u := imapmemserver.NewUser(name, "secret")
		for _, f := range folders {
			require.NoError(t, u.Create(f, nil))
		}
		s.mem.AddUser(u)
		s.users[name] = u
	}

	opts := &imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return s.mem.NewSession(), nil, nil
		},
		Caps:        imap.CapSet{imap.CapIMAP4rev1: {}},
		Logger:      log.New(io.Discard, "", 0),
		DebugWriter: lockedWriter{s},
	}
	var ln net.Listener
	raw, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ln = &cutListener{Listener: raw, s: s}
	serverTLS, clientTLS := testCerts(t)
	switch mode {
	case TLSImplicit:
		ln = tls.NewListener(ln, serverTLS)
	case TLSStartTLS:
		opts.TLSConfig = serverTLS
	case TLSNone:
		opts.InsecureAuth = true
	}
	s.clientTLS = clientTLS
	s.addr = raw.Addr().String()

	srv := imapserver.New(opts)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return s
}

// config returns a watcher configuration for user with short test timings.
func (s *testServer) config(name, user string) Config {
	return Config{
		Name:         name,
		Addr:         s.addr,
		TLS:          s.mode,
		TLSConfig:    s.clientTLS,
		Username:     user,
		Password:     "secret",
		PollInterval: time.Hour, // only IDLE wakes the watcher unless a test says otherwise
		MinBackoff:   20 * time.Millisecond,
		MaxBackoff:   200 * time.Millisecond,
		Logger:       zerolog.New(zerolog.NewTestWriter(s.t)),
	}
}

// add appends a raw mail with the given INTERNALDATE and returns its UID.
func (s *testServer) add(user, folder string, raw []byte, at time.Time) uint32 {
	s.t.Helper()
	data, err := s.users[user].Append(folder, bytes.NewReader(raw), &imap.AppendOptions{Time: at})
	require.NoError(s.t, err)
	return uint32(data.UID)
}

// unseen returns the number of messages and of those without \Seen.
func (s *testServer) unseen(user, folder string) (total, unseen uint32) {
	s.t.Helper()
	data, err := s.users[user].Status(folder, &imap.StatusOptions{NumMessages: true, NumUnseen: true})
	require.NoError(s.t, err)
	return *data.NumMessages, *data.NumUnseen
}

// recreate deletes and re-creates a folder, which gives it a new UIDVALIDITY
// (imapmemserver has no other way to change it).
func (s *testServer) recreate(user, folder string) {
	s.t.Helper()
	require.NoError(s.t, s.users[user].Delete(folder))
	require.NoError(s.t, s.users[user].Create(folder, nil))
}

// dropAll closes every open connection from the server side.
func (s *testServer) dropAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.conns {
		_ = c.Close()
	}
	s.conns = nil
}

// wireText returns the plain-text protocol exchange seen so far.
func (s *testServer) wireText() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.wire.String()
}

// waitIdling waits until the last thing on the wire is the server's IDLE
// continuation, so the watcher sits in IDLE. imapmemserver announces only
// mails appended after its IDLE loop has started (mails queued just before
// IDLE wait for the next command), so the test also gives that loop a moment.
func (s *testServer) waitIdling() {
	s.t.Helper()
	require.Eventually(s.t, func() bool {
		return strings.HasSuffix(s.wireText(), "+ idling\r\n")
	}, 5*time.Second, 5*time.Millisecond)
	time.Sleep(50 * time.Millisecond)
}

type lockedWriter struct{ s *testServer }

func (w lockedWriter) Write(p []byte) (int, error) {
	w.s.mu.Lock()
	defer w.s.mu.Unlock()
	return w.s.wire.Write(p)
}

type cutListener struct {
	net.Listener
	s *testServer
}

func (l *cutListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	l.s.accepted.Add(1)
	cc := &cutConn{Conn: c, s: l.s, budget: l.s.cutNext.Swap(0)}
	l.s.mu.Lock()
	l.s.conns = append(l.s.conns, cc)
	l.s.mu.Unlock()
	return cc, nil
}

// cutConn closes itself once the server has written budget bytes.
type cutConn struct {
	net.Conn
	s      *testServer
	mu     sync.Mutex
	budget int64 // 0 = unlimited
	sent   int64
}

func (c *cutConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.budget == 0 {
		return c.Conn.Write(p)
	}
	left := c.budget - c.sent
	if int64(len(p)) <= left {
		n, err := c.Conn.Write(p)
		c.sent += int64(n)
		return n, err
	}
	n, _ := c.Conn.Write(p[:max(left, 0)])
	c.sent += int64(n)
	if c.Conn.Close() == nil {
		c.s.cuts.Add(1)
	}
	return n, fmt.Errorf("test cut after %d bytes: %w", c.sent, net.ErrClosed)
}

// testCerts returns a server config with a fresh self-signed certificate for
// 127.0.0.1 and a client config that trusts it.
func testCerts(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "imap.test"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	cert, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	server = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	client = &tls.Config{RootCAs: pool}
	return server, client
}
