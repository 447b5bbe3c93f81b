package templates

// germanText holds each rule's message and suggestion for German-speaking
// agents (Lint with lang "de"); the rules themselves write English.
var germanText = map[string][2]string{
	"contact.email":            {"E-Mail-Adresse: Kontakt muss im Amazon-Nachrichtensystem bleiben.", "Adresse entfernen; der Käufer kann auf diese Nachricht antworten."},
	"contact.email_obfuscated": {"Verschleierte E-Mail-Adresse: Kontakt muss im Amazon-Nachrichtensystem bleiben.", "Adresse entfernen; der Käufer kann auf diese Nachricht antworten."},
	"contact.invitation":       {"Fordert zum Kontakt außerhalb des Amazon-Nachrichtensystems auf.", "Stattdessen bitten, auf diese Nachricht zu antworten."},
	"contact.messenger_link":   {"Messenger-Link: Kontakt muss im Amazon-Nachrichtensystem bleiben.", "Link entfernen; der Käufer kann auf diese Nachricht antworten."},
	"contact.phone":            {"Telefonnummer: Kontakt muss im Amazon-Nachrichtensystem bleiben.", "Nummer entfernen; der Käufer kann auf diese Nachricht antworten."},
	"contact.phone_spelled":    {"Ausgeschriebene Telefonnummer: Kontakt muss im Amazon-Nachrichtensystem bleiben.", "Nummer entfernen; der Käufer kann auf diese Nachricht antworten."},
	"contact.uri":              {"Link, der den Verkäufer außerhalb von Amazon kontaktiert.", "Entfernen; der Käufer kann auf diese Nachricht antworten."},
	"emoji":                    {"Emoji: Antworten an Amazon-Käufer müssen reiner Text sein.", "Emoji löschen."},
	"link.external":            {"Link oder Domain außerhalb von Amazon.", "Entfernen; direkt in der Nachricht antworten oder auf das Amazon-Konto des Käufers verweisen."},
	"link.obfuscated":          {"Verschleierter Link zu einer Seite außerhalb von Amazon.", "Adresse entfernen; direkt in der Nachricht antworten."},
	"link.shortener":           {"Gekürzter Link: das Ziel ist nicht erkennbar.", "Entfernen; bei einem Amazon-Ziel die vollständige Amazon-Adresse einfügen."},
	"offplatform":              {"Verlagert Zahlung, Bestellung oder Kontakt weg von Amazon.", "Zahlung, Erstattung und Kontakt über Amazon abwickeln (Erstattung in Seller Central)."},
	"placeholder.filler":       {"Nicht ausgefüllter Platzhalter: der Käufer sähe ihn wörtlich.", "Durch den echten Wert ersetzen oder löschen."},
	"placeholder.unfilled":     {"Nicht ausgefüllter Platzhalter: der Käufer sähe ihn wörtlich.", "Durch den echten Wert ersetzen oder löschen."},
	"promotion":                {"Werbung: Rabatte, Codes, Gutscheine, Shop-Hinweise oder Cross-Selling.", "Angebot entfernen; Antworten dürfen nur diese Bestellung betreffen."},
	"promotion.code":           {"Werbung: Rabatt- oder Gutscheincode.", "Code entfernen; Antworten dürfen nur diese Bestellung betreffen."},
	"promotion.next_purchase":  {"Werbung: Vorteil für einen künftigen Einkauf.", "Angebot entfernen; Antworten dürfen nur diese Bestellung betreffen."},
	"review.link":              {"Link zum Bewertungsformular von Amazon.", "Link löschen; Amazon bittet Käufer selbst um Bewertungen."},
	"review.request":           {"Bittet um eine Bewertung, Feedback oder Sterne.", "Bitte löschen; Amazon bittet Käufer selbst um Bewertungen."},
	"review.request_sentence":  {"Bittet um eine Bewertung, Feedback oder Sterne.", "Bitte löschen; Amazon bittet Käufer selbst um Bewertungen."},
	"review.share_experience":  {"Bittet darum, die Erfahrung öffentlich zu teilen (Bewertung).", "Bitte löschen; Amazon bittet Käufer selbst um Bewertungen."},
	"review.stars":             {"Bittet um Sterne.", "Bitte löschen; Amazon bittet Käufer selbst um Bewertungen."},
	"format.html":              {"HTML-Tag: Amazon zeigt Antworten als reinen Text.", "Tag entfernen."},
	"format.markdown":          {"Markdown: der Käufer sieht die Sonderzeichen.", "Ohne ** oder # in normalen Sätzen schreiben."},
	"format.punctuation":       {"Mehrere Ausrufe- oder Fragezeichen hintereinander.", "Ein einzelnes Satzzeichen verwenden."},
	"format.shouting":          {"Text in Großbuchstaben wirkt wie Schreien.", "In normaler Groß- und Kleinschreibung schreiben."},
	"link.amazon":              {"Link zu einer Amazon-Seite.", "Im Zusammenhang erlaubt (Bestellung, Produkt, Rücksendung); prüfen, ob er nötig ist."},
	"link.amazon_email":        {"Amazon-E-Mail-Adresse in der Antwort.", "Prüfen, ob nötig; Antworten laufen ohnehin über Amazon."},
	"smiley":                   {"ASCII-Smiley: Antworten schlicht und professionell halten.", "Smiley löschen."},
	"trigger_word":             {"Wort, auf das Amazons Nachrichtenprüfung reagiert.", "Wenn möglich umformulieren; die Nachricht kann sonst zur Prüfung zurückgehalten werden."},
}

// localise rewrites findings' messages for lang where a translation exists.
func localise(findings []Finding, lang string) {
	if primaryLang(lang) != "de" {
		return
	}
	for i := range findings {
		if t, ok := germanText[findings[i].Rule]; ok {
			findings[i].Message, findings[i].Suggestion = t[0], t[1]
		}
	}
}
