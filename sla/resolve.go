package sla

import (
	"slices"
	"time"

	"github.com/buyerdesk/buyerdesk"
)

// Resolve turns a step's target names into Slack targets through the rota
// at the instant the step fires, for the case's marketplace:
//   - assignee: the claimer if the case is claimed, else as oncall;
//   - oncall: the on-call primary, or the fallback when nobody is on shift;
//   - on_shift: everyone on shift in the on-call team, or the fallback;
//   - lead, group, here: the on-call team's lead, user group, and @here in
//     its channel (the team is the first serving the marketplace when the
//     fallback is on call); the fallback when the team has none;
//   - fallback; escalation_channel (else the team's channel, else the
//     fallback); literal Slack ids by prefix (see Literal).
//
// DM applies to users. With RespectOffHours, a team member who is not on
// shift at at is replaced by the on-call primary of their team, else by the
// fallback; people outside every team are kept, their hours are unknown.
// Targets are deduplicated in first-seen order.
func (r Rota) Resolve(step Step, c buyerdesk.Case, at time.Time) []Target {
	oc := r.OnCallFor(c.Marketplace, at)
	team := r.caseTeam(c.Marketplace, oc)
	fb := r.Fallback
	var out []Target
	add := func(t Target) {
		if t.Kind == User {
			t.DM = step.DM
			if step.RespectOffHours {
				t = r.onShiftStandIn(t, at)
			}
		} else {
			t.DM = false
		}
		if i := slices.IndexFunc(out, func(o Target) bool { return o.Kind == t.Kind && o.ID == t.ID }); i >= 0 {
			out[i].DM = out[i].DM || t.DM
			return
		}
		out = append(out, t)
	}
	person := func(id string) Target { return Target{Kind: User, ID: id} }
	oncall := func() {
		if oc.FallbackUsed {
			add(fb)
			return
		}
		add(person(oc.Primary))
	}
	orFallback := func(kind TargetKind, id string) {
		if id == "" {
			add(fb)
			return
		}
		add(Target{Kind: kind, ID: id})
	}
	var lead, group, channel string
	if team != nil {
		lead, group, channel = team.Lead, team.Group, team.Channel
	}
	for _, name := range step.Targets {
		switch name {
		case TargetAssignee:
			if c.Assignee != "" {
				add(person(c.Assignee))
			} else {
				oncall()
			}
		case TargetOnCall:
			oncall()
		case TargetOnShift:
			if oc.FallbackUsed {
				add(fb)
			}
			for _, id := range oc.OnShift {
				add(person(id))
			}
		case TargetLead:
			orFallback(User, lead)
		case TargetGroup:
			orFallback(Group, group)
		case TargetHere:
			orFallback(Here, channel)
		case TargetFallback:
			add(fb)
		case TargetEscalationChannel:
			orFallback(Channel, cmpOr(r.EscalationChannel, channel))
		default:
			add(Literal(name))
		}
	}
	return out
}

// caseTeam is the on-call team, else the first team serving marketplace.
func (r *Rota) caseTeam(marketplace string, oc OnCall) *Team {
	for i := range r.Teams {
		if t := &r.Teams[i]; !oc.FallbackUsed && t.Name == oc.Team {
			return t
		}
	}
	for i := range r.Teams {
		if t := &r.Teams[i]; serves(t.Marketplaces, marketplace) {
			return t
		}
	}
	return nil
}

// onShiftStandIn returns u if u is on shift at at or belongs to no team;
// else the on-call primary of u's first team, else the fallback.
func (r *Rota) onShiftStandIn(u Target, at time.Time) Target {
	var home *Team
	for i := range r.Teams {
		t := &r.Teams[i]
		for _, s := range r.slots(t, at) {
			if s.holder == u.ID {
				return u
			}
		}
		if home == nil && slices.ContainsFunc(t.Members, func(m Member) bool { return m.ID == u.ID }) {
			home = t
		}
	}
	if home == nil {
		return u
	}
	if o, ok := r.teamOnCall(home, at); ok {
		return Target{Kind: User, ID: o.Primary, DM: u.DM}
	}
	fb := r.Fallback
	fb.DM = u.DM && fb.Kind == User
	return fb
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
