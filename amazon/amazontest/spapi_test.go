package amazontest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestTokenEndpointValidatesTheGrant(t *testing.T) {
	s := NewSPAPI(SPAPIConfig{})
	c := s.Config()
	client := &http.Client{Transport: s.RoundTripper()}
	tests := []struct {
		name   string
		form   url.Values
		status int
		errStr string
	}{
		{"ok", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {c.RefreshToken}, "client_id": {c.ClientID}, "client_secret": {c.ClientSecret}}, 200, ""},
		{"wrong secret", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {c.RefreshToken}, "client_id": {c.ClientID}, "client_secret": {"nope"}}, 401, "invalid_client"},
		{"wrong refresh token", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"Atzr|other"}, "client_id": {c.ClientID}, "client_secret": {c.ClientSecret}}, 400, "invalid_grant"},
		{"wrong grant", url.Values{"grant_type": {"client_credentials"}, "client_id": {c.ClientID}, "client_secret": {c.ClientSecret}}, 400, "unsupported_grant_type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := client.PostForm("http://x/auth/o2/token", tt.form)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var body map[string]any
			_ = json.NewDecoder(res.Body).Decode(&body)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tt.status)
			}
			if tt.errStr != "" && body["error"] != tt.errStr {
				t.Errorf("error %v, want %s", body["error"], tt.errStr)
			}
			if tt.status == 200 && (body["expires_in"] != 3600.0 || !strings.HasPrefix(body["access_token"].(string), "Atza|")) {
				t.Errorf("token body %v", body)
			}
		})
	}
}

func TestGetOrderAnswers(t *testing.T) {
	now := time.Date(2026, 10, 20, 12, 0, 0, 0, time.UTC)
	s := NewSPAPI(SPAPIConfig{Now: func() time.Time { return now }})
	orders, _ := SeedOrders()
	s.AddOrder(orders[0])
	id := orders[0].OrderID

	if status, _ := getOrder(t, s, id, "FULFILLMENT"); status != 200 {
		t.Fatalf("status %d", status)
	}
	if status, _ := getOrder(t, s, "999-0000000-0000000", "FULFILLMENT"); status != 404 {
		t.Errorf("unknown order: status %d, want 404", status)
	}
	if status, _ := getOrder(t, s, id, "EVERYTHING"); status != 400 {
		t.Errorf("bad includedData: status %d, want 400", status)
	}
	s.FailNext(2, 429)
	for _, want := range []int{429, 429, 200} {
		if status, _ := getOrder(t, s, id, "PACKAGES"); status != want {
			t.Errorf("status %d, want %d", status, want)
		}
	}
	// Without or with an unknown access token: 403.
	res, err := (&http.Client{Transport: s.RoundTripper()}).Get("http://x/orders/2026-01-01/orders/" + id)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 403 {
		t.Errorf("no token: status %d, want 403", res.StatusCode)
	}
	if got := s.Count("getOrder"); got != 7 {
		t.Errorf("getOrder count %d, want 7", got)
	}
}

func TestExpiredTokenIsRefused(t *testing.T) {
	now := time.Date(2026, 10, 20, 12, 0, 0, 0, time.UTC)
	s := NewSPAPI(SPAPIConfig{Now: func() time.Time { return now }, TokenTTL: time.Minute})
	tok, _ := s.issueToken()
	if err := s.checkToken(tok); err != nil {
		t.Fatalf("fresh token refused: %v", err)
	}
	now = now.Add(time.Minute)
	if err := s.checkToken(tok); err == nil {
		t.Error("expired token accepted")
	}
}

func TestServesOnALoopbackSocket(t *testing.T) {
	s := NewSPAPI(SPAPIConfig{})
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !strings.HasPrefix(s.URL(), "http://127.0.0.1:") {
		t.Fatalf("URL %q", s.URL())
	}
	res, err := http.PostForm(s.TokenURL(), url.Values{"grant_type": {"refresh_token"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 401 {
		t.Errorf("status %d, want 401", res.StatusCode)
	}
}

func TestShiftMovesEveryTimestamp(t *testing.T) {
	orders, _ := SeedOrders()
	o := orders[0]
	d := 48 * time.Hour
	ship := *o.Packages[0].ShipTime
	s := o.Shift(d)
	if !s.CreatedTime.Equal(o.CreatedTime.Add(d)) || !s.Packages[0].ShipTime.Equal(o.Packages[0].ShipTime.Add(d)) ||
		!s.Fulfillment.DeliverByWindow.LatestDateTime.Equal(o.Fulfillment.DeliverByWindow.LatestDateTime.Add(d)) {
		t.Errorf("not shifted: %+v", s)
	}
	if !o.Packages[0].ShipTime.Equal(ship) {
		t.Error("Shift changed the original")
	}
}
