package amazontest

import (
	_ "embed"
	"encoding/json"
	"fmt"
)

//go:embed data/orders.json
var seedJSON []byte

// SeedOrders returns the embedded example orders (Amazon.de, Amazon.com and
// Amazon.co.uk; shipped, in transit, delivered and unshipped), shaped like the
// sandbox examples of getOrder. Each call returns fresh copies.
func SeedOrders() ([]Order, error) {
	var orders []Order
	if err := json.Unmarshal(seedJSON, &orders); err != nil {
		return nil, fmt.Errorf("seed orders: %w", err)
	}
	return orders, nil
}
