package config

import (
	"fmt"
	"os"
	"strings"
)

// Secret holds a credential read from the environment. Every way of printing
// it (fmt verbs, JSON, text, zerolog) shows "[redacted]"; Reveal returns the
// value for the one place that needs it.
type Secret struct {
	value string
}

const redacted = "[redacted]"

// NewSecret wraps a value, e.g. for tests and the demo.
func NewSecret(v string) Secret { return Secret{value: v} }

// Reveal returns the secret value.
func (s Secret) Reveal() string { return s.value }

// IsZero reports whether the secret is unset.
func (s Secret) IsZero() bool { return s.value == "" }

func (s Secret) String() string   { return redacted }
func (s Secret) GoString() string { return `config.Secret("` + redacted + `")` }

// Format makes every fmt verb, including %#v and %q, print the placeholder.
func (s Secret) Format(f fmt.State, verb rune) {
	switch verb {
	case 'q':
		fmt.Fprintf(f, "%q", redacted)
	default:
		_, _ = f.Write([]byte(redacted))
	}
}

// MarshalJSON implements json.Marshaler.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }

// MarshalText implements encoding.TextMarshaler (also used by YAML and zerolog).
func (s Secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// Environment variables that hold secrets. Each may also be given as
// NAME_FILE, naming a file that holds the secret.
const (
	EnvIMAPPassword     = "BUYERDESK_IMAP_PASSWORD"
	EnvSMTPPassword     = "BUYERDESK_SMTP_PASSWORD"
	EnvSlackBotToken    = "SLACK_BOT_TOKEN"
	EnvSlackAppToken    = "SLACK_APP_TOKEN"
	EnvSlackSigning     = "SLACK_SIGNING_SECRET"
	EnvLWAClientSecret  = "BUYERDESK_LWA_CLIENT_SECRET"
	EnvLWARefreshToken  = "BUYERDESK_LWA_REFRESH_TOKEN"
	fileSuffix          = "_FILE"
	secretsNotInTheFile = "secrets are not read from the configuration file; set the environment variable %s (or %s_FILE)"
)

// readSecret resolves NAME or NAME_FILE. A problem names the variable and,
// for the file form, the file.
func readSecret(env func(string) string, name string, ps *problems) Secret {
	direct, path := env(name), env(name+fileSuffix)
	switch {
	case direct != "" && path != "":
		ps.env("$"+name, "set either %s or %s%s, not both", name, name, fileSuffix)
		return Secret{}
	case path != "":
		data, err := os.ReadFile(path)
		if err != nil {
			ps.env("$"+name+fileSuffix, "read secret file %q: %v", path, err)
			return Secret{}
		}
		v := strings.TrimRight(string(data), "\r\n")
		if v == "" {
			ps.env("$"+name+fileSuffix, "secret file %q is empty", path)
		}
		return Secret{value: v}
	default:
		return Secret{value: direct}
	}
}
