// Package amazontest provides in-process stand-ins for Amazon's far side of
// the wire — the Selling Partner API with its Login with Amazon token endpoint,
// and an SMTP server that keeps every accepted mail — speaking the real
// protocols, for tests and for `buyerdesk demo`.
package amazontest
