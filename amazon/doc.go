// Package amazon turns the e-mails Amazon relays between buyers and sellers
// into buyerdesk.Mail values; it never drops a mail that can be read at all.
package amazon
