package spapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/time/rate"
)

// includedData names the datasets requested: never BUYER or RECIPIENT.
const includedData = "FULFILLMENT,PACKAGES,PROCEEDS"

// validOrderID keeps ids safe to place in a URL path.
var validOrderID = regexp.MustCompile(`^[A-Za-z0-9-]{1,64}$`)

// Order returns the order with the given id, from the cache when a lookup
// within CacheTTL found it. Errors match ErrNotFound, ErrDenied,
// ErrBadRequest, ErrThrottled or ErrUnavailable where the API answered.
func (c *Client) Order(ctx context.Context, orderID string) (Order, error) {
	if c.initErr != nil {
		return Order{}, c.initErr
	}
	if !validOrderID.MatchString(orderID) {
		return Order{}, fmt.Errorf("spapi order id %q: %w", orderID, ErrBadRequest)
	}
	if o, ok := c.cached(orderID); ok {
		return o, nil
	}
	o, err := c.fetch(ctx, orderID)
	if err != nil {
		return Order{}, err
	}
	c.store(orderID, o)
	return o, nil
}

func (c *Client) cached(id string) (Order, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.cache[id]
	if !ok {
		return Order{}, false
	}
	if !c.cfg.Now().Before(e.expires) {
		delete(c.cache, id)
		return Order{}, false
	}
	return e.order, true
}

func (c *Client) store(id string, o Order) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.cfg.Now()
	for k, e := range c.cache {
		if !now.Before(e.expires) {
			delete(c.cache, k)
		}
	}
	c.cache[id] = cached{order: o, expires: now.Add(c.cfg.CacheTTL)}
}

// fetch calls getOrder, retrying 429 and 5xx answers and network errors
// with exponential backoff and jitter.
func (c *Client) fetch(ctx context.Context, id string) (Order, error) {
	var lastErr error
	for attempt := range c.cfg.MaxAttempts {
		if attempt > 0 {
			wait := c.backoff(attempt, lastErr)
			if err := sleep(ctx, wait); err != nil {
				return Order{}, fmt.Errorf("spapi retry wait: %w (last: %w)", err, lastErr)
			}
		}
		o, err := c.getOrder(ctx, id)
		if err == nil {
			return o, nil
		}
		lastErr = err
		var apiErr *Error
		if ctx.Err() != nil || (errors.As(err, &apiErr) && !retryable(apiErr.Status)) || errors.Is(err, errNoRetry) {
			return Order{}, fmt.Errorf("spapi get order: %w", err)
		}
	}
	return Order{}, fmt.Errorf("spapi get order after %d attempts: %w", c.cfg.MaxAttempts, lastErr)
}

// errNoRetry marks failures another attempt cannot fix (bad credentials).
var errNoRetry = errors.New("not retryable")

// retryAfterError carries a server-requested wait.
type retryAfterError struct {
	err   error
	after time.Duration
}

func (e *retryAfterError) Error() string { return e.err.Error() }
func (e *retryAfterError) Unwrap() error { return e.err }

// backoff is Backoff·2^(attempt-1), jittered into [½, 1] of that, and at
// least what the server asked for with Retry-After; after a 429 also at
// least one request interval of the usage plan.
func (c *Client) backoff(attempt int, last error) time.Duration {
	d := c.cfg.Backoff << (attempt - 1)
	d = d/2 + rand.N(d/2+1)
	var ra *retryAfterError
	if errors.As(last, &ra) && ra.after > d {
		d = ra.after
	}
	if errors.Is(last, ErrThrottled) {
		if every := time.Duration(float64(time.Second) / float64(c.limiter.Limit())); every > d {
			d = every
		}
	}
	return d
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// getOrder makes one rate-limited, authenticated getOrder request.
func (c *Client) getOrder(ctx context.Context, id string) (Order, error) {
	if err := c.limiter.Wait(ctx); err != nil {
		return Order{}, fmt.Errorf("spapi rate limit: %w", err)
	}
	tok, err := c.tokens.Token()
	var refused *oauth2.RetrieveError
	if errors.As(err, &refused) {
		return Order{}, fmt.Errorf("lwa token: %w: %w", errNoRetry, err)
	}
	if err != nil {
		return Order{}, fmt.Errorf("lwa token: %w", err)
	}
	u := c.endpoint + "/orders/2026-01-01/orders/" + url.PathEscape(id) + "?includedData=" + url.QueryEscape(includedData)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return Order{}, fmt.Errorf("spapi request: %w", err)
	}
	req.Header.Set("x-amz-access-token", tok.AccessToken)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "buyerdesk (Language=Go)")
	res, err := c.cfg.HTTPClient.Do(req)
	if err != nil {
		return Order{}, fmt.Errorf("spapi get order: %w", err)
	}
	defer res.Body.Close()
	c.adoptRateLimit(res.Header.Get("x-amzn-RateLimit-Limit"))
	body, err := io.ReadAll(io.LimitReader(res.Body, 4<<20))
	if err != nil {
		return Order{}, fmt.Errorf("spapi read answer: %w", err)
	}
	if res.StatusCode != http.StatusOK {
		return Order{}, answerError(res, body)
	}
	var wr wireResponse
	if err := json.Unmarshal(body, &wr); err != nil {
		return Order{}, fmt.Errorf("spapi decode order: %w", err)
	}
	return wr.Order.order(), nil
}

// adoptRateLimit follows the usage plan Amazon reports for this operation.
func (c *Client) adoptRateLimit(h string) {
	if h == "" {
		return
	}
	r, err := strconv.ParseFloat(h, 64)
	if err != nil || r <= 0 || rate.Limit(r) == c.limiter.Limit() {
		return
	}
	c.limiter.SetLimit(rate.Limit(r))
}

func answerError(res *http.Response, body []byte) error {
	e := &Error{Status: res.StatusCode, RequestID: res.Header.Get("x-amzn-RequestId")}
	var list struct {
		Errors []struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"errors"`
	}
	if json.Unmarshal(body, &list) == nil && len(list.Errors) > 0 {
		e.Code, e.Message = list.Errors[0].Code, list.Errors[0].Message
	} else {
		e.Message = http.StatusText(res.StatusCode)
	}
	if after := retryAfter(res.Header.Get("Retry-After")); after > 0 {
		return &retryAfterError{err: e, after: after}
	}
	return e
}

// retryAfter reads a Retry-After header given in seconds.
func retryAfter(h string) time.Duration {
	s, err := strconv.Atoi(h)
	if err != nil || s <= 0 {
		return 0
	}
	return time.Duration(s) * time.Second
}
