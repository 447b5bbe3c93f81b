package spapi

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/time/rate"
)

// Regional SP-API endpoints.
var regionEndpoints = map[string]string{
	"na": "https://sellingpartnerapi-na.amazon.com",
	"eu": "https://sellingpartnerapi-eu.amazon.com",
	"fe": "https://sellingpartnerapi-fe.amazon.com",
}

// DefaultTokenURL is Login with Amazon's token endpoint.
const DefaultTokenURL = "https://api.amazon.com/auth/o2/token"

// Config configures a Client. Zero fields take the defaults noted.
type Config struct {
	// Endpoint is the SP-API base URL; it wins over Region.
	Endpoint string
	// Region is "na", "eu" or "fe" (default "na").
	Region string
	// TokenURL is the LWA token endpoint (default DefaultTokenURL).
	TokenURL     string
	ClientID     string
	ClientSecret string
	RefreshToken string
	// Rate and Burst are getOrder's usage plan (default 0.5/s, burst 30).
	Rate  float64
	Burst int
	// MaxAttempts bounds tries per lookup on 429 and 5xx (default 4).
	MaxAttempts int
	// Backoff is the first retry delay, doubled each retry (default 1s).
	Backoff time.Duration
	// TokenEarlyExpiry renews the access token this long before it
	// expires (default 1 minute).
	TokenEarlyExpiry time.Duration
	// HTTPClient serves both LWA and SP-API requests (default http.DefaultClient).
	HTTPClient *http.Client
	// Now is the cache's clock (default time.Now).
	Now func() time.Time
	// CacheTTL is how long a found order is reused (default 10 minutes).
	CacheTTL time.Duration
}

// Client looks up orders. It is safe for concurrent use.
type Client struct {
	cfg      Config
	endpoint string
	initErr  error
	tokens   oauth2.TokenSource
	limiter  *rate.Limiter

	mu    sync.Mutex
	cache map[string]cached
}

type cached struct {
	order   Order
	expires time.Time
}

// New returns a Client for cfg. An unknown Region is reported by Order.
func New(cfg Config) *Client {
	if cfg.Region == "" {
		cfg.Region = "na"
	}
	if cfg.TokenURL == "" {
		cfg.TokenURL = DefaultTokenURL
	}
	if cfg.Rate <= 0 {
		cfg.Rate = 0.5
	}
	if cfg.Burst <= 0 {
		cfg.Burst = 30
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 4
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = time.Second
	}
	if cfg.TokenEarlyExpiry <= 0 {
		cfg.TokenEarlyExpiry = time.Minute
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = http.DefaultClient
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.CacheTTL <= 0 {
		cfg.CacheTTL = 10 * time.Minute
	}
	c := &Client{cfg: cfg, cache: map[string]cached{}}
	c.endpoint = cfg.Endpoint
	if c.endpoint == "" {
		ep, ok := regionEndpoints[cfg.Region]
		if !ok {
			c.initErr = fmt.Errorf("spapi region %q: want na, eu or fe", cfg.Region)
		}
		c.endpoint = ep
	}
	lwa := &oauth2.Config{
		ClientID:     cfg.ClientID,
		ClientSecret: cfg.ClientSecret,
		Endpoint:     oauth2.Endpoint{TokenURL: cfg.TokenURL, AuthStyle: oauth2.AuthStyleInParams},
	}
	// The token source outlives any one request, so it gets its own
	// context; it only carries the HTTP client.
	tctx := context.WithValue(context.Background(), oauth2.HTTPClient, cfg.HTTPClient)
	c.tokens = oauth2.ReuseTokenSourceWithExpiry(nil,
		lwa.TokenSource(tctx, &oauth2.Token{RefreshToken: cfg.RefreshToken}), cfg.TokenEarlyExpiry)
	c.limiter = rate.NewLimiter(rate.Limit(cfg.Rate), cfg.Burst)
	return c
}
