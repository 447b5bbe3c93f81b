package templates

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var seedSituations = []string{
	"order_shipped", "delivery_delay", "return_authorised", "refund_processed", "product_question",
	"pre_shipment", "damaged_item", "delay_expectations", "quality_complaint", "post_delivery_follow_up",
	"return_and_refund",
}

// fullData fills every placeholder Data knows.
var fullData = Data{
	OrderID: "302-1234567-1234567", Tracking: "1Z999AA10123456784", Carrier: "UPS",
	ProductName: "XR-2000", BuyerName: "Alex Muster", Address: "Musterstraße 1, 10115 Berlin",
	Timeframe: "3 Werktagen", Date: time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC),
	Amount: &Money{"24.99", "EUR"},
}

func TestDefaultsCoverSeedSituationsInBothLanguages(t *testing.T) {
	s, err := Defaults()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range seedSituations {
		for _, lang := range []string{"de", "en"} {
			tm, ok := s.Get(id, lang)
			if !ok {
				t.Errorf("missing default %s/%s", id, lang)
				continue
			}
			if tm.Title == "" || tm.Category == "" || tm.Language != lang {
				t.Errorf("%s/%s incomplete: %+v", id, lang, tm)
			}
		}
	}
	if n := len(s.List("")); n != 2*len(seedSituations) {
		t.Errorf("want %d defaults, got %d", 2*len(seedSituations), n)
	}
}

// TestDefaultsPassLint renders every default with full order data, fills what
// only an agent can write (the answer to a product question), and requires
// a clean lint: not even a warning.
func TestDefaultsPassLint(t *testing.T) {
	s, err := Defaults()
	if err != nil {
		t.Fatal(err)
	}
	for _, tm := range s.List("") {
		for _, mp := range []string{"amazon.de", "amazon.co.uk", "amazon.com"} {
			r := Render(tm, fullData, mp)
			text := r.Text
			for _, m := range r.Missing {
				if m != "[ANSWER]" && m != "[ANTWORT]" {
					t.Errorf("%s/%s on %s: unexpected unfilled %s", tm.ID, tm.Language, mp, m)
				}
				text = strings.ReplaceAll(text, m, "The unit runs on 230 V.")
			}
			if res := Lint(text, tm.Language); res.Verdict != VerdictOK {
				t.Errorf("%s/%s on %s: verdict %s, findings %+v\n%s", tm.ID, tm.Language, mp, res.Verdict, res.Findings, text)
			}
		}
	}
}

func TestProductQuestionBlocksUntilAnswered(t *testing.T) {
	s, _ := Defaults()
	for _, lang := range []string{"de", "en"} {
		tm, _ := s.Get("product_question", lang)
		r := Render(tm, fullData, "amazon.de")
		if len(r.Missing) != 1 || Lint(r.Text, lang).Verdict != VerdictBlock {
			t.Errorf("%s: the answer placeholder must stay and block: %+v", lang, r)
		}
	}
}

func writeFile(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLoadOverridesAndAdds(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "shipped.yaml", "id: order_shipped\ntitle: Versandt (eigen)\nlanguage: de\ncategory: shipping\nbody: Eigener Text [ORDER_ID].\n")
	writeFile(t, dir, "sub/warranty.yml", "id: warranty\ntitle: Garantie\nlanguage: DE\ncategory: quality\nbody: |\n  Die Garantie läuft 24 Monate.\n")
	writeFile(t, dir, "notes.txt", "not a template")
	s, err := Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if tm, _ := s.Get("order_shipped", "de"); tm.Body != "Eigener Text [ORDER_ID]." || tm.Title != "Versandt (eigen)" {
		t.Errorf("override not applied: %+v", tm)
	}
	if tm, _ := s.Get("order_shipped", "en"); !strings.Contains(tm.Body, "on its way") {
		t.Errorf("English default must stay: %+v", tm)
	}
	if tm, ok := s.Get("warranty", "de"); !ok || tm.Body != "Die Garantie läuft 24 Monate." {
		t.Errorf("added template: %+v %v", tm, ok)
	}
	if n := len(s.List("de")); n != len(seedSituations)+1 {
		t.Errorf("de templates: %d", n)
	}
}

func TestLoadErrorsNameFileAndField(t *testing.T) {
	tests := []struct {
		name, content string
		want          []string
	}{
		{"a.yaml", "id: x\ntitle: T\nlanguage: de\ncategory: c\n", []string{"a.yaml", "field body"}},
		{"b.yaml", "id: Bad Id\ntitle: T\nlanguage: de\ncategory: c\nbody: x\n", []string{"b.yaml", "field id"}},
		{"c.yaml", "id: x\ntitle: T\nlanguage: deutsch\ncategory: c\nbody: x\n", []string{"c.yaml", "field language"}},
		{"d.yaml", "id: x\ntitle: T\nlangauge: de\ncategory: c\nbody: x\n", []string{"d.yaml", "langauge"}},
		{"e.yaml", "id: x\ntitle: [unclosed\n", []string{"e.yaml", "yaml"}},
		{"f.yaml", "", []string{"f.yaml", "empty"}},
		{"g.yaml", "id: x\nlanguage: de\ncategory: c\nbody: x\n", []string{"g.yaml", "field title"}},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		writeFile(t, dir, tt.name, tt.content)
		_, err := Load(context.Background(), dir)
		if err == nil {
			t.Errorf("%s: want error", tt.name)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not mention %q", tt.name, err, w)
			}
		}
	}
}

func TestLoadDuplicateInDir(t *testing.T) {
	dir := t.TempDir()
	body := "id: x\ntitle: T\nlanguage: en\ncategory: c\nbody: hi\n"
	writeFile(t, dir, "one.yaml", body)
	writeFile(t, dir, "two.yaml", body)
	_, err := Load(context.Background(), dir)
	if err == nil || !strings.Contains(err.Error(), "one.yaml") || !strings.Contains(err.Error(), "two.yaml") {
		t.Errorf("want duplicate error naming both files, got %v", err)
	}
}

func TestLoadEmptyDirMeansDefaults(t *testing.T) {
	s, err := Load(context.Background(), "")
	if err != nil || len(s.List("")) != 2*len(seedSituations) {
		t.Fatalf("got %v, %v", s, err)
	}
}

func TestLoadMissingDirAndCancelledContext(t *testing.T) {
	if _, err := Load(context.Background(), filepath.Join(t.TempDir(), "nope")); err == nil {
		t.Error("missing directory must fail")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	writeFile(t, dir, "a.yaml", "id: x\ntitle: T\nlanguage: en\ncategory: c\nbody: hi\n")
	if _, err := Load(ctx, dir); err == nil {
		t.Error("cancelled context must fail")
	}
}

func TestPickLanguage(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "fr.yaml", "id: order_shipped\ntitle: Expédiée\nlanguage: fr\ncategory: shipping\nbody: Votre commande [ORDER_ID] est partie.\n")
	s, err := Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ lang, marketplace, want string }{
		{"de", "amazon.co.uk", "de"}, // buyer language first
		{"en-GB", "amazon.de", "en"}, // region subtag ignored
		{"", "amazon.de", "de"},      // then the marketplace
		{"", "amazon.at", "de"},
		{"", "amazon.co.uk", "en"},
		{"", "amazon.fr", "fr"},
		{"it", "amazon.it", "en"}, // no Italian templates: English
		{"", "amazon.example", "en"},
		{"fr", "amazon.de", "fr"},
	}
	for _, tt := range tests {
		got := s.Pick(tt.lang, tt.marketplace)
		if len(got) == 0 || got[0].Language != tt.want {
			t.Errorf("Pick(%q, %q): got %d templates, first %+v; want language %s", tt.lang, tt.marketplace, len(got), got, tt.want)
		}
	}
}
