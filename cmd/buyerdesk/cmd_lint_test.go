package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func lintCmd(t *testing.T, stdin string, args ...string) (int, string) {
	t.Helper()
	var out, errw syncBuffer
	code := run(context.Background(), append([]string{"lint"}, args...), func(string) string { return "" },
		strings.NewReader(stdin), &out, &errw)
	return code, out.String()
}

func TestLintCommand(t *testing.T) {
	tests := []struct {
		name, text, lang string
		code             int
		verdict          string
		category         string
	}{
		{"compliant", "Ihre Bestellung 302-1234567-1234567 wurde am 20.10.2026 mit DHL versandt. Sendungsnummer: 00340434161234567890.", "de", exitOK, "ok", ""},
		{"external link", "Details finden Sie auf www.mein-shop.de.", "de", exitFail, "block", "external_link"},
		{"review request", "If you are happy, please leave us a five-star review!", "en", exitFail, "block", "review_request"},
		{"emoji", "Thanks for your patience 😊", "en", exitFail, "block", "emoji"},
		{"trigger word only", "Thank you for your feedback about the cable.", "en", exitOK, "warn", "trigger_word"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out := lintCmd(t, tt.text, "--lang", tt.lang, "--json", "-")
			if code != tt.code {
				t.Fatalf("exit %d, want %d\n%s", code, tt.code, out)
			}
			var res struct {
				Verdict  string `json:"verdict"`
				Findings []struct {
					Rule, Category, Severity, Excerpt, Message, Suggestion string
					Start, End                                             int
				} `json:"findings"`
			}
			if err := json.Unmarshal([]byte(out), &res); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, out)
			}
			if res.Verdict != tt.verdict {
				t.Fatalf("verdict %q, want %q: %s", res.Verdict, tt.verdict, out)
			}
			if tt.category == "" {
				if len(res.Findings) != 0 {
					t.Fatalf("findings on a compliant text: %s", out)
				}
				return
			}
			found := false
			for _, f := range res.Findings {
				found = found || f.Category == tt.category
				if tt.text[f.Start:f.End] != f.Excerpt {
					t.Errorf("excerpt %q does not match span %d-%d", f.Excerpt, f.Start, f.End)
				}
			}
			if !found {
				t.Errorf("no %s finding: %s", tt.category, out)
			}
		})
	}
	if code, _ := lintCmd(t, "x", "--lang", "fr"); code != exitUsage {
		t.Errorf("bad --lang: exit %d, want 2", code)
	}
	if code, _ := lintCmd(t, "", "/nonexistent/reply.txt"); code != exitUsage {
		t.Errorf("missing file: exit %d, want 2", code)
	}
	if code, out := lintCmd(t, "Bitte hinterlassen Sie eine Bewertung.", "--lang", "de"); code != exitFail || !strings.Contains(out, "verdict: block") {
		t.Errorf("text output: exit %d\n%s", code, out)
	}
}
