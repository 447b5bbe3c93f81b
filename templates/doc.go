// Package templates fills reply templates from order data and checks replies against Amazon's buyer-messaging rules before a person may approve them.
package templates
