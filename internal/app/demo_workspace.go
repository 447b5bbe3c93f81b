package app

import (
	"strconv"
	"strings"
	"time"

	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
	"github.com/buyerdesk/buyerdesk/internal/config"
	"github.com/buyerdesk/buyerdesk/internal/demo"
)

// config is the built-in configuration pointed at the stand-ins, with the
// fake Slack workspace populated to match it.
func (d *Demo) config(dbPath string) *config.Config {
	c := config.Default()
	c.Store.Path = dbPath
	host, port, _ := strings.Cut(d.IMAP.Addr(), ":")
	p, _ := strconv.Atoi(port)
	c.Mailboxes = []config.Mailbox{{Name: "demo", Host: host, Port: p, TLS: config.TLSNone, Username: d.IMAP.Username,
		Password: config.NewSecret(d.IMAP.Password), Folder: "INBOX", PollInterval: 5 * time.Second, IDLE: true, Backfill: 7 * 24 * time.Hour}}
	host, port, _ = strings.Cut(d.SMTP.Addr(), ":")
	p, _ = strconv.Atoi(port)
	c.SMTP = config.SMTP{Host: host, Port: p, TLS: config.TLSNone, From: "support@demo-shop.example", HELO: "localhost"}
	sp := d.SPAPI.Config()
	c.SPAPI.Enabled, c.SPAPI.Endpoint, c.SPAPI.TokenURL = true, d.SPAPI.URL(), d.SPAPI.TokenURL()
	c.SPAPI.ClientID, c.SPAPI.ClientSecret, c.SPAPI.RefreshToken = sp.ClientID, config.NewSecret(sp.ClientSecret), config.NewSecret(sp.RefreshToken)
	c.Slack.APIURL = d.Slack.APIURL()
	c.Slack.BotToken, c.Slack.AppToken = config.NewSecret("xoxb-demo"), config.NewSecret("xapp-demo")
	d.populateSlack(c)
	return c
}

// populateSlack creates the channels, people and user groups the
// configuration names.
func (d *Demo) populateSlack(c *config.Config) {
	names := map[string]string{c.Slack.Channels.Default: "amazon-buyers", c.Slack.Escalation(): "amazon-escalations"}
	for mp, ch := range c.Slack.Channels.Routes {
		names[ch] = "amazon-" + strings.TrimPrefix(strings.ReplaceAll(mp, ".", "-"), "amazon-")
	}
	var everyone []string
	for _, t := range c.Teams {
		names[t.Channel] = "team-" + strings.ToLower(strings.ReplaceAll(t.Name, " ", "-"))
		var members []string
		for _, m := range t.Members {
			_, zone := t.Shift(m)
			name := m.Name
			if name == "" {
				name = m.ID
			}
			d.Slack.AddUser(fakeslack.User{ID: m.ID, Name: strings.ToLower(name), RealName: name + " (" + t.Name + ")", TZ: zone.String()})
			members = append(members, m.ID)
		}
		if t.Group != "" {
			d.Slack.AddUserGroup(t.Group, strings.ToLower(strings.ReplaceAll(t.Name, " ", ""))+"-support", members)
		}
		everyone = append(everyone, members...)
	}
	for _, id := range c.Slack.Agents {
		d.Slack.AddUser(fakeslack.User{ID: id, Name: "head", RealName: "Head of support", TZ: "Europe/Berlin"})
	}
	if c.Slack.AgentGroup != "" {
		d.Slack.AddUserGroup(c.Slack.AgentGroup, "buyer-support", everyone)
	}
	for id, name := range names {
		if id != "" {
			d.Slack.AddChannel(id, name)
		}
	}
}

// demoAgents are the identities the visitor can act as: the first member
// of each team.
func demoAgents(c *config.Config) []demo.AgentIdentity {
	var out []demo.AgentIdentity
	for _, t := range c.Teams {
		for i, m := range t.Members {
			if i > 1 {
				break
			}
			out = append(out, demo.AgentIdentity{ID: m.ID, Name: m.Name + " (" + t.Name + ")"})
		}
	}
	return out
}
