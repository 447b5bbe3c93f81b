package templates

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Template is one reply template. Body uses seed-style placeholders such as
// [ORDER_ID]; see Render.
type Template struct {
	ID       string `yaml:"id"`
	Title    string `yaml:"title"`
	Language string `yaml:"language"`
	Category string `yaml:"category"`
	Body     string `yaml:"body"`
}

// Set is an immutable collection of templates keyed by id and language.
type Set struct {
	byKey map[setKey]Template
}

type setKey struct{ id, lang string }

//go:embed defaults/*
var defaultFS embed.FS

var (
	idRe   = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)
	langRe = regexp.MustCompile(`^[a-z]{2}$`)
)

// Defaults returns the built-in German and English templates.
func Defaults() (*Set, error) {
	s := &Set{byKey: map[setKey]Template{}}
	if err := s.addFS(context.Background(), defaultFS, "defaults", false); err != nil {
		return nil, fmt.Errorf("default templates: %w", err)
	}
	return s, nil
}

// Load returns the defaults plus the templates in dir (*.yaml and *.yml,
// searched recursively). A file with the same id and language as a default
// replaces it; two files in dir with the same id and language are an error.
// Errors name the file and, where it applies, the field. An empty dir
// means the defaults only.
func Load(ctx context.Context, dir string) (*Set, error) {
	s, err := Defaults()
	if err != nil || dir == "" {
		return s, err
	}
	if err := s.addFS(ctx, os.DirFS(dir), ".", true); err != nil {
		return nil, fmt.Errorf("templates in %s: %w", dir, err)
	}
	return s, nil
}

func (s *Set) addFS(ctx context.Context, fsys fs.FS, root string, override bool) error {
	seen := map[setKey]string{}
	return fs.WalkDir(fsys, root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		ext := strings.ToLower(filepath.Ext(path))
		if d.IsDir() || (ext != ".yaml" && ext != ".yml") {
			return nil
		}
		data, err := fs.ReadFile(fsys, path)
		if err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
		t, err := parseTemplate(data)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		k := setKey{t.ID, t.Language}
		if prev, dup := seen[k]; dup {
			return fmt.Errorf("%s: id %q language %q already defined in %s", path, t.ID, t.Language, prev)
		}
		seen[k] = path
		if _, exists := s.byKey[k]; exists && !override {
			return fmt.Errorf("%s: duplicate id %q language %q", path, t.ID, t.Language)
		}
		s.byKey[k] = t
		return nil
	})
}

// parseTemplate decodes and validates one template file. Unknown fields are
// errors, so a typo such as "langauge" does not go unnoticed.
func parseTemplate(data []byte) (Template, error) {
	var t Template
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&t); err != nil {
		if errors.Is(err, io.EOF) {
			return t, errors.New("empty file")
		}
		return t, fmt.Errorf("yaml: %w", err)
	}
	t.ID = strings.TrimSpace(t.ID)
	t.Language = strings.ToLower(strings.TrimSpace(t.Language))
	t.Title = strings.TrimSpace(t.Title)
	t.Category = strings.TrimSpace(t.Category)
	t.Body = strings.TrimRight(t.Body, "\n")
	switch {
	case t.ID == "":
		return t, errors.New("field id: missing")
	case !idRe.MatchString(t.ID):
		return t, fmt.Errorf("field id: %q must be lower-case letters, digits, '_' or '-'", t.ID)
	case t.Language == "":
		return t, errors.New("field language: missing")
	case !langRe.MatchString(t.Language):
		return t, fmt.Errorf("field language: %q is not a two-letter code", t.Language)
	case t.Title == "":
		return t, errors.New("field title: missing")
	case t.Category == "":
		return t, errors.New("field category: missing")
	case strings.TrimSpace(t.Body) == "":
		return t, errors.New("field body: missing")
	}
	return t, nil
}

// Get returns the template with this id in this language.
func (s *Set) Get(id, lang string) (Template, bool) {
	t, ok := s.byKey[setKey{id, strings.ToLower(lang)}]
	return t, ok
}

// List returns the templates in lang sorted by id, or all templates sorted by
// language and id when lang is empty.
func (s *Set) List(lang string) []Template {
	lang = strings.ToLower(lang)
	var out []Template
	for k, t := range s.byKey {
		if lang == "" || k.lang == lang {
			out = append(out, t)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Language != out[j].Language {
			return out[i].Language < out[j].Language
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// Pick returns the templates to offer for a reply: in the buyer's language
// if there are any, else in the marketplace's language, else in English.
// lang may be empty when the buyer's language is unknown.
func (s *Set) Pick(lang, marketplace string) []Template {
	for _, l := range []string{primaryLang(lang), LocaleFor(marketplace).Lang, "en"} {
		if l == "" {
			continue
		}
		if ts := s.List(l); len(ts) > 0 {
			return ts
		}
	}
	return nil
}
