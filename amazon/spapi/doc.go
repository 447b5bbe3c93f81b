// Package spapi looks up an Amazon order through the Selling Partner API
// (Orders v2026-01-01 getOrder, with only the FULFILLMENT, PACKAGES and
// PROCEEDS datasets and never buyer or recipient data), authenticating with a
// Login with Amazon refresh token, keeping to Amazon's rate limit, retrying
// throttling and server errors, and caching each order for a while.
package spapi
