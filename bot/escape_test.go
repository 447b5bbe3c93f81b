package bot

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<!channel> help", "&lt;!channel&gt; help"},
		{"<!here>", "&lt;!here&gt;"},
		{"hi <@U123>", "hi &lt;@U123&gt;"},
		{"<!subteam^S123|@support>", "&lt;!subteam^S123|@support&gt;"},
		{"<https://evil.example|Amazon>", "&lt;https://evil.example|Amazon&gt;"},
		{"Tom & Jerry", "Tom &amp; Jerry"},
		{"bell\a and nul\x00 and esc\x1b[31m", "bell and nul and esc[31m"},
		{"line1\nline2\ttab", "line1\nline2\ttab"},
		{"rtl\u202eoverride", "rtloverride"},
		{"Grüße, 注文", "Grüße, 注文"},
		{"bad \xff byte", "bad  byte"},
	}
	for _, tt := range tests {
		if got := escape(tt.in); got != tt.want {
			t.Errorf("escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestChunk(t *testing.T) {
	long := strings.Repeat("ä", 40000/2) + "&amp;" + strings.Repeat("word ", 2000)
	parts, truncated := chunk(long, 3000, 100)
	if truncated {
		t.Fatal("unexpected truncation")
	}
	if strings.Join(parts, "") == "" {
		t.Fatal("no parts")
	}
	var total int
	for i, p := range parts {
		if len(p) > 3000 {
			t.Errorf("part %d has %d bytes", i, len(p))
		}
		if !utf8.ValidString(p) {
			t.Errorf("part %d splits a rune", i)
		}
		if strings.HasSuffix(p, "&am") || strings.HasSuffix(p, "&") {
			t.Errorf("part %d splits an entity: %q", i, p[len(p)-5:])
		}
		total += len(p)
	}
	if total < len(long)-len(parts)*2-2000 {
		t.Errorf("lost text: %d of %d bytes", total, len(long))
	}
	parts, truncated = chunk(strings.Repeat("x", 10000), 3000, 2)
	if !truncated || len(parts) != 2 {
		t.Fatalf("got %d parts truncated=%v, want 2 true", len(parts), truncated)
	}
}
