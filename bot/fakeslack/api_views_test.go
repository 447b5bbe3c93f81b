package fakeslack_test

import (
	"errors"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

func replyModal(title string) slack.ModalViewRequest {
	return slack.ModalViewRequest{
		Type:       slack.VTModal,
		Title:      slack.NewTextBlockObject("plain_text", title, false, false),
		Submit:     slack.NewTextBlockObject("plain_text", "Submit", false, false),
		CallbackID: "reply",
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewInputBlock("draft", slack.NewTextBlockObject("plain_text", "Reply", false, false), nil,
				slack.NewPlainTextInputBlockElement(nil, "text")),
		}},
	}
}

func cardWithReply() slack.MsgOption {
	return slack.MsgOptionBlocks(
		slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", "case", false, false), nil, nil),
		slack.NewActionBlock("case_actions",
			slack.NewButtonBlockElement("reply", "case-1", slack.NewTextBlockObject("plain_text", "Reply", false, false)),
			slack.NewOptionsSelectBlockElement("static_select", nil, "template",
				slack.NewOptionBlockObject("shipped", slack.NewTextBlockObject("plain_text", "Order shipped", false, false), nil),
				slack.NewOptionBlockObject("delay", slack.NewTextBlockObject("plain_text", "Delivery delay", false, false), nil))),
	)
}

// TestClickOpensModalAndSubmit is the Reply flow: a button click gives a
// trigger_id, the app opens a modal with it, the agent submits, the app
// answers errors first and then clears.
func TestClickOpensModalAndSubmit(t *testing.T) {
	srv, api := setup(t, fakeslack.Options{})
	ctx := ctxT(t)
	opened := make(chan string, 1)
	var submissions []slack.InteractionCallback
	startApp(t, srv, api, func(sm *socketmode.Client, evt socketmode.Event) bool {
		cb, ok := evt.Data.(slack.InteractionCallback)
		if !ok {
			return true
		}
		switch cb.Type {
		case slack.InteractionTypeBlockActions:
			v, err := api.OpenViewContext(ctx, cb.TriggerID, replyModal("Reply to buyer"))
			if err != nil {
				t.Errorf("views.open: %v", err)
				return true
			}
			opened <- v.ID
		case slack.InteractionTypeViewSubmission:
			if !evt.Request.AcceptsResponsePayload {
				t.Error("view_submission must accept a response payload")
			}
			submissions = append(submissions, cb)
			text := cb.View.State.Values["draft"]["text"].Value
			if text == "see www.shop.example" {
				_ = sm.Ack(*evt.Request, slack.NewErrorsViewSubmissionResponse(map[string]string{"draft": "external link"}))
			} else {
				_ = sm.Ack(*evt.Request, slack.NewClearViewSubmissionResponse())
			}
			return false
		}
		return true
	})
	_, ts, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("case", false), cardWithReply())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.ClickButton(ctx, "U1", "C1", ts, "reply", ""); err != nil {
		t.Fatal(err)
	}
	viewID := <-opened
	if open := srv.OpenViews("U1"); len(open) != 1 || open[0].ID != viewID || open[0].CallbackID != "reply" {
		t.Fatalf("open views = %+v", open)
	}

	ack, err := srv.SubmitView(ctx, "U1", viewID, map[string]map[string]fakeslack.Value{"draft": {"text": fakeslack.TextValue("see www.shop.example")}})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := srv.View(viewID); v.Closed || v.Errors["draft"] != "external link" || len(ack.Payload) == 0 {
		t.Errorf("after errors ack: %+v", v)
	}
	if _, err := srv.SubmitView(ctx, "U1", viewID, map[string]map[string]fakeslack.Value{"draft": {"text": fakeslack.TextValue("Your parcel left today.")}}); err != nil {
		t.Fatal(err)
	}
	if len(srv.OpenViews("U1")) != 0 {
		t.Errorf("clear must close the modal")
	}
	if len(submissions) != 2 || submissions[1].View.CallbackID != "reply" || submissions[1].User.ID != "U1" {
		t.Errorf("submissions = %+v", submissions)
	}
	if _, err := srv.SubmitView(ctx, "U1", viewID, nil); !errors.Is(err, fakeslack.ErrViewNotFound) {
		t.Errorf("submitting a closed view: %v", err)
	}
}

func TestBlockActionPayloads(t *testing.T) {
	srv, api := setup(t, fakeslack.Options{})
	ctx := ctxT(t)
	got := make(chan slack.InteractionCallback, 2)
	startApp(t, srv, api, func(sm *socketmode.Client, evt socketmode.Event) bool {
		if cb, ok := evt.Data.(slack.InteractionCallback); ok {
			if evt.Request.AcceptsResponsePayload {
				t.Error("block_actions must not accept a response payload")
			}
			got <- cb
		}
		return true
	})
	_, ts, _ := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("case", false), cardWithReply())
	if _, err := srv.ClickButton(ctx, "U2", "C1", ts, "reply", ""); err != nil {
		t.Fatal(err)
	}
	cb := <-got
	a := cb.ActionCallback.BlockActions
	if len(a) != 1 || a[0].ActionID != "reply" || a[0].BlockID != "case_actions" || a[0].Value != "case-1" || a[0].Type != "button" {
		t.Errorf("actions = %+v", a)
	}
	if cb.Container.MessageTs != ts || cb.Container.ChannelID != "C1" || cb.Channel.ID != "C1" || cb.Message.Timestamp != ts || cb.ResponseURL == "" || cb.TriggerID == "" || cb.User.ID != "U2" {
		t.Errorf("callback = %+v", cb)
	}
	if _, err := srv.SelectOption(ctx, "U2", "C1", ts, "template", "delay"); err != nil {
		t.Fatal(err)
	}
	cb = <-got
	if sel := cb.ActionCallback.BlockActions[0].SelectedOption; sel.Value != "delay" || sel.Text.Text != "Delivery delay" {
		t.Errorf("selected = %+v", sel)
	}
	for _, tc := range []struct {
		action, value string
		want          error
	}{
		{"nope", "", fakeslack.ErrActionNotFound},
		{"template", "missing", fakeslack.ErrOptionNotFound},
	} {
		if _, err := srv.SelectOption(ctx, "U2", "C1", ts, tc.action, tc.value); !errors.Is(err, tc.want) {
			t.Errorf("%s/%s: %v", tc.action, tc.value, err)
		}
	}
}

func TestTriggerRules(t *testing.T) {
	clk := newClock()
	srv, api := setup(t, fakeslack.Options{Now: clk.Now})
	ctx := ctxT(t)
	triggers := make(chan string, 4)
	startApp(t, srv, api, func(sm *socketmode.Client, evt socketmode.Event) bool {
		if cb, ok := evt.Data.(slack.InteractionCallback); ok {
			triggers <- cb.TriggerID
		}
		return true
	})
	_, ts, _ := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("case", false), cardWithReply())
	click := func() string {
		if _, err := srv.ClickButton(ctx, "U1", "C1", ts, "reply", ""); err != nil {
			t.Fatal(err)
		}
		return <-triggers
	}
	trig := click()
	if _, err := api.OpenViewContext(ctx, trig, replyModal("Reply")); err != nil {
		t.Fatal(err)
	}
	if _, err := api.OpenViewContext(ctx, trig, replyModal("Reply")); err == nil || err.Error() != "exchanged_trigger_id" {
		t.Errorf("reused trigger: %v", err)
	}
	trig = click()
	clk.Advance(3*time.Second + time.Millisecond)
	if _, err := api.OpenViewContext(ctx, trig, replyModal("Reply")); err == nil || err.Error() != "expired_trigger_id" {
		t.Errorf("expired trigger: %v", err)
	}
	if _, err := api.OpenViewContext(ctx, "made.up", replyModal("Reply")); err == nil || err.Error() != "invalid_trigger_id" {
		t.Errorf("unknown trigger: %v", err)
	}
}

func TestViewsUpdatePushPublish(t *testing.T) {
	srv, api := setup(t, fakeslack.Options{})
	ctx := ctxT(t)
	triggers := make(chan string, 4)
	startApp(t, srv, api, func(sm *socketmode.Client, evt socketmode.Event) bool {
		if cb, ok := evt.Data.(slack.InteractionCallback); ok {
			triggers <- cb.TriggerID
		}
		return true
	})
	_, ts, _ := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("case", false), cardWithReply())
	_, _ = srv.ClickButton(ctx, "U1", "C1", ts, "reply", "")
	m := replyModal("Reply")
	m.ExternalID = "case-1-draft"
	v, err := api.OpenViewContext(ctx, <-triggers, m)
	if err != nil {
		t.Fatal(err)
	}
	up, err := api.UpdateViewContext(ctx, replyModal("Reply (2)"), "", v.Hash, v.ID)
	if err != nil || up.ID != v.ID || up.Hash == v.Hash {
		t.Fatalf("update: %+v %v", up, err)
	}
	if _, err := api.UpdateViewContext(ctx, replyModal("Reply (3)"), "", v.Hash, v.ID); err == nil || err.Error() != "hash_conflict" {
		t.Errorf("stale hash: %v", err)
	}
	if _, err := api.UpdateViewContext(ctx, replyModal("Reply (3)"), "case-1-draft", "", ""); err != nil {
		t.Errorf("update by external id: %v", err)
	}
	if got, _ := srv.View(v.ID); got.Hash == up.Hash {
		t.Error("hash not renewed")
	}
	_, _ = srv.ClickButton(ctx, "U1", "C1", ts, "reply", "")
	pushed, err := api.PushViewContext(ctx, <-triggers, replyModal("Confirm"))
	if err != nil || pushed.RootViewID != v.ID || pushed.PreviousViewID != v.ID {
		t.Fatalf("push: %+v %v", pushed, err)
	}
	if len(srv.OpenViews("U1")) != 2 {
		t.Errorf("stack = %d", len(srv.OpenViews("U1")))
	}
	if _, err := srv.CloseView(ctx, "U1", pushed.ID); err != nil {
		t.Fatal(err)
	}
	if open := srv.OpenViews("U1"); len(open) != 1 || open[0].ID != v.ID {
		t.Errorf("after close: %+v", open)
	}

	home := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
		slack.NewHeaderBlock(slack.NewTextBlockObject("plain_text", "My queue", false, false)),
	}}}
	hv, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U2", View: home})
	if err != nil {
		t.Fatal(err)
	}
	hv2, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U2", View: home})
	if err != nil || hv2.ID != hv.ID {
		t.Errorf("republish keeps the home view: %v", err)
	}
	if h, ok := srv.Home("U2"); !ok || h.Type != "home" {
		t.Errorf("home = %+v", h)
	}
	if _, ok := srv.Home("U1"); ok {
		t.Error("U1 has no home yet")
	}
	if _, err := srv.OpenHome(ctx, "U2"); err != nil {
		t.Errorf("app_home_opened: %v", err)
	}
}
