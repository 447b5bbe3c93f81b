package amazon

// marketplaceIDs maps Amazon's marketplace ids (X-Marketplace-ID, SP-API
// marketplaceId) to the store's domain.
var marketplaceIDs = map[string]string{
	"ATVPDKIKX0DER":  "amazon.com",
	"A2EUQ1WTGCTBG2": "amazon.ca",
	"A1AM78C64UM0Y8": "amazon.com.mx",
	"A2Q3Y263D00KWC": "amazon.com.br",
	"A1PA6795UKMFR9": "amazon.de",
	"A1F83G8C2ARO7P": "amazon.co.uk",
	"A13V1IB3VIYZZH": "amazon.fr",
	"APJ6JRA9NG5V4":  "amazon.it",
	"A1RKKUPIHCS9HS": "amazon.es",
	"A1805IZSGTT6HS": "amazon.nl",
	"A2NODRKZP88ZB9": "amazon.se",
	"A1C3SOZRARQ6R3": "amazon.pl",
	"AMEN7PMS3EDWL":  "amazon.com.be",
	"A28R8C7NBKEWEA": "amazon.ie",
	"A33AVAJ2PDY3EV": "amazon.com.tr",
	"A2VIGQ35RCS4UG": "amazon.ae",
	"A17E79C6D8DWNP": "amazon.sa",
	"ARBP9OOSHTCHU":  "amazon.eg",
	"A21TJRUUN4KGV":  "amazon.in",
	"A1VC38T7YXB528": "amazon.co.jp",
	"A39IBJ37TRP1C6": "amazon.com.au",
	"A19VAU5U5O7RUS": "amazon.sg",
	"AE08WJ6YKNBMC":  "amazon.co.za",
}
