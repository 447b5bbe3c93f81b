package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
)

// TestRendering checks mrkdwn and Block Kit as the page renders them, and
// that typed text stays text. No app is connected, so actions time out
// and the page says so.
func TestRendering(t *testing.T) {
	w := newWorld(t, fakeslack.Options{ActTimeout: 300 * time.Millisecond})
	p := w.page
	ts := w.post(t, slack.MsgOptionText(strings.Join([]string{
		"*bold* _italic_ ~strike~ `code` <@UANA> <#CSUPPORT|amazon-support> <!here>",
		"<https://sellercentral.amazon.de/x|Seller Central> <javascript:alert(1)|click me>",
		"<!date^1764000000^{date_num} {time}|2025-11-24 16:00 UTC> :eyes: :no_such_emoji:",
		"1 &lt; 2 &amp;&amp; 3 &gt; 2 <img src=x onerror=alert(1)>", // a link token to nowhere, as in Slack
		"&gt; quoted *line*",
		"```pre *not bold* <@UANA>```",
	}, "\n"), false))
	options := []*slack.OptionBlockObject{
		slack.NewOptionBlockObject("de", plainText("German"), nil),
		slack.NewOptionBlockObject("en", plainText("English"), nil),
	}
	blocksTS := w.post(t, slack.MsgOptionText("blocks", false), slack.MsgOptionBlocks(
		slack.NewHeaderBlock(plainText("Daily digest :bell:")),
		slack.NewDividerBlock(),
		slack.NewSectionBlock(md("Language"), nil, slack.NewAccessory(
			slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plainText("Pick one"), "lang", options...))),
		slack.NewActionBlock("a", button("discard", "Discard", slack.StyleDanger)),
	))

	p.Goto(w.url)
	p.WaitFor(message(ts))
	var got struct {
		Bold, Italic, Strike, Code, Pre, Quote, Time, TimeTitle, Text string
		Mentions, Links, Hrefs, Emoji                                 []string
		Images, Scripts                                               int
	}
	p.Eval(`(() => {
		const m = document.querySelector(`+js(message(ts))+`);
		const all = (s, f) => [...m.querySelectorAll(s)].map(f);
		return {
			Bold: m.querySelector(".b-text > b").innerText, Italic: m.querySelector("i").innerText,
			Strike: m.querySelector("s").innerText, Code: m.querySelector("code").innerText,
			Pre: m.querySelector("pre").innerText, Quote: m.querySelector("blockquote").innerHTML,
			Time: m.querySelector("time").dateTime, TimeTitle: m.querySelector("time").title,
			Text: m.querySelector(".b-text").innerText,
			Mentions: all(".mention", (e) => e.innerText), Links: all("a", (e) => e.innerText),
			Hrefs: all("a", (e) => e.href), Emoji: all(".emoji", (e) => e.innerText),
			Images: m.querySelectorAll("img").length, Scripts: document.querySelectorAll("body script").length,
		};
	})()`, &got)
	checks := []struct{ what, got, want string }{
		{"bold", got.Bold, "bold"}, {"italic", got.Italic, "italic"}, {"strike", got.Strike, "strike"},
		{"code", got.Code, "code"}, {"pre", got.Pre, "pre *not bold* @Ana Agent"},
		{"quote", got.Quote, "quoted <b>line</b>"},
		{"date", got.Time, "2025-11-24T16:00:00.000Z"}, {"date fallback", got.TimeTitle, "2025-11-24 16:00 UTC"},
		{"mentions", strings.Join(got.Mentions, ","), "@Ana Agent,#amazon-support,@here"},
		{"links", strings.Join(got.Links, ","), "Seller Central"},
		{"hrefs", strings.Join(got.Hrefs, ","), "https://sellercentral.amazon.de/x"},
		{"emoji", strings.Join(got.Emoji, ","), "👀"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %q, want %q", c.what, c.got, c.want)
		}
	}
	for _, want := range []string{"click me", ":no_such_emoji:", "1 < 2 && 3 > 2 img src=x onerror=alert(1)"} {
		if !strings.Contains(got.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, got.Text)
		}
	}
	if got.Images != 0 || got.Scripts != 0 {
		t.Errorf("%d images and %d scripts injected", got.Images, got.Scripts)
	}

	// Block Kit: header with emoji, divider, accessory select, danger button.
	blk := message(blocksTS)
	p.WaitForText(blk+" .b-header", "Daily digest 🔔")
	p.WaitFor(blk + " hr.b-divider")
	p.WaitFor(blk + " " + tid("button-discard") + ".danger")
	p.Select(blk+" "+tid("select-lang"), "en")
	p.WaitForText(tid("toast"), "select failed: the app did not answer")

	// Typed text is escaped like Slack's client does, so it stays text.
	p.Type(tid("composer"), "1 < 2 <b>not bold</b> & <@UBEN>")
	p.Click(tid("composer-send"))
	p.WaitForText(tid("message"), "1 < 2 <b>not bold</b> & <@UBEN>")
	if msgs := w.slack.Messages(chanSupport); msgs[len(msgs)-1].Text != "1 &lt; 2 &lt;b&gt;not bold&lt;/b&gt; &amp; &lt;@UBEN&gt;" {
		t.Errorf("the fake received %q", msgs[len(msgs)-1].Text)
	}
	p.WaitForText(tid("toast"), "post failed: the app did not answer")
	p.Screenshot("rendering")
}
