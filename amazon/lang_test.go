package amazon

import "testing"

func TestDetectLanguage(t *testing.T) {
	tests := map[string]string{
		"Hello, where is my order? I have not received it yet.":                         "en",
		"Hallo, ich habe die Bestellung leider noch nicht erhalten. Können Sie helfen?": "de",
		"Bonjour, je n'ai toujours pas reçu mon colis. Merci de votre aide.":            "fr",
		"Buongiorno, il pacco non è ancora arrivato. Grazie per l'aiuto.":               "it",
		"Hola, todavía no he recibido el pedido. ¿Me podéis ayudar? Gracias.":           "es",
		"Hallo, ik heb mijn bestelling nog niet ontvangen. Wanneer komt het pakket?":    "nl",
		"Dzień dobry, nie otrzymałem jeszcze zamówienia. Czy mogę prosić o pomoc?":      "pl",
		"Hej, jag har inte fått mitt paket än. Kan du hjälpa mig? Tack.":                "sv",
		"商品がまだ届いていません。確認していただけますか？":                                                     "ja",
		"我还没有收到订单":            "zh",
		"ok":                  "",
		"Thanks!":             "",
		"123-4567890-1234567": "",
		"":                    "",
	}
	for text, want := range tests {
		if got := detectLanguage(text); got != want {
			t.Errorf("detectLanguage(%q) = %q, want %q", text, got, want)
		}
	}
}
