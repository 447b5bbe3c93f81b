// Package demo serves the demo's web page: the fake Slack as a user sees it, acted on as a chosen agent, beside the outbox of sent mails.
package demo
