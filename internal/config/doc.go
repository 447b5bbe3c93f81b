// Package config reads buyerdesk's one YAML file and its secrets from the
// environment into a validated Config, reporting every problem with file,
// line and field.
package config
