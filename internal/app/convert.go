package app

import (
	"time"

	"github.com/buyerdesk/buyerdesk/internal/config"
	"github.com/buyerdesk/buyerdesk/sla"
)

// Windows turns the sla section into reply windows.
func Windows(c *config.Config) sla.Windows {
	w := sla.Windows{Default: c.SLA.Window, Marketplace: map[string]time.Duration{}}
	for mp, m := range c.SLA.Marketplaces {
		w.Marketplace[mp] = m.Window
	}
	for _, r := range c.SLA.Rules {
		w.Rules = append(w.Rules, sla.Rule{From: date(r.From), To: date(r.To), Window: r.Window,
			Marketplaces: r.Marketplaces})
	}
	return w
}

// Ladder turns the configured escalation steps into an sla.Ladder.
func Ladder(c *config.Config) sla.Ladder {
	l := make(sla.Ladder, len(c.SLA.Ladder))
	for i, s := range c.SLA.Ladder {
		targets := make([]string, len(s.Targets))
		for j, t := range s.Targets {
			targets[j] = string(t)
		}
		l[i] = sla.Step{Name: s.Name, Before: s.Before, Targets: targets, DM: s.DM, RespectOffHours: s.RespectOffHours}
	}
	return l
}

// Rota turns teams and fallback into an sla.Rota.
func Rota(c *config.Config) sla.Rota {
	r := sla.Rota{EscalationChannel: c.Slack.Escalation()}
	switch {
	case c.Fallback.User != "":
		r.Fallback = sla.Target{Kind: sla.User, ID: c.Fallback.User}
	case c.Fallback.Group != "":
		r.Fallback = sla.Target{Kind: sla.Group, ID: c.Fallback.Group}
	}
	for _, t := range c.Teams {
		st := sla.Team{Name: t.Name, Zone: t.Zone, Hours: week(t.Hours), Lead: t.Lead, Group: t.Group,
			Channel: t.Channel, Marketplaces: t.Marketplaces,
			Rotation: sla.Rotation{Kind: sla.RotationKind(t.Rotation.Kind), Start: date(t.Rotation.Start)}}
		if st.Channel == "" {
			st.Channel = c.Slack.Channels.Default
		}
		for _, h := range t.Holidays {
			st.Holidays = append(st.Holidays, date(h))
		}
		for _, m := range t.Members {
			sm := sla.Member{ID: m.ID, Zone: m.Zone}
			if m.Hours != nil {
				w := week(*m.Hours)
				sm.Hours = &w
			}
			st.Members = append(st.Members, sm)
		}
		r.Teams = append(r.Teams, st)
	}
	return r
}

func week(w config.Week) sla.Week {
	var out sla.Week
	for day, spans := range w {
		for _, s := range spans {
			out[day] = append(out[day], sla.Span{Start: int(s.Start), End: int(s.End)})
		}
	}
	return out
}

func date(d config.Date) sla.Date { return sla.Date{Year: d.Year, Month: d.Month, Day: d.Day} }
