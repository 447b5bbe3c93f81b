package bot

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"testing"

	"github.com/dlclark/regexp2"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

const (
	manifestPath   = "../manifest.yml"
	manifestSchema = "../../shared/slack/manifest.schema.1.0.0.json"
)

// manifestScopes maps each method of the Slack interface to the Web API
// method it calls and the bot scope that needs. A method added to the
// interface must be added here, and its scope to manifest.yml.
var manifestScopes = map[string]struct{ api, scope string }{
	"PostMessageContext":            {"chat.postMessage", "chat:write"},
	"UpdateMessageContext":          {"chat.update", "chat:write"},
	"PostEphemeralContext":          {"chat.postEphemeral", "chat:write"},
	"DeleteMessageContext":          {"chat.delete", "chat:write"},
	"GetPermalinkContext":           {"chat.getPermalink", ""},
	"OpenViewContext":               {"views.open", ""},
	"PushViewContext":               {"views.push", ""},
	"UpdateViewContext":             {"views.update", ""},
	"PublishViewContext":            {"views.publish", ""},
	"GetConversationHistoryContext": {"conversations.history", "channels:history"},
	"GetConversationRepliesContext": {"conversations.replies", "channels:history"},
	"GetConversationInfoContext":    {"conversations.info", "channels:read"},
	"JoinConversationContext":       {"conversations.join", "channels:join"},
	"OpenConversationContext":       {"conversations.open", "im:write"},
	"GetUserInfoContext":            {"users.info", "users:read"},
	"GetUsersContext":               {"users.list", "users:read"},
	"GetUserGroupMembersContext":    {"usergroups.users.list", "usergroups:read"},
	"GetUserGroupsContext":          {"usergroups.list", "usergroups:read"},
	"AddReactionContext":            {"reactions.add", "reactions:write"},
	"RemoveReactionContext":         {"reactions.remove", "reactions:write"},
	"AuthTestContext":               {"auth.test", ""},
}

// manifestEvents are the bot events the bot handles and the scope each needs.
var manifestEvents = map[string]string{
	"reaction_added":   "reactions:read",
	"reaction_removed": "reactions:read",
	"app_home_opened":  "",
	"message.channels": "channels:history",
}

// manifestJSON reads manifest.yml as the JSON document Slack validates.
func manifestJSON(t *testing.T) []byte {
	t.Helper()
	raw, err := os.ReadFile(manifestPath)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("manifest.yml: %v", err)
	}
	js, err := json.Marshal(doc)
	if err != nil {
		t.Fatalf("manifest.yml as JSON: %v", err)
	}
	return js
}

type manifestECMA regexp2.Regexp

func (re *manifestECMA) MatchString(s string) bool {
	ok, err := (*regexp2.Regexp)(re).MatchString(s)
	return err == nil && ok
}
func (re *manifestECMA) String() string { return (*regexp2.Regexp)(re).String() }

func TestManifestValidatesAgainstSlackSchema(t *testing.T) {
	raw, err := os.ReadFile(manifestSchema)
	if err != nil {
		t.Fatalf("manifest schema not found beside the checkout: %v", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	c.UseRegexpEngine(func(s string) (jsonschema.Regexp, error) {
		re, err := regexp2.Compile(s, regexp2.ECMAScript)
		if err != nil {
			return nil, err
		}
		return (*manifestECMA)(re), nil
	})
	if err := c.AddResource("manifest.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(manifestJSON(t)))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("manifest.yml does not validate:\n%v", err)
	}

	// The schema must be able to fail: a manifest without a name does not validate.
	var broken map[string]any
	if err := json.Unmarshal(manifestJSON(t), &broken); err != nil {
		t.Fatal(err)
	}
	delete(broken["display_information"].(map[string]any), "name")
	if err := sch.Validate(broken); err == nil {
		t.Error("schema accepted a manifest without display_information.name")
	}
}

// manifest is the part of manifest.yml the code depends on.
type manifest struct {
	Features struct {
		AppHome struct {
			HomeTab bool `json:"home_tab_enabled"`
		} `json:"app_home"`
		SlashCommands []struct {
			Command string `json:"command"`
		} `json:"slash_commands"`
	} `json:"features"`
	OAuth struct {
		Scopes struct {
			Bot []string `json:"bot"`
		} `json:"scopes"`
	} `json:"oauth_config"`
	Settings struct {
		Events struct {
			Bot []string `json:"bot_events"`
		} `json:"event_subscriptions"`
		Interactivity struct {
			Enabled bool `json:"is_enabled"`
		} `json:"interactivity"`
		SocketMode bool `json:"socket_mode_enabled"`
	} `json:"settings"`
}

func TestManifestMatchesCode(t *testing.T) {
	var m manifest
	if err := json.Unmarshal(manifestJSON(t), &m); err != nil {
		t.Fatal(err)
	}
	var cfg Config
	cfg.defaults()
	if len(m.Features.SlashCommands) != 1 || m.Features.SlashCommands[0].Command != cfg.Command {
		t.Errorf("slash commands = %+v, want exactly %s", m.Features.SlashCommands, cfg.Command)
	}
	if !m.Features.AppHome.HomeTab || !m.Settings.Interactivity.Enabled || !m.Settings.SocketMode {
		t.Errorf("App Home, interactivity and Socket Mode must be on: %+v", m)
	}

	need := map[string]bool{"commands": true} // the slash command
	var events []string
	for ev, scope := range manifestEvents {
		events = append(events, ev)
		if scope != "" {
			need[scope] = true
		}
	}
	api := reflect.TypeFor[Slack]()
	for i := range api.NumMethod() {
		name := api.Method(i).Name
		s, ok := manifestScopes[name]
		if !ok {
			t.Errorf("Slack.%s: unknown Web API method; add it and its scope to manifestScopes", name)
			continue
		}
		if s.scope != "" {
			need[s.scope] = true
		}
	}
	var want []string
	for s := range need {
		want = append(want, s)
	}
	slices.Sort(want)
	got := slices.Sorted(slices.Values(m.OAuth.Scopes.Bot))
	if !slices.Equal(got, want) {
		t.Errorf("manifest bot scopes = %v\nthe code needs exactly %v", got, want)
	}
	slices.Sort(events)
	if gotEv := slices.Sorted(slices.Values(m.Settings.Events.Bot)); !slices.Equal(gotEv, events) {
		t.Errorf("manifest bot events = %v, the bot handles %v", gotEv, events)
	}
}
