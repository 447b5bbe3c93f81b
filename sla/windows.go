package sla

import "time"

// DefaultWindow is Amazon's reply window.
const DefaultWindow = 24 * time.Hour

// Windows says how long a buyer message may wait for a reply.
type Windows struct {
	// Default applies when nothing more specific does; zero means 24h.
	Default time.Duration
	// Marketplace overrides the default per marketplace ("amazon.de").
	Marketplace map[string]time.Duration
	// Rules are temporary windows over date ranges; the first rule that
	// matches wins over Marketplace and Default.
	Rules []Rule
}

// Rule is a window that applies to messages sent between two dates.
type Rule struct {
	From, To     Date           // inclusive
	Zone         *time.Location // the dates' zone; nil means UTC
	Window       time.Duration
	Marketplaces []string // empty means every marketplace
}

// Window returns the reply window of a message sent at sentAt to a
// marketplace. Its signature fits the store's window function.
func (w Windows) Window(marketplace string, sentAt time.Time) time.Duration {
	for _, r := range w.Rules {
		if r.matches(marketplace, sentAt) {
			return r.Window
		}
	}
	if d, ok := w.Marketplace[marketplace]; ok && d > 0 {
		return d
	}
	if w.Default > 0 {
		return w.Default
	}
	return DefaultWindow
}

// Deadline returns sentAt plus the window: elapsed time, 24/7, in UTC.
func (w Windows) Deadline(marketplace string, sentAt time.Time) time.Time {
	return sentAt.Add(w.Window(marketplace, sentAt)).UTC()
}

func (r Rule) matches(marketplace string, sentAt time.Time) bool {
	if r.Window <= 0 || !serves(r.Marketplaces, marketplace) {
		return false
	}
	loc := r.Zone
	if loc == nil {
		loc = time.UTC
	}
	d := DateOf(sentAt.In(loc))
	return d.Compare(r.From) >= 0 && d.Compare(r.To) <= 0
}

// serves reports whether a marketplace list (empty = all) includes mp; an
// empty mp matches any list.
func serves(list []string, mp string) bool {
	if len(list) == 0 || mp == "" {
		return true
	}
	for _, m := range list {
		if m == mp {
			return true
		}
	}
	return false
}

// Late reports whether a message received at received and answered at
// answered missed its window. For a message still waiting pass the current
// instant as answered: a message unanswered past its deadline is late too.
// Answering exactly at the deadline is on time.
func Late(received, answered time.Time, window time.Duration) bool {
	return answered.After(received.Add(window))
}
