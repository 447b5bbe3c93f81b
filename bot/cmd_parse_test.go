package bot

import (
	"strings"
	"testing"
	"time"
)

func TestCmdParseSpan(t *testing.T) {
	tests := []struct {
		in   string
		want cmdSpan
		bad  bool
	}{
		{"", cmdSpan{}, false},
		{"for 4h", cmdSpan{dur: 4 * time.Hour}, false},
		{"for 2d", cmdSpan{dur: 48 * time.Hour}, false},
		{"for 1h30m", cmdSpan{dur: 90 * time.Minute}, false},
		{"for 90 minutes", cmdSpan{dur: 90 * time.Minute}, false},
		{"for 1 week", cmdSpan{dur: 7 * 24 * time.Hour}, false},
		{"FOR 3 Hours", cmdSpan{dur: 3 * time.Hour}, false},
		{"until 18:00", cmdSpan{clock: 18 * 60, until: true}, false},
		{"until 9", cmdSpan{clock: 9 * 60, until: true}, false},
		{"until 6:30pm", cmdSpan{clock: 18*60 + 30, until: true}, false},
		{"until 12am", cmdSpan{clock: 0, until: true}, false},
		{"till 7.15", cmdSpan{clock: 7*60 + 15, until: true}, false},
		{"for", cmdSpan{}, true},
		{"for 4x", cmdSpan{}, true},
		{"for 4h and cake", cmdSpan{}, true},
		{"for 0h", cmdSpan{}, true},
		{"for 90d", cmdSpan{}, true},
		{"until 25:00", cmdSpan{}, true},
		{"until 13pm", cmdSpan{}, true},
		{"until 18:75", cmdSpan{}, true},
		{"tomorrow", cmdSpan{}, true},
	}
	for _, tt := range tests {
		got, err := cmdParseSpan(strings.Fields(tt.in))
		if (err != nil) != tt.bad || got != tt.want {
			t.Errorf("cmdParseSpan(%q) = %+v, %v; want %+v, error %v", tt.in, got, err, tt.want, tt.bad)
		}
	}
}

func TestMention(t *testing.T) {
	for id, want := range map[string]string{
		"UANA": "<@UANA>", "W0ENT": "<@W0ENT>", "SAGENTS": "<!subteam^SAGENTS>", "CSUPPORT": "<#CSUPPORT>", "": "nobody (no fallback configured)",
	} {
		if got := mention(id); got != want {
			t.Errorf("mention(%q) = %q, want %q", id, got, want)
		}
	}
}
