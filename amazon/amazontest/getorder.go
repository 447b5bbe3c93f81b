package amazontest

import (
	"net/http"
)

// includedDataValues is the includedData enum of getOrder.
var includedDataValues = map[string]bool{
	"BUYER": true, "RECIPIENT": true, "PROCEEDS": true, "EXPENSE": true,
	"PROMOTION": true, "CANCELLATION": true, "FULFILLMENT": true,
	"PACKAGES": true, "TAX": true, "PAYMENT": true, "FULFILLMENT_ORDERS": true,
}

// serveGetOrder answers GET /orders/2026-01-01/orders/{orderId}.
func (s *SPAPI) serveGetOrder(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("orderId")
	included := splitCSV(r.URL.Query()["includedData"])
	tok := r.Header.Get("x-amz-access-token")
	rec := Request{Kind: "getOrder", OrderID: id, IncludedData: included, AccessToken: tok, At: s.cfg.Now()}
	status := s.answerGetOrder(w, id, included, tok)
	rec.Status = status
	s.record(rec)
}

func (s *SPAPI) answerGetOrder(w http.ResponseWriter, id string, included []string, tok string) int {
	if s.checkToken(tok) != nil {
		writeErrors(w, http.StatusForbidden, "Unauthorized", "Access to requested resource is denied.")
		return http.StatusForbidden
	}
	if status := s.nextFailure(); status != 0 {
		if status == http.StatusTooManyRequests {
			w.Header().Set("x-amzn-RateLimit-Limit", s.cfg.RateLimit)
			writeErrors(w, status, "QuotaExceeded", "You exceeded your quota for the requested resource.")
		} else {
			writeErrors(w, status, "InternalFailure", "We encountered an internal error. Please try again.")
		}
		return status
	}
	want := map[string]bool{}
	for _, v := range included {
		if !includedDataValues[v] {
			writeErrors(w, http.StatusBadRequest, "InvalidInput", "Invalid Input")
			return http.StatusBadRequest
		}
		want[v] = true
	}
	s.mu.Lock()
	o, ok := s.orders[id]
	s.mu.Unlock()
	w.Header().Set("x-amzn-RateLimit-Limit", s.cfg.RateLimit)
	if !ok {
		writeErrors(w, http.StatusNotFound, "NotFound", "The requested order was not found.")
		return http.StatusNotFound
	}
	writeJSON(w, http.StatusOK, map[string]Order{"order": o.only(want)})
	return http.StatusOK
}

func (s *SPAPI) nextFailure() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.failures) == 0 {
		return 0
	}
	status := s.failures[0]
	s.failures = s.failures[1:]
	return status
}
