package spapi_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/buyerdesk/buyerdesk/amazon/amazontest"
	"github.com/buyerdesk/buyerdesk/amazon/spapi"
)

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestOrderMapping(t *testing.T) {
	c, _, orders := fixture(t, amazontest.SPAPIConfig{}, nil)
	tests := []struct {
		id   string
		want spapi.Order
	}{
		{orders[0].OrderID, spapi.Order{
			OrderID: "302-4418812-9937105", MarketplaceID: "A1PA6795UKMFR9", MarketplaceName: "Amazon.de",
			Status: "SHIPPED", FulfilledBy: "MERCHANT",
			PurchaseDate:         utc("2026-10-14T08:12:00Z"),
			ShipDate:             utc("2026-10-15T14:00:00Z"),
			LatestShipDate:       utc("2026-10-15T23:59:59Z"),
			EarliestDeliveryDate: utc("2026-10-16T00:00:00Z"),
			LatestDeliveryDate:   utc("2026-10-20T23:59:59Z"),
			Delivered:            true,
			Carrier:              "DHL",
			Tracking:             []string{"00340434161234567890"},
			Packages: []spapi.Package{{Carrier: "DHL", Service: "DHL Paket", Tracking: "00340434161234567890",
				Status: "DELIVERED", ShipTime: utc("2026-10-15T14:00:00Z")}},
			ProductNames: []string{"Edelstahl-Thermoskanne 1 l, doppelwandig, Schwarz"},
			Total:        spapi.Money{Amount: "24.99", Currency: "EUR"},
		}},
		{orders[2].OrderID, spapi.Order{
			OrderID: "114-3941689-8772232", MarketplaceID: "ATVPDKIKX0DER", MarketplaceName: "Amazon.com",
			Status: "UNSHIPPED", FulfilledBy: "MERCHANT",
			PurchaseDate:         utc("2026-10-18T21:10:00Z"),
			LatestShipDate:       utc("2026-10-20T23:59:59Z"),
			EarliestDeliveryDate: utc("2026-10-22T00:00:00Z"),
			LatestDeliveryDate:   utc("2026-10-26T23:59:59Z"),
			ProductNames:         []string{"Insulated Steel Water Bottle, 32 oz, Sage"},
			Total:                spapi.Money{Amount: "34.50", Currency: "USD"},
		}},
	}
	for _, tt := range tests {
		got, err := c.Order(context.Background(), tt.id)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("%s (-want +got):\n%s", tt.id, d)
		}
	}
}

type hostRecorder struct {
	next  http.RoundTripper
	hosts []string
}

func (h *hostRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	h.hosts = append(h.hosts, r.URL.Scheme+"://"+r.URL.Host+r.URL.Path)
	return h.next.RoundTrip(r)
}

func TestRegionEndpoints(t *testing.T) {
	for region, host := range map[string]string{
		"na": "https://sellingpartnerapi-na.amazon.com",
		"eu": "https://sellingpartnerapi-eu.amazon.com",
		"fe": "https://sellingpartnerapi-fe.amazon.com",
	} {
		var rec *hostRecorder
		c, _, orders := fixture(t, amazontest.SPAPIConfig{}, func(c *spapi.Config) {
			c.Endpoint, c.TokenURL, c.Region = "", "", region
			rec = &hostRecorder{next: c.HTTPClient.Transport}
			c.HTTPClient = &http.Client{Transport: rec}
		})
		if _, err := c.Order(context.Background(), orders[0].OrderID); err != nil {
			t.Fatal(err)
		}
		want := []string{"https://api.amazon.com/auth/o2/token", host + "/orders/2026-01-01/orders/" + orders[0].OrderID}
		if d := cmp.Diff(want, rec.hosts); d != "" {
			t.Errorf("%s: (-want +got)\n%s", region, d)
		}
	}
}

// TestOverASocket runs the whole exchange over loopback HTTP (outside any bubble).
func TestOverASocket(t *testing.T) {
	s := amazontest.NewSPAPI(amazontest.SPAPIConfig{})
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	orders, _ := amazontest.SeedOrders()
	s.AddOrder(orders[3])
	sc := s.Config()
	c := spapi.New(spapi.Config{Endpoint: s.URL(), TokenURL: s.TokenURL(),
		ClientID: sc.ClientID, ClientSecret: sc.ClientSecret, RefreshToken: sc.RefreshToken})
	o, err := c.Order(context.Background(), orders[3].OrderID)
	if err != nil {
		t.Fatal(err)
	}
	if o.Carrier != "Royal Mail" || o.Total != (spapi.Money{Amount: "18.49", Currency: "GBP"}) {
		t.Errorf("order %+v", o)
	}
}
