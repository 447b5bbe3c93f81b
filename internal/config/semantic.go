package config

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// semantic checks what single values cannot show: relations between keys.
func (c *Config) semantic(ps *problems) {
	c.checkMail(ps)
	c.checkSlack(ps)
	c.checkLadder(ps)
	c.checkRules(ps)
	c.checkTeams(ps)
	c.checkTriggers(ps)
}

func (c *Config) checkMail(ps *problems) {
	names := map[string]bool{}
	for i, m := range c.Mailboxes {
		p := fmt.Sprintf("mailboxes[%d]", i)
		if m.Name != "" && names[m.Name] {
			ps.add(c.line(p+".name"), p+".name", "duplicate mailbox name %q", m.Name)
		}
		names[m.Name] = true
		if m.TLS == TLSNone && m.Host != "" && !isLoopback(m.Host) {
			ps.add(c.line(p+".tls"), p+".tls", "tls: none sends the password in plain text; it is allowed only to a loopback host, not %q", m.Host)
		}
	}
	if c.SMTP.Host == "" {
		return
	}
	if c.SMTP.From == "" {
		ps.add(c.line("smtp.from"), "smtp.from", "is required when smtp.host is set (the sender address approved in Seller Central)")
	}
	if c.SMTP.TLS == TLSNone && !isLoopback(c.SMTP.Host) {
		ps.add(c.line("smtp.tls"), "smtp.tls", "tls: none sends replies in plain text; it is allowed only to a loopback host, not %q", c.SMTP.Host)
	}
}

func (c *Config) checkSlack(ps *problems) {
	s := &c.Slack
	if s.Mode == "http" && s.Listen == "" {
		ps.add(c.line("slack.listen"), "slack.listen", "is required in http mode (e.g. 127.0.0.1:3000)")
	}
	for _, k := range sortedMapKeys(s.Channels.Routes) {
		if !marketplaceRe.MatchString(k) && !c.hasMailbox(k) {
			p := "slack.channels.routes[" + k + "]"
			ps.add(c.line(p), p, "%q is neither a marketplace like amazon.de nor the name of a mailbox", k)
		}
	}
}

func (c *Config) hasMailbox(name string) bool {
	for _, m := range c.Mailboxes {
		if m.Name == name {
			return true
		}
	}
	return false
}

func (c *Config) checkLadder(ps *problems) {
	names := map[string]bool{}
	for i, st := range c.SLA.Ladder {
		p := fmt.Sprintf("sla.ladder[%d]", i)
		if names[st.Name] && st.Name != "" {
			ps.add(c.line(p+".name"), p+".name", "duplicate step name %q", st.Name)
		}
		names[st.Name] = true
		if i > 0 && st.Before >= c.SLA.Ladder[i-1].Before {
			ps.add(c.line(p+".before"), p+".before", "steps must be ordered from earliest to latest: %s before the deadline is not later than the previous step's %s", st.Before, c.SLA.Ladder[i-1].Before)
		}
		for j, t := range st.Targets {
			if !t.Named() && !userIDRe.MatchString(string(t)) {
				tp := fmt.Sprintf("%s.targets[%d]", p, j)
				ps.add(c.line(tp), tp, "unknown target %q (use assignee, oncall, on_shift, lead, group, here, fallback, escalation_channel or a Slack user id)", t)
			}
		}
	}
}

func (c *Config) checkRules(ps *problems) {
	for i, r := range c.SLA.Rules {
		p := fmt.Sprintf("sla.rules[%d]", i)
		if !r.From.IsZero() && !r.To.IsZero() && r.To.Before(r.From) {
			ps.add(c.line(p+".to"), p+".to", "%s is before from (%s)", r.To, r.From)
		}
	}
}

func (c *Config) checkTeams(ps *problems) {
	names := map[string]bool{}
	for i := range c.Teams {
		t := &c.Teams[i]
		p := fmt.Sprintf("teams[%d]", i)
		key := strings.ToLower(t.Name)
		if t.Name != "" && names[key] {
			ps.add(c.line(p+".name"), p+".name", "duplicate team name %q", t.Name)
		}
		names[key] = true
		if len(t.Members) == 0 {
			ps.add(c.line(p+".members"), p+".members", "team %q has no members", t.Name)
		}
		ids := map[string]bool{}
		anyHours := !t.Hours.IsZero()
		for j, m := range t.Members {
			mp := fmt.Sprintf("%s.members[%d].id", p, j)
			if ids[m.ID] {
				ps.add(c.line(mp), mp, "%s is listed twice", m.ID)
			}
			ids[m.ID] = true
			anyHours = anyHours || (m.Hours != nil && !m.Hours.IsZero())
		}
		if !anyHours && len(t.Members) > 0 {
			ps.add(c.line(p+".hours"), p+".hours", "team %q has no working hours (neither the team nor a member sets any)", t.Name)
		}
		if (t.Rotation.Kind == "daily" || t.Rotation.Kind == "weekly") && t.Rotation.Start.IsZero() {
			ps.add(c.line(p+".rotation.start"), p+".rotation.start", "is required for a %s rotation", t.Rotation.Kind)
		}
		for j, d := range t.Digests {
			c.checkCronTime(ps, fmt.Sprintf("%s.digests[%d]", p, j), d)
		}
	}
	if len(c.Teams) > 0 && c.Fallback.IsZero() {
		line := c.line("fallback")
		if line == 0 {
			line = c.line("teams")
		}
		ps.add(line, "fallback", "a fallback user or group is required when teams are configured (it is on call when nobody is on shift)")
	}
	for i, d := range c.Digests.Times {
		c.checkCronTime(ps, fmt.Sprintf("digests.times[%d]", i), d)
	}
}

// checkCronTime keeps wall-clock jobs out of 02:00–03:00, which daylight
// saving time skips or repeats in many zones.
func (c *Config) checkCronTime(ps *problems, path string, t Clock) {
	if t >= 2*60 && t < 3*60 {
		ps.add(c.line(path), path, "%s falls in 02:00-03:00, which daylight saving time skips or repeats; pick another time", t)
	}
}

func (c *Config) checkTriggers(ps *problems) {
	for i := range c.Triggers {
		tr := &c.Triggers[i]
		p := fmt.Sprintf("triggers[%d]", i)
		if len(tr.Keywords) == 0 && tr.Pattern == "" {
			ps.add(c.line(p), p, "a trigger needs keywords or a pattern")
		}
		for j, k := range tr.Keywords {
			if strings.TrimSpace(k) == "" {
				kp := fmt.Sprintf("%s.keywords[%d]", p, j)
				ps.add(c.line(kp), kp, "empty keyword")
			}
		}
		if tr.Pattern != "" {
			re, err := regexp.Compile("(?i)" + tr.Pattern)
			if err != nil {
				ps.add(c.line(p+".pattern"), p+".pattern", "invalid regular expression: %v", unwrapRegexp(err))
			}
			tr.Regexp = re
		}
		if tr.Team != "" && !c.hasTeam(tr.Team) {
			ps.add(c.line(p+".team"), p+".team", "unknown team %q", tr.Team)
		}
	}
}

func unwrapRegexp(err error) string {
	return strings.TrimPrefix(err.Error(), "error parsing regexp: ")
}

func (c *Config) hasTeam(name string) bool {
	for _, t := range c.Teams {
		if strings.EqualFold(t.Name, name) {
			return true
		}
	}
	return false
}

// TeamByName returns the team with the given name (case-insensitive).
func (c *Config) TeamByName(name string) (*Team, bool) {
	for i := range c.Teams {
		if strings.EqualFold(c.Teams[i].Name, name) {
			return &c.Teams[i], true
		}
	}
	return nil, false
}

func sortedMapKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
