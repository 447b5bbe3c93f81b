// Package outbox turns an approved reply into a plain-text UTF-8 mail whose
// headers nothing from a buyer's mail can inject into, and hands it to an
// SMTP server, telling temporary, permanent and uncertain failures apart.
package outbox
