package spapi_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/buyerdesk/buyerdesk/amazon/amazontest"
	"github.com/buyerdesk/buyerdesk/amazon/spapi"
)

// fixture wires a Client to an in-process stand-in (no sockets), so it can
// run inside a synctest bubble.
func fixture(t *testing.T, scfg amazontest.SPAPIConfig, mod func(*spapi.Config)) (*spapi.Client, *amazontest.SPAPI, []amazontest.Order) {
	t.Helper()
	s := amazontest.NewSPAPI(scfg)
	orders, err := amazontest.SeedOrders()
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orders {
		s.AddOrder(o)
	}
	sc := s.Config()
	cfg := spapi.Config{
		Endpoint:     "https://sellingpartnerapi-eu.amazon.com",
		TokenURL:     "https://api.amazon.com/auth/o2/token",
		ClientID:     sc.ClientID,
		ClientSecret: sc.ClientSecret,
		RefreshToken: sc.RefreshToken,
		HTTPClient:   &http.Client{Transport: s.RoundTripper()},
	}
	if mod != nil {
		mod(&cfg)
	}
	return spapi.New(cfg), s, orders
}

func requests(s *amazontest.SPAPI, kind string) []amazontest.Request {
	var out []amazontest.Request
	for _, r := range s.Requests() {
		if r.Kind == kind {
			out = append(out, r)
		}
	}
	return out
}

func TestTokenExchangeAndReuse(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, s, orders := fixture(t, amazontest.SPAPIConfig{TokenTTL: time.Hour},
			func(c *spapi.Config) { c.CacheTTL = time.Second })
		ctx := context.Background()
		id := orders[0].OrderID
		lookup := func() {
			t.Helper()
			if _, err := c.Order(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
		lookup()
		toks := requests(s, "token")
		if len(toks) != 1 {
			t.Fatalf("%d token requests, want 1", len(toks))
		}
		sc := s.Config()
		want := map[string]string{"grant_type": "refresh_token", "client_id": sc.ClientID,
			"client_secret": sc.ClientSecret, "refresh_token": sc.RefreshToken}
		for k, v := range want {
			if toks[0].Form[k] != v {
				t.Errorf("token form %s = %q, want %q", k, toks[0].Form[k], v)
			}
		}
		time.Sleep(30 * time.Minute)
		lookup()
		time.Sleep(28 * time.Minute) // 58 min: still more than a minute left
		lookup()
		if n := s.Count("token"); n != 1 {
			t.Fatalf("token fetched %d times within its lifetime, want 1", n)
		}
		time.Sleep(90 * time.Second) // 59.5 min: inside the early-expiry minute
		lookup()
		if n := s.Count("token"); n != 2 {
			t.Fatalf("token fetched %d times, want a refresh before expiry", n)
		}
		gets := requests(s, "getOrder")
		for _, g := range gets {
			if g.Status != http.StatusOK || g.AccessToken == "" {
				t.Errorf("getOrder answered %d with token %q", g.Status, g.AccessToken)
			}
			if !slices.Equal(g.IncludedData, []string{"FULFILLMENT", "PACKAGES", "PROCEEDS"}) {
				t.Errorf("includedData %v", g.IncludedData)
			}
		}
		if gets[0].AccessToken != gets[2].AccessToken || gets[2].AccessToken == gets[3].AccessToken {
			t.Error("access token not reused, or not replaced after refresh")
		}
	})
}

func TestRetriesAndErrors(t *testing.T) {
	tests := []struct {
		name     string
		fail     int
		status   int
		orderID  string
		wantErr  error
		wantGets int
	}{
		{"429 then success", 1, 429, "", nil, 2},
		{"500 then success", 1, 500, "", nil, 2},
		{"503 twice then success", 2, 503, "", nil, 3},
		{"500 persistently", 10, 500, "", spapi.ErrUnavailable, 4},
		{"429 persistently", 10, 429, "", spapi.ErrThrottled, 4},
		{"404 not retried", 0, 0, "999-0000000-0000000", spapi.ErrNotFound, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, s, orders := fixture(t, amazontest.SPAPIConfig{}, nil)
				id := tt.orderID
				if id == "" {
					id = orders[1].OrderID
				}
				s.FailNext(tt.fail, tt.status)
				o, err := c.Order(context.Background(), id)
				if tt.wantErr == nil && (err != nil || o.OrderID != id) {
					t.Fatalf("got %v, %v", o.OrderID, err)
				}
				if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
					t.Fatalf("err %v, want %v", err, tt.wantErr)
				}
				if n := s.Count("getOrder"); n != tt.wantGets {
					t.Errorf("%d getOrder requests, want %d", n, tt.wantGets)
				}
			})
		})
	}
}

func TestThrottledRetryWaitsAtLeastOneInterval(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, s, orders := fixture(t, amazontest.SPAPIConfig{}, nil)
		s.FailNext(1, 429)
		start := time.Now()
		if _, err := c.Order(context.Background(), orders[0].OrderID); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d < 2*time.Second || d > 3*time.Second {
			t.Errorf("retry after %v, want 2s (one request at 0.5/s)", d)
		}
	})
}

func TestRateLimiterSpacing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, s, orders := fixture(t, amazontest.SPAPIConfig{}, nil)
		base := orders[0]
		start := time.Now()
		for i := range 33 {
			o := base
			o.OrderID = "302-0000000-00000" + string(rune('a'+i/26)) + string(rune('a'+i%26))
			s.AddOrder(o)
			if _, err := c.Order(context.Background(), o.OrderID); err != nil {
				t.Fatal(err)
			}
		}
		gets := requests(s, "getOrder")
		for i, g := range gets {
			want := time.Duration(0) // the burst of 30 goes at once
			if i >= 30 {
				want = time.Duration(i-29) * 2 * time.Second
			}
			if got := g.At.Sub(start); got != want {
				t.Errorf("request %d at +%v, want +%v", i, got, want)
			}
		}
	})
}

func TestCache(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, s, orders := fixture(t, amazontest.SPAPIConfig{}, nil)
		ctx := context.Background()
		id := orders[2].OrderID
		for range 3 {
			if _, err := c.Order(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
		if n := s.Count("getOrder"); n != 1 {
			t.Fatalf("%d getOrder requests, want 1 (cache hits)", n)
		}
		time.Sleep(10 * time.Minute)
		if _, err := c.Order(ctx, id); err != nil {
			t.Fatal(err)
		}
		if n := s.Count("getOrder"); n != 2 {
			t.Fatalf("%d getOrder requests after the TTL, want 2", n)
		}

		// A failed lookup is not cached.
		late := orders[0]
		late.OrderID = "303-1111111-2222222"
		if _, err := c.Order(ctx, late.OrderID); !errors.Is(err, spapi.ErrNotFound) {
			t.Fatalf("err %v, want ErrNotFound", err)
		}
		s.AddOrder(late)
		if _, err := c.Order(ctx, late.OrderID); err != nil {
			t.Fatalf("after the order appeared: %v", err)
		}
	})
}

func TestBadCredentialsAreNotRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, s, orders := fixture(t, amazontest.SPAPIConfig{}, func(c *spapi.Config) { c.ClientSecret = "wrong" })
		if _, err := c.Order(context.Background(), orders[0].OrderID); err == nil {
			t.Fatal("lookup with a wrong client secret succeeded")
		}
		if n := s.Count("token"); n != 1 {
			t.Errorf("%d token requests, want 1", n)
		}
		if n := s.Count("getOrder"); n != 0 {
			t.Errorf("%d getOrder requests without a token", n)
		}
	})
}

func TestInvalidOrderIDIsRefusedLocally(t *testing.T) {
	c, s, _ := fixture(t, amazontest.SPAPIConfig{}, nil)
	for _, id := range []string{"", "../../orders", "302-1?x=1", "302 1"} {
		if _, err := c.Order(context.Background(), id); !errors.Is(err, spapi.ErrBadRequest) {
			t.Errorf("%q: err %v, want ErrBadRequest", id, err)
		}
	}
	if n := len(s.Requests()); n != 0 {
		t.Errorf("%d requests made for invalid ids", n)
	}
}

func TestUnknownRegion(t *testing.T) {
	c := spapi.New(spapi.Config{Region: "mars"})
	if _, err := c.Order(context.Background(), "302-1234567-1234567"); err == nil {
		t.Fatal("unknown region accepted")
	}
}

func TestConcurrentLookups(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, s, orders := fixture(t, amazontest.SPAPIConfig{}, nil)
		errs := make(chan error, 40)
		for i := range 40 {
			go func() {
				_, err := c.Order(context.Background(), orders[i%len(orders)].OrderID)
				errs <- err
			}()
		}
		for range 40 {
			if err := <-errs; err != nil {
				t.Error(err)
			}
		}
		if n := s.Count("token"); n != 1 {
			t.Errorf("%d token requests for concurrent lookups, want 1", n)
		}
	})
}

func TestAdoptsTheReportedRateLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, s, orders := fixture(t, amazontest.SPAPIConfig{RateLimit: "2"}, func(c *spapi.Config) { c.Burst = 1 })
		start := time.Now()
		for i := range 4 {
			o := orders[0]
			o.OrderID = "302-0000000-000000" + string(rune('0'+i))
			s.AddOrder(o)
			if _, err := c.Order(context.Background(), o.OrderID); err != nil {
				t.Fatal(err)
			}
		}
		// The first answer reports 2/s, so with a burst of 1 the requests
		// are 0.5s apart instead of the configured 2s.
		want := []time.Duration{0, 500 * time.Millisecond, time.Second, 1500 * time.Millisecond}
		for i, g := range requests(s, "getOrder") {
			if got := g.At.Sub(start); got != want[i] {
				t.Errorf("request %d at +%v, want +%v", i, got, want[i])
			}
		}
	})
}
