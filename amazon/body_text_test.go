package amazon

import (
	"strings"
	"testing"
)

func TestDelimiterKind(t *testing.T) {
	tests := map[string]int{
		"------------- Begin message -------------":                    1,
		"------------- End message -------------":                      -1,
		"----- Anfang der Nachricht -----":                             1,
		"Ende der Nachricht":                                           -1,
		"--- Début du message ---":                                     1,
		"--- Fin du message ---":                                       -1,
		"------------- Inizio messaggio -------------":                 1,
		"------------- Fine messaggio -------------":                   -1,
		"------------- Iniciar mensaje -------------":                  1,
		"------------- Finalizar mensaje -------------":                -1,
		"メッセージはここから":                                                   1,
		"メッセージはここまで":                                                   -1,
		"------------- Begin message / Début du message -------------": 1,
		"------------- End message / Fin du message -------------":     -1,
		"--- Begin message / Fin du message ---":                       0,
		"Begin message now":                                            0,
		"-------------":                                                0,
		"":                                                             0,
	}
	for line, want := range tests {
		if got := delimiterKind(line); got != want {
			t.Errorf("delimiterKind(%q) = %d, want %d", line, got, want)
		}
	}
}

func TestBuyerText(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"old EN", "Order 1\n--- Begin message ---\n\nHi\n\n--- End message ---\nFooter", "Hi"},
		{"begin without end stops at footer", "--- Begin message ---\nHi\nTo respond to this customer, reply.", "Hi"},
		{"new EN label", "Order ID: 1\n\nMessage:\n\nHello\nthere\n\n[commu:/x/ABC]\nWas this email helpful?\nYes", "Hello\nthere"},
		{"label with text on the line", "Nachricht: Hallo Welt\nZweite Zeile\n----------\nFooter", "Hallo Welt\nZweite Zeile"},
		{"DE label", "Nachricht:\nGuten Tag\nZu Ihrer Information: x", "Guten Tag"},
		{"JP", "メッセージはここから\nこんにちは\nメッセージはここまで", "こんにちは"},
		{"generic fallback", "---- Wiadomość od kupującego ----\nDzień dobry\n---- Koniec ----", "Dzień dobry"},
		{"no delimiter: whole text without footer", "Just text\n\n\n\nmore\nCopyright 2026 Amazon", "Just text\n\nmore"},
		{"tokens removed inline", "--- Begin message ---\nHi [commu:/a/B1] there\n--- End message ---", "Hi  there"},
		{"quoted lines dropped", "--- Begin message ---\nYes please\n> old text\n> more\n--- End message ---", "Yes please"},
		{"On wrote cut", "--- Begin message ---\nOk\n\nOn Mon, 2 Nov 2026, Shop <a@b.c> wrote:\nold\n--- End message ---", "Ok"},
		{"wrapped On wrote cut", "--- Begin message ---\nOk\nOn Mon, 2 Nov 2026 at 10:00, Shop Support\n<a@b.c> wrote:\nold\n--- End message ---", "Ok"},
		{"Am schrieb cut", "--- Anfang der Nachricht ---\nDanke\nAm 01.11.2026 um 10:15 schrieb Shop <a@b.de>:\nalt\n--- Ende der Nachricht ---", "Danke"},
		{"Le a écrit cut", "--- Début du message ---\nMerci\nLe 2 nov. 2026 à 11:20, Shop a écrit :\nvieux\n--- Fin du message ---", "Merci"},
		{"original message cut", "--- Begin message ---\nNew\n----- Original Message -----\nOld\n--- End message ---", "New"},
		{"Outlook block cut", "--- Begin message ---\nNew\n\nFrom: Shop\nSent: Monday\nSubject: x\nOld\n--- End message ---", "New"},
		{"From line alone is kept", "--- Begin message ---\nFrom: Berlin with love\nthanks\n--- End message ---", "From: Berlin with love\nthanks"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := buyerText(tt.text); got != tt.want {
				t.Errorf("buyerText() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestHTMLToText(t *testing.T) {
	tests := []struct{ name, html, want string }{
		{"br and p", "<p>Hello<br>World</p><p>Bye</p>", "Hello\nWorld\n\nBye"},
		{"div li tr", "<div>a</div><div>b</div><ul><li>c</li><li>d</li></ul><table><tr><td>e</td><td>f</td></tr><tr><td>g</td></tr></table>", "a\nb\nc\nd\n\ne f\ng"},
		{"script style head dropped", "<head><title>T</title><style>x{}</style></head><body><script>alert(1)</script>Text</body>", "Text"},
		{"entities and whitespace", "<p>  Fish&nbsp;&amp;   chips\n  please </p>", "Fish & chips please"},
		{"broken html", "<div><p>unclosed <b>bold", "unclosed bold"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := htmlToText(tt.html)
			if got != tt.want {
				t.Errorf("htmlToText() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestHTMLLinks(t *testing.T) {
	_, links := htmlToText(`<p><a href="https://x.example/1">One <b>link</b></a> <a>none</a> <a href=" https://x.example/2 ">Two</a></p>`)
	if len(links) != 2 || links[0].href != "https://x.example/1" || strings.TrimSpace(links[0].text) != "One link" || links[1].href != "https://x.example/2" {
		t.Errorf("links = %+v", links)
	}
}

func TestNoResponseURL(t *testing.T) {
	const sc = "https://sellercentral.amazon.de/messaging/reply?id=1&nrn=1"
	tests := []struct {
		name  string
		text  string
		links []link
		want  string
	}{
		{"anchor text", "", []link{{href: "https://sellercentral.amazon.de/x?id=1", text: "Keine Antwort erforderlich "}}, "https://sellercentral.amazon.de/x?id=1"},
		{"same line", "No response needed: https://sellercentral.amazon.com/r?id=2.", nil, "https://sellercentral.amazon.com/r?id=2"},
		{"next line", "Aucune réponse nécessaire ?\nhttps://sellercentral.amazon.fr/r?id=3", nil, "https://sellercentral.amazon.fr/r?id=3"},
		{"url meaning", "click " + sc, nil, sc},
		{"not seller central", "No response needed: https://www.amazon.de/r?id=4", nil, ""},
		{"look-alike host", "No response needed: https://sellercentral.amazon.de.evil.com/r", nil, ""},
		{"plain http", "No response needed: http://sellercentral.amazon.de/r", nil, ""},
		{"anchor to elsewhere", "", []link{{href: "https://evil.example/noResponse", text: "No response needed"}}, ""},
		{"none", "Thanks", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := noResponseURL(tt.text, tt.links); got != tt.want {
				t.Errorf("noResponseURL() = %q, want %q", got, tt.want)
			}
		})
	}
}
