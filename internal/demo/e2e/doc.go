// Package e2e drives the demo page in headless Chromium over the DevTools protocol; it holds only tests.
package e2e
