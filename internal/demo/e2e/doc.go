// Package e2e drives the demo page in headless Chromium over the DevTools protocol; it holds only tests.
//
// The helpers live in the test files: newPage starts Debian's Chromium
// (installed by TestMain with apt-get when missing and running as root)
// and returns a Page with Goto, Click, Type, Select, WaitFor, WaitGone,
// WaitForText, WaitForCount, Count, Text, Eval and Screenshot; selectors are
// CSS, tid("x") selects data-testid="x" and message(ts) one channel
// message. Screenshots go to $BUYERDESK_ARTIFACTS (default a temporary
// directory). newWorld adds a fake Slack, an SMTP sink and the demo page;
// runStubApp answers over Socket Mode where buyerdesk's bot will.
// TestProductThroughThePage instead runs the real product (app.RunDemo,
// started by startDemo) and walks a case from mail to sent reply.
//
// Test ids on the page: nav-channel-<id>, nav-home, nav-outbox,
// outbox-count, agent-switcher, live, message / thread-parent / reply (with
// data-ts), thread-open, thread-reply, thread-panel, thread-close,
// thread-composer, thread-send, reaction-<name>, reaction-add,
// emoji-picker, emoji-<name>, button-<action_id>, select-<action_id>,
// ephemeral, ephemeral-dismiss, modal (data-view-id), modal-title,
// modal-submit, modal-close, modal-error (data-block), input-<action_id>,
// checkbox-<value>, app-home, outbox-mail, outbox-subject, outbox-to,
// outbox-body, composer, composer-send, toast.
package e2e
