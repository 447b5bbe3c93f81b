package config

import (
	"errors"
	"strings"
	"testing"
)

// team is a valid team block starting at line 1; cases append to it.
var team = []string{
	"fallback: {user: U0HEAD0001}",            // 1
	"teams:",                                  // 2
	"  - name: Berlin",                        // 3
	"    zone: Europe/Berlin",                 // 4
	"    hours: {mon-fri: [\"09:00-17:00\"]}", // 5
	"    members: [{id: U0BERLIN01}]",         // 6
}

func lines(ls ...string) string { return strings.Join(ls, "\n") + "\n" }

func withTeam(extra ...string) string {
	return lines(append(append([]string(nil), team...), extra...)...)
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string
	}{
		{"unknown top-level key", lines("store:", "  path: x.db", "stores: {}"),
			[]string{"buyerdesk.yml:3: stores: unknown key (known keys: store, log, mailboxes, smtp, spapi, slack, sla, teams, fallback, digests, handoff, coverage, templates, triggers)"}},
		{"unknown nested key", lines("slack:", "  chanels: {}"),
			[]string{"buyerdesk.yml:2: slack.chanels: unknown key (known keys: mode, api_url, listen, channels, escalation_channel, agents, agent_group, reactions, buyer_names, self_approval, draft_lease, workers)"}},
		{"secret in the file", lines("slack:", "  bot_token: xoxb-1"),
			[]string{"buyerdesk.yml:2: slack.bot_token: unknown key; secrets are never read from the file, set SLACK_BOT_TOKEN (or the _FILE variant) in the environment"}},
		{"duplicate key", lines("log:", "  level: info", "  level: debug"),
			[]string{"buyerdesk.yml:3: log.level: duplicate key"}},
		{"wrong type int", lines("slack:", "  workers: many"),
			[]string{`buyerdesk.yml:2: slack.workers: expected an integer, got the string "many"`}},
		{"wrong type bool", lines("slack:", "  self_approval: yes"),
			[]string{`buyerdesk.yml:2: slack.self_approval: expected true or false, got the string "yes"`}},
		{"wrong type mapping", lines("store: buyerdesk.db"),
			[]string{`buyerdesk.yml:1: store: expected a mapping, got the string "buyerdesk.db"`}},
		{"list for a string", lines("store:", "  path: [a, b]"),
			[]string{`buyerdesk.yml:2: store.path: expected a string, got a list`}},
		{"wrong type list", lines("slack:", "  agents: U0HEAD0001"),
			[]string{`buyerdesk.yml:2: slack.agents: expected a list, got the string "U0HEAD0001"`}},
		{"bool as string", lines("log:", "  level: true"),
			[]string{`buyerdesk.yml:2: log.level: expected a string, got the boolean true (quote it: "true")`}},
		{"bad duration", lines("sla:", "  window: 24 hours"),
			[]string{`buyerdesk.yml:2: sla.window: invalid duration "24 hours" (use e.g. 90m, 12h, 1h30m or 7d)`}},
		{"duration without unit", lines("sla:", "  window: 24"),
			[]string{`buyerdesk.yml:2: sla.window: duration 24 has no unit (use e.g. 24h or 24m)`}},
		{"negative duration", lines("slack:", "  draft_lease: -5m"),
			[]string{`buyerdesk.yml:2: slack.draft_lease: must not be negative, got -5m0s`}},
		{"zero duration", lines("handoff:", "  accept_within: 0s"),
			[]string{`buyerdesk.yml:2: handoff.accept_within: must be greater than zero`}},
		{"unknown time zone", withTeam("  - name: Sydney", "    zone: Europe/Berln", "    hours: {daily: [\"08:00-18:00\"]}", "    members: [{id: U0SYDNEY01}]"),
			[]string{`buyerdesk.yml:8: teams[1].zone: unknown time zone "Europe/Berln"`}},
		{"missing zone", withTeam("  - name: Sydney", "    hours: {daily: [\"08:00-18:00\"]}", "    members: [{id: U0SYDNEY01}]"),
			[]string{`buyerdesk.yml:7: teams[1].zone: is required`}},
		{"bad clock", withTeam("    digests: [\"9:00\"]"),
			[]string{`buyerdesk.yml:7: teams[0].digests[0]: clock time "9:00" is not HH:MM`}},
		{"clock 24:00 as a start", withTeam("    digests: [\"24:00\"]"),
			[]string{`buyerdesk.yml:7: teams[0].digests[0]: 24:00 is only allowed as the end of a range`}},
		{"clock out of range", lines("digests:", "  times: [\"09:60\"]"),
			[]string{`buyerdesk.yml:2: digests.times[0]: clock time "09:60" is not HH:MM between 00:00 and 24:00`}},
		{"digest in the DST hour", lines("digests:", "  times: [\"02:30\"]"),
			[]string{`buyerdesk.yml:2: digests.times[0]: 02:30 falls in 02:00-03:00, which daylight saving time skips or repeats; pick another time`}},
		{"bad range", withTeam("    rotation: {kind: all}", "  - name: Night", "    zone: UTC", "    hours:", "      mon: [\"22:00-22:00\", \"25:00-06:00\"]", "    members: [{id: U0NIGHT001}]"),
			[]string{
				`buyerdesk.yml:11: teams[1].hours.mon[0]: time range "22:00-22:00" is empty; use 00:00-24:00 for the whole day`,
				`buyerdesk.yml:11: teams[1].hours.mon[1]: clock time "25:00" is not HH:MM between 00:00 and 24:00`,
			}},
		{"bad weekday", withTeam("  - name: Night", "    zone: UTC", "    hours:", "      mondays: [\"22:00-06:00\"]", "    members: [{id: U0NIGHT001}]"),
			[]string{`buyerdesk.yml:10: teams[1].hours.mondays: unknown weekday "mondays" (use mon, tue, wed, thu, fri, sat, sun, a range like mon-fri, or daily)`}},
		{"weekday set twice", withTeam("  - name: Night", "    zone: UTC", "    hours:", "      mon-fri: [\"22:00-06:00\"]", "      fri: [\"20:00-24:00\"]", "    members: [{id: U0NIGHT001}]"),
			[]string{`buyerdesk.yml:11: teams[1].hours.fri: Friday is already set by another key`}},
		{"bad date", withTeam("    holidays: [2026-02-30]"),
			[]string{`buyerdesk.yml:7: teams[0].holidays[0]: date "2026-02-30" is not a valid YYYY-MM-DD date`}},
		{"bad user id", withTeam("    lead: anna"),
			[]string{`buyerdesk.yml:7: teams[0].lead: "anna" is not a Slack user id (U… or W…)`}},
		{"bad member id", lines(append(team[:5:5], "    members: [{id: C0BERLIN01}]")...),
			[]string{`buyerdesk.yml:6: teams[0].members[0].id: "C0BERLIN01" is not a Slack user id (U… or W…)`}},
		{"bad channel id", lines("slack:", "  channels:", "    default: \"#buyers\""),
			[]string{`buyerdesk.yml:3: slack.channels.default: "#buyers" is not a Slack channel id (C… or G…)`}},
		{"bad route channel", lines("slack:", "  channels:", "    routes:", "      amazon.de: U0BERLIN01"),
			[]string{`buyerdesk.yml:4: slack.channels.routes[amazon.de]: "U0BERLIN01" is not a Slack channel id (C… or G…)`}},
		{"bad route key", lines("slack:", "  channels:", "    routes:", "      amazon-de: C0BUYERSDE"),
			[]string{`buyerdesk.yml:4: slack.channels.routes[amazon-de]: "amazon-de" is neither a marketplace like amazon.de nor the name of a mailbox`}},
		{"bad group id", lines("slack:", "  agent_group: U0AGENTS01"),
			[]string{`buyerdesk.yml:2: slack.agent_group: "U0AGENTS01" is not a Slack user group id (S…)`}},
		{"bad e-mail", lines("smtp:", "  host: smtp.example.com", "  from: support(at)example.com"),
			[]string{`buyerdesk.yml:3: smtp.from: "support(at)example.com" is not an e-mail address`}},
		{"smtp without from", lines("smtp:", "  host: smtp.example.com"),
			[]string{`buyerdesk.yml:1: smtp.from: is required when smtp.host is set (the sender address approved in Seller Central)`}},
		{"bad tls mode", lines("mailboxes:", "  - name: eu", "    host: imap.example.com", "    username: u", "    tls: ssl"),
			[]string{`buyerdesk.yml:5: mailboxes[0].tls: "ssl" is not one of implicit, starttls, none`}},
		{"plaintext imap", lines("mailboxes:", "  - name: eu", "    host: imap.example.com", "    username: u", "    tls: none"),
			[]string{`buyerdesk.yml:5: mailboxes[0].tls: tls: none sends the password in plain text; it is allowed only to a loopback host, not "imap.example.com"`}},
		{"plaintext smtp", lines("smtp:", "  host: 10.0.0.5", "  tls: none", "  from: a@example.com"),
			[]string{`buyerdesk.yml:3: smtp.tls: tls: none sends replies in plain text; it is allowed only to a loopback host, not "10.0.0.5"`}},
		{"mailbox without host", lines("mailboxes:", "  - name: eu", "    username: u"),
			[]string{`buyerdesk.yml:2: mailboxes[0].host: is required`}},
		{"duplicate mailbox", lines("mailboxes:", "  - {name: eu, host: localhost, username: u}", "  - {name: eu, host: localhost, username: v}"),
			[]string{`buyerdesk.yml:3: mailboxes[1].name: duplicate mailbox name "eu"`}},
		{"bad port", lines("smtp:", "  port: 70000"),
			[]string{`buyerdesk.yml:2: smtp.port: port 70000 is not between 1 and 65535`}},
		{"bad url", lines("slack:", "  api_url: slack.com/api"),
			[]string{`buyerdesk.yml:2: slack.api_url: "slack.com/api" is not an http(s) URL`}},
		{"bad region", lines("spapi:", "  region: us"),
			[]string{`buyerdesk.yml:2: spapi.region: "us" is not one of na, eu, fe`}},
		{"spapi enabled without credentials", lines("spapi:", "  enabled: true"),
			[]string{`buyerdesk.yml:2: spapi.enabled: SP-API needs spapi.client_id, BUYERDESK_LWA_CLIENT_SECRET and BUYERDESK_LWA_REFRESH_TOKEN`}},
		{"http mode without listen", lines("slack:", "  mode: http"),
			[]string{`buyerdesk.yml:1: slack.listen: is required in http mode (e.g. 127.0.0.1:3000)`}},
		{"bad listen", lines("slack:", "  mode: http", "  listen: localhost"),
			[]string{`buyerdesk.yml:3: slack.listen: "localhost" is not host:port (e.g. 127.0.0.1:3000)`}},
		{"bad reaction", lines("slack:", "  reactions:", "    claim: \":eyes:\""),
			[]string{`buyerdesk.yml:3: slack.reactions.claim: ":eyes:" is not an emoji name (write it without colons, e.g. eyes)`}},
		{"bad marketplace key", lines("sla:", "  marketplaces:", "    amazon.germany: {window: 12h}"),
			[]string{`buyerdesk.yml:3: sla.marketplaces[amazon.germany]: "amazon.germany" is not an Amazon marketplace domain like amazon.de or amazon.co.uk`}},
		{"rule dates reversed", lines("sla:", "  rules:", "    - from: 2026-12-27", "      to: 2026-12-20", "      window: 12h"),
			[]string{`buyerdesk.yml:4: sla.rules[0].to: 2026-12-20 is before from (2026-12-27)`}},
		{"ladder not ordered", lines("sla:", "  ladder:", "    - {name: a, before: 4h, targets: [oncall]}", "    - {name: b, before: 12h, targets: [lead]}"),
			[]string{`buyerdesk.yml:4: sla.ladder[1].before: steps must be ordered from earliest to latest: 12h0m0s before the deadline is not later than the previous step's 4h0m0s`}},
		{"ladder unknown target", lines("sla:", "  ladder:", "    - name: a", "      before: 1h", "      targets: [oncall, everyone]"),
			[]string{`buyerdesk.yml:5: sla.ladder[0].targets[1]: unknown target "everyone" (use assignee, oncall, on_shift, lead, group, here, fallback, escalation_channel or a Slack user id)`}},
		{"ladder negative before", lines("sla:", "  ladder:", "    - {name: a, before: -1h, targets: [oncall]}"),
			[]string{`buyerdesk.yml:3: sla.ladder[0].before: must not be negative, got -1h0m0s`}},
		{"ladder step without name", lines("sla:", "  ladder:", "    - {before: 1h, targets: [oncall]}"),
			[]string{`buyerdesk.yml:3: sla.ladder[0].name: is required`}},
		{"duplicate team", withTeam("  - name: berlin", "    zone: Europe/Berlin", "    hours: {daily: [\"08:00-18:00\"]}", "    members: [{id: U0BERLIN02}]"),
			[]string{`buyerdesk.yml:7: teams[1].name: duplicate team name "berlin"`}},
		{"team without members", withTeam("  - name: Sydney", "    zone: Australia/Sydney", "    hours: {daily: [\"08:00-18:00\"]}"),
			[]string{`buyerdesk.yml:7: teams[1].members: team "Sydney" has no members`}},
		{"team without hours", withTeam("  - name: Sydney", "    zone: Australia/Sydney", "    members: [{id: U0SYDNEY01}]"),
			[]string{`buyerdesk.yml:7: teams[1].hours: team "Sydney" has no working hours (neither the team nor a member sets any)`}},
		{"rotation without start", withTeam("    rotation: {kind: weekly}"),
			[]string{`buyerdesk.yml:7: teams[0].rotation.start: is required for a weekly rotation`}},
		{"missing fallback", lines(team[1:]...),
			[]string{`buyerdesk.yml:1: fallback: a fallback user or group is required when teams are configured (it is on call when nobody is on shift)`}},
		{"bad trigger pattern", lines("triggers:", "  - category: shipping", "    pattern: 'where (is'"),
			[]string{"buyerdesk.yml:3: triggers[0].pattern: invalid regular expression: missing closing ): `(?i)where (is`"}},
		{"trigger without match", lines("triggers:", "  - category: shipping"),
			[]string{`buyerdesk.yml:2: triggers[0]: a trigger needs keywords or a pattern`}},
		{"trigger unknown team", lines("triggers:", "  - {category: quality, keywords: [damaged], team: Quality}"),
			[]string{`buyerdesk.yml:2: triggers[0].team: unknown team "Quality"`}},
		{"bad language", lines("triggers:", "  - {category: quality, keywords: [damaged], lang: english}"),
			[]string{`buyerdesk.yml:2: triggers[0].lang: "english" is not a two-letter ISO 639-1 language code`}},
		{"yaml syntax", lines("store:", "  path: a: b"),
			[]string{"buyerdesk.yml:2: invalid YAML: mapping values are not allowed in this context"}},
		{"top level list", lines("- store"),
			[]string{"buyerdesk.yml:1: expected a mapping of sections at the top level, got a list"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("buyerdesk.yml", []byte(tt.yaml), nil)
			assertProblems(t, err, tt.want)
		})
	}
}

func assertProblems(t *testing.T, err error, want []string) {
	t.Helper()
	var errs *Errors
	if !errors.As(err, &errs) {
		t.Fatalf("Parse error = %v, want *Errors with %q", err, want)
	}
	got := make([]string, len(errs.Problems))
	for i, p := range errs.Problems {
		got[i] = p.String()
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if err.Error() != strings.Join(want, "\n") {
		t.Errorf("Error() = %q, want one problem a line", err.Error())
	}
}

func TestParseCollectsAllProblems(t *testing.T) {
	src := lines(
		"log:",
		"  level: loud", // 2
		"slack:",
		"  workers: -1", // 4
		"sla:",
		"  window: 1 day", // 6
		"teams:",
		"  - name: X",
		"    zone: Mars/Olympus", // 9
	)
	_, err := Parse("b.yml", []byte(src), nil)
	assertProblems(t, err, []string{
		`b.yml:2: log.level: "loud" is not one of trace, debug, info, warn, error`,
		`b.yml:4: slack.workers: must not be negative, got -1`,
		`b.yml:6: sla.window: invalid duration "1 day" (use e.g. 90m, 12h, 1h30m or 7d)`,
		`b.yml:7: fallback: a fallback user or group is required when teams are configured (it is on call when nobody is on shift)`,
		`b.yml:8: teams[0].members: team "X" has no members`,
		`b.yml:9: teams[0].zone: unknown time zone "Mars/Olympus"`,
	})
}
