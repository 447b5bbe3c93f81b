package config

import (
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// Load reads the configuration file at path and resolves secrets through
// env (os.Getenv in production). Problems come back together as *Errors.
func Load(path string, env func(string) string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return Parse(path, data, env)
}

var yamlLineRe = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Parse reads a configuration named name (used in problems) from data,
// starting from the defaults of docs/config.md, resolves secrets through env
// (nil means an empty environment) and validates the result.
func Parse(name string, data []byte, env func(string) string) (*Config, error) {
	if env == nil {
		env = func(string) string { return "" }
	}
	ps := &problems{file: name}
	c := base()
	c.file, c.pos = name, map[string]int{}

	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, msg := 0, err.Error()
		if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		ps.add(line, "", "invalid YAML: %s", msg)
		return nil, ps.err()
	}
	if len(doc.Content) > 0 {
		root := doc.Content[0]
		if root.Kind != yaml.MappingNode && !isNull(root) {
			ps.add(root.Line, "", "expected a mapping of sections at the top level, got %s", kindOf(root))
			return nil, ps.err()
		}
		d := &decoder{ps: ps, pos: c.pos}
		d.decode(root, reflect.ValueOf(c).Elem(), "")
	}
	c.complete()
	c.resolveSecrets(env, ps)
	c.validate(ps)
	if err := ps.err(); err != nil {
		return nil, err
	}
	return c, nil
}

// Check validates the configuration again without connecting anywhere: the
// value checks, the relations between keys and the needs of the secrets
// present. It returns nil or an *Errors.
func (c *Config) Check() error {
	ps := &problems{file: c.file}
	c.validate(ps)
	return ps.err()
}

func (c *Config) validate(ps *problems) {
	c.checkTags(ps, reflect.ValueOf(c).Elem(), "")
	c.semantic(ps)
	c.checkSecrets(ps)
}

// complete fills the defaults that depend on other keys.
func (c *Config) complete() {
	for i := range c.Mailboxes {
		if c.Mailboxes[i].Port == 0 {
			c.Mailboxes[i].Port = defaultPort(true, c.Mailboxes[i].TLS)
		}
	}
	if c.SMTP.Port == 0 {
		c.SMTP.Port = defaultPort(false, c.SMTP.TLS)
	}
	if c.SPAPI.Endpoint == "" {
		c.SPAPI.Endpoint = SPAPIEndpoints[c.SPAPI.Region]
	}
}

// resolveSecrets reads every secret from the environment.
func (c *Config) resolveSecrets(env func(string) string, ps *problems) {
	for i := range c.Mailboxes {
		if m := &c.Mailboxes[i]; envNameRe.MatchString(m.PasswordEnv) {
			m.Password = readSecret(env, m.PasswordEnv, ps)
		}
	}
	c.SMTP.Password = readSecret(env, EnvSMTPPassword, ps)
	c.Slack.BotToken = readSecret(env, EnvSlackBotToken, ps)
	c.Slack.AppToken = readSecret(env, EnvSlackAppToken, ps)
	c.Slack.SigningSecret = readSecret(env, EnvSlackSigning, ps)
	c.SPAPI.ClientSecret = readSecret(env, EnvLWAClientSecret, ps)
	c.SPAPI.RefreshToken = readSecret(env, EnvLWARefreshToken, ps)
	if !c.has("spapi.enabled") {
		c.SPAPI.Enabled = c.SPAPI.credentials()
	}
}

func (s *SPAPI) credentials() bool {
	return s.ClientID != "" && !s.ClientSecret.IsZero() && !s.RefreshToken.IsZero()
}

// checkSecrets reports features switched on without the secrets they need.
func (c *Config) checkSecrets(ps *problems) {
	if c.SPAPI.Enabled && !c.SPAPI.credentials() {
		ps.add(c.line("spapi.enabled"), "spapi.enabled", "SP-API needs spapi.client_id, %s and %s", EnvLWAClientSecret, EnvLWARefreshToken)
	}
	if !c.Slack.Enabled() {
		return
	}
	if c.Slack.Channels.Default == "" {
		ps.add(c.line("slack.channels.default"), "slack.channels.default", "is required when %s is set: cases without a route and breach notices go there", EnvSlackBotToken)
	}
	if c.Slack.Mode == "socket" && c.Slack.AppToken.IsZero() {
		ps.add(c.line("slack.mode"), "slack.mode", "socket mode needs %s (or %s_FILE)", EnvSlackAppToken, EnvSlackAppToken)
	}
	if c.Slack.Mode == "http" && c.Slack.SigningSecret.IsZero() {
		ps.add(c.line("slack.mode"), "slack.mode", "http mode needs %s (or %s_FILE)", EnvSlackSigning, EnvSlackSigning)
	}
}

// MissingSecrets lists the environment variables that configured features
// would use but that are unset: a mailbox password, the SMTP password when
// SMTP has a username, and the Slack bot token. check-config shows them as
// warnings; they are not errors, since a bare run works without them.
func (c *Config) MissingSecrets() []string {
	var out []string
	seen := map[string]bool{}
	add := func(name string) {
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	for _, m := range c.Mailboxes {
		if m.Password.IsZero() {
			add(m.PasswordEnv)
		}
	}
	if c.SMTP.Host != "" && c.SMTP.Username != "" && c.SMTP.Password.IsZero() {
		add(EnvSMTPPassword)
	}
	if !c.Slack.Enabled() {
		add(EnvSlackBotToken)
	}
	return out
}

// File is the name the configuration was parsed from.
func (c *Config) File() string { return c.file }
