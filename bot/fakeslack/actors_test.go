package fakeslack_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

func TestSlashCommandResponseURL(t *testing.T) {
	srv, api := setup(t, fakeslack.Options{})
	ctx := ctxT(t)
	cmds := make(chan slack.SlashCommand, 2)
	startApp(t, srv, api, func(sm *socketmode.Client, evt socketmode.Event) bool {
		if cmd, ok := evt.Data.(slack.SlashCommand); ok {
			if !evt.Request.AcceptsResponsePayload {
				t.Error("slash command envelope must accept a response payload")
			}
			cmds <- cmd
		}
		return true
	})
	if _, err := srv.SlashCommand(ctx, "U1", "C1", "/buyerdesk", "oncall"); err != nil {
		t.Fatal(err)
	}
	cmd := <-cmds
	if cmd.Command != "/buyerdesk" || cmd.Text != "oncall" || cmd.UserID != "U1" || cmd.ChannelID != "C1" || cmd.TriggerID == "" || cmd.TeamID != "T0FAKE" {
		t.Errorf("command = %+v", cmd)
	}
	if _, _, err := api.PostMessageContext(ctx, "", slack.MsgOptionResponseURL(cmd.ResponseURL, slack.ResponseTypeEphemeral), slack.MsgOptionText("Berlin: anna until 18:00", false)); err != nil {
		t.Fatal(err)
	}
	if e := srv.Ephemerals("U1"); len(e) != 1 || e[0].Text != "Berlin: anna until 18:00" {
		t.Errorf("ephemerals = %+v", e)
	}
	if _, _, err := api.PostMessageContext(ctx, "", slack.MsgOptionResponseURL(cmd.ResponseURL, slack.ResponseTypeInChannel), slack.MsgOptionText("case handed over to @ben", false)); err != nil {
		t.Fatal(err)
	}
	if m := srv.Messages("C1"); len(m) != 1 || m[0].Text != "case handed over to @ben" || m[0].BotID != "BBOT" {
		t.Errorf("in_channel = %+v", m)
	}
	for i := 0; i < 3; i++ {
		_, _, _ = api.PostMessageContext(ctx, "", slack.MsgOptionResponseURL(cmd.ResponseURL, slack.ResponseTypeEphemeral), slack.MsgOptionText("again", false))
	}
	resp, err := http.Post(cmd.ResponseURL, "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		t.Error("a response_url must stop after five uses")
	}
}

func TestReplaceOriginalViaResponseURL(t *testing.T) {
	srv, api := setup(t, fakeslack.Options{})
	ctx := ctxT(t)
	urls := make(chan string, 1)
	startApp(t, srv, api, func(sm *socketmode.Client, evt socketmode.Event) bool {
		if cb, ok := evt.Data.(slack.InteractionCallback); ok {
			urls <- cb.ResponseURL
		}
		return true
	})
	_, ts, _ := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("approve?", false), cardWithReply())
	if _, err := srv.ClickButton(ctx, "U2", "C1", ts, "reply", ""); err != nil {
		t.Fatal(err)
	}
	if _, _, err := api.PostMessageContext(ctx, "", slack.MsgOptionReplaceOriginal(<-urls), slack.MsgOptionText("sent by anna", false)); err != nil {
		t.Fatal(err)
	}
	m, _ := srv.Message("C1", ts)
	if m.Text != "sent by anna" || !m.Edited || len(m.Blocks) != 0 {
		t.Errorf("original = %+v", m)
	}
}

func TestPostAsUserDeliversMessageEvent(t *testing.T) {
	srv, api := setup(t, fakeslack.Options{EchoBotMessages: true})
	ctx := ctxT(t)
	msgs := make(chan *slackevents.MessageEvent, 4)
	startApp(t, srv, api, func(sm *socketmode.Client, evt socketmode.Event) bool {
		if ea, ok := evt.Data.(slackevents.EventsAPIEvent); ok {
			if m, ok := ea.InnerEvent.Data.(*slackevents.MessageEvent); ok {
				msgs <- m
			}
		}
		return true
	})
	_, parent, _ := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("card", false))
	if echo := <-msgs; echo.BotID != "BBOT" || echo.TimeStamp != parent {
		t.Errorf("bot echo = %+v", echo)
	}
	m, _, err := srv.PostAsUser(ctx, "U1", "C1", parent, "I'll take it")
	if err != nil {
		t.Fatal(err)
	}
	ev := <-msgs
	if ev.User != "U1" || ev.Text != "I'll take it" || ev.ThreadTimeStamp != parent || ev.TimeStamp != m.TS || ev.Channel != "C1" {
		t.Errorf("message event = %+v", ev)
	}
	if p, _ := srv.Message("C1", parent); p.ReplyCount != 1 {
		t.Errorf("reply count = %d", p.ReplyCount)
	}
}

func TestActorsWithoutAppTimeOut(t *testing.T) {
	srv, api := setup(t, fakeslack.Options{ActTimeout: 30_000_000}) // 30 ms
	_, ts, _ := api.PostMessageContext(ctxT(t), "C1", slack.MsgOptionText("card", false))
	if _, err := srv.React(context.Background(), "U1", "C1", ts, "eyes"); err == nil {
		t.Fatal("no app connected: the ack wait must time out")
	}
	if m, _ := srv.Message("C1", ts); len(m.Reactions) != 1 {
		t.Errorf("the reaction is still recorded: %+v", m.Reactions)
	}
}
