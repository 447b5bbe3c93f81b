package amazontest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"testing"
)

const specPath = "../../../shared/amazon-spapi/orders_2026-01-01.json"

// shape records every key path of a JSON document with its JSON type,
// e.g. "order.orderItems[].product.title" → "string".
func shape(prefix string, v any, into map[string]string) {
	switch x := v.(type) {
	case map[string]any:
		into[prefix] = "object"
		for k, c := range x {
			shape(strings.TrimPrefix(prefix+"."+k, "."), c, into)
		}
	case []any:
		into[prefix] = "array"
		for _, c := range x {
			shape(prefix+"[]", c, into)
		}
	default:
		into[prefix] = fmt.Sprintf("%T", v)
	}
}

// specShapes returns the union of key paths of getOrder's 200 example and
// its x-amzn-api-sandbox responses.
func specShapes(t *testing.T) map[string]string {
	t.Helper()
	raw, err := os.ReadFile(specPath)
	if err != nil {
		t.Fatalf("read the SP-API model: %v", err)
	}
	var spec struct {
		Paths map[string]map[string]struct {
			Responses map[string]struct {
				Examples map[string]any `json:"examples"`
				Sandbox  struct {
					Static []struct {
						Response any `json:"response"`
					} `json:"static"`
				} `json:"x-amzn-api-sandbox"`
			} `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(raw, &spec); err != nil {
		t.Fatalf("parse the SP-API model: %v", err)
	}
	ok := spec.Paths["/orders/2026-01-01/orders/{orderId}"]["get"].Responses["200"]
	shapes := map[string]string{}
	shape("", ok.Examples["application/json"], shapes)
	if len(ok.Sandbox.Static) == 0 {
		t.Fatal("model has no getOrder sandbox examples")
	}
	for _, s := range ok.Sandbox.Static {
		shape("", s.Response, shapes)
	}
	return shapes
}

func getOrder(t *testing.T, s *SPAPI, id, included string) (int, map[string]any) {
	t.Helper()
	client := &http.Client{Transport: s.RoundTripper()}
	res, err := client.PostForm("http://spapi.test/auth/o2/token", url.Values{
		"grant_type": {"refresh_token"}, "refresh_token": {s.Config().RefreshToken},
		"client_id": {s.Config().ClientID}, "client_secret": {s.Config().ClientSecret},
	})
	if err != nil {
		t.Fatal(err)
	}
	var tok lwaToken
	if err := json.NewDecoder(res.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		t.Fatalf("token response: %v %+v", err, tok)
	}
	req, _ := http.NewRequest("GET", "http://spapi.test/orders/2026-01-01/orders/"+id+"?includedData="+included, nil)
	req.Header.Set("x-amz-access-token", tok.AccessToken)
	res, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, body
}

func TestServedOrdersHaveTheSandboxShape(t *testing.T) {
	want := specShapes(t)
	orders, err := SeedOrders()
	if err != nil {
		t.Fatal(err)
	}
	s := NewSPAPI(SPAPIConfig{})
	for _, o := range orders {
		s.AddOrder(o)
	}
	for _, included := range []string{"FULFILLMENT,PACKAGES,PROCEEDS", "BUYER,RECIPIENT,PROCEEDS,FULFILLMENT,PACKAGES"} {
		for _, o := range orders {
			status, body := getOrder(t, s, o.OrderID, included)
			if status != http.StatusOK {
				t.Fatalf("%s: status %d", o.OrderID, status)
			}
			got := map[string]string{}
			shape("", body, got)
			var keys []string
			for k := range got {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if want[k] == "" {
					t.Errorf("%s (%s): field %q does not appear in the model's examples", o.OrderID, included, k)
				} else if want[k] != got[k] {
					t.Errorf("%s: field %q is %s, the examples have %s", o.OrderID, k, got[k], want[k])
				}
			}
			// The fields the client maps must be served.
			for _, k := range []string{"order.orderId", "order.createdTime", "order.salesChannel.marketplaceId",
				"order.proceeds.grandTotal.amount", "order.fulfillment.fulfillmentStatus",
				"order.orderItems[].product.title"} {
				if got[k] == "" {
					t.Errorf("%s: field %q missing", o.OrderID, k)
				}
			}
			_, hasBuyer := got["order.buyer"]
			if strings.Contains(included, "BUYER") != hasBuyer {
				t.Errorf("%s (%s): buyer served = %v", o.OrderID, included, hasBuyer)
			}
			if _, hasRecipient := got["order.recipient"]; !strings.Contains(included, "RECIPIENT") && hasRecipient {
				t.Errorf("%s: recipient served without RECIPIENT", o.OrderID)
			}
		}
	}
}
