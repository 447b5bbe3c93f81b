package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckConfig(t *testing.T) {
	code, out, errOut := runCmd(t, nil, "check-config", "--config", "../../buyerdesk.example.yml")
	if code != exitOK || !strings.Contains(out, "configuration is valid") {
		t.Fatalf("example: exit %d\n%s%s", code, out, errOut)
	}
	dir := t.TempDir()
	bad := writeFile(t, dir, "bad.yml", "store:\n  path: x.db\nteams:\n  - name: Berlin\n    zone: Europe/Berln\n    members: [{id: U0ANNA0001}]\nsla:\n  window: twelve hours\n  colour: blue\n")
	code, _, errOut = runCmd(t, nil, "check-config", "--config", bad)
	if code != exitFail {
		t.Fatalf("bad config: exit %d, want 1", code)
	}
	for _, want := range []string{
		"bad.yml:5: teams[0].zone", "Europe/Berln",
		"bad.yml:8: sla.window",
		"bad.yml:9: sla.colour",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("problems do not name %q:\n%s", want, errOut)
		}
	}
	if code, _, errOut := runCmd(t, nil, "check-config", "--config", filepath.Join(dir, "missing.yml")); code != exitFail || !strings.Contains(errOut, "missing.yml") {
		t.Errorf("missing file: exit %d: %s", code, errOut)
	}
}
