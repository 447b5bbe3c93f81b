package fakeslack_test

import (
	"context"
	"fmt"
	"time"

	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
	"github.com/slack-go/slack"
)

func Example() {
	srv := fakeslack.New(fakeslack.Options{Now: func() time.Time { return time.Unix(1_700_000_000, 0) }})
	defer srv.Close()
	srv.AddChannel("C1", "buyer-de")

	api := slack.New("xoxb-demo", slack.OptionAPIURL(srv.APIURL()))
	_, ts, err := api.PostMessageContext(context.Background(), "C1", slack.MsgOptionText("New case 302-1234567-1234567", false))
	if err != nil {
		fmt.Println(err)
		return
	}
	m, _ := srv.Message("C1", ts)
	fmt.Println(m.TS, m.BotID, m.Text)
	// Output: 1700000000.000000 BBOT New case 302-1234567-1234567
}
