package spapi

import (
	"time"
)

// Order holds the facts about an order that reply templates use, mapped from
// getOrder's Order model. Times are zero when Amazon did not send them.
//
// The model has no delivery timestamp: Delivered says every package has
// status DELIVERED, but when is unknown. Buyer name and address are never
// requested, so they are not here.
type Order struct {
	OrderID         string
	MarketplaceID   string
	MarketplaceName string // e.g. "Amazon.de"
	// Status is the fulfillment status: PENDING_AVAILABILITY, PENDING,
	// UNSHIPPED, PARTIALLY_SHIPPED, SHIPPED, CANCELLED or UNFULFILLABLE.
	Status       string
	FulfilledBy  string // MERCHANT or AMAZON
	PurchaseDate time.Time
	// ShipDate is the earliest package ship time.
	ShipDate             time.Time
	LatestShipDate       time.Time
	EarliestDeliveryDate time.Time
	LatestDeliveryDate   time.Time
	Delivered            bool
	// Carrier is the first package's carrier; Tracking holds every
	// package's tracking number in package order.
	Carrier      string
	Tracking     []string
	Packages     []Package
	ProductNames []string
	Total        Money
}

// Package is one shipped package.
type Package struct {
	Carrier  string
	Service  string
	Tracking string
	Status   string // PENDING, IN_TRANSIT, SHIPPED, DELIVERED, CANCELLED, UNDELIVERABLE
	ShipTime time.Time
}

// Money is an amount as Amazon sends it: a decimal string and an ISO 4217 code.
type Money struct {
	Amount   string
	Currency string
}

// The wire model (definitions of orders_2026-01-01.json), reduced to what is mapped.
type wireResponse struct {
	Order wireOrder `json:"order"`
}

type wireOrder struct {
	OrderID      string `json:"orderId"`
	CreatedTime  string `json:"createdTime"`
	SalesChannel struct {
		MarketplaceID   string `json:"marketplaceId"`
		MarketplaceName string `json:"marketplaceName"`
	} `json:"salesChannel"`
	Proceeds *struct {
		GrandTotal *wireMoney `json:"grandTotal"`
	} `json:"proceeds"`
	Fulfillment *struct {
		FulfillmentStatus string     `json:"fulfillmentStatus"`
		FulfilledBy       string     `json:"fulfilledBy"`
		ShipByWindow      wireWindow `json:"shipByWindow"`
		DeliverByWindow   wireWindow `json:"deliverByWindow"`
	} `json:"fulfillment"`
	OrderItems []struct {
		Product struct {
			Title string `json:"title"`
		} `json:"product"`
	} `json:"orderItems"`
	Packages []struct {
		Carrier         string `json:"carrier"`
		ShippingService string `json:"shippingService"`
		TrackingNumber  string `json:"trackingNumber"`
		ShipTime        string `json:"shipTime"`
		PackageStatus   *struct {
			Status string `json:"status"`
		} `json:"packageStatus"`
	} `json:"packages"`
}

type wireMoney struct {
	Amount       string `json:"amount"`
	CurrencyCode string `json:"currencyCode"`
}

type wireWindow struct {
	EarliestDateTime string `json:"earliestDateTime"`
	LatestDateTime   string `json:"latestDateTime"`
}

// parseTime reads an ISO 8601 timestamp; anything unreadable is zero.
func parseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

func (w wireOrder) order() Order {
	o := Order{
		OrderID:         w.OrderID,
		MarketplaceID:   w.SalesChannel.MarketplaceID,
		MarketplaceName: w.SalesChannel.MarketplaceName,
		PurchaseDate:    parseTime(w.CreatedTime),
	}
	if p := w.Proceeds; p != nil && p.GrandTotal != nil {
		o.Total = Money{Amount: p.GrandTotal.Amount, Currency: p.GrandTotal.CurrencyCode}
	}
	if f := w.Fulfillment; f != nil {
		o.Status = f.FulfillmentStatus
		o.FulfilledBy = f.FulfilledBy
		o.LatestShipDate = parseTime(f.ShipByWindow.LatestDateTime)
		o.EarliestDeliveryDate = parseTime(f.DeliverByWindow.EarliestDateTime)
		o.LatestDeliveryDate = parseTime(f.DeliverByWindow.LatestDateTime)
	}
	for _, it := range w.OrderItems {
		if it.Product.Title != "" {
			o.ProductNames = append(o.ProductNames, it.Product.Title)
		}
	}
	delivered := len(w.Packages) > 0
	for _, wp := range w.Packages {
		p := Package{Carrier: wp.Carrier, Service: wp.ShippingService, Tracking: wp.TrackingNumber, ShipTime: parseTime(wp.ShipTime)}
		if wp.PackageStatus != nil {
			p.Status = wp.PackageStatus.Status
		}
		delivered = delivered && p.Status == "DELIVERED"
		if o.Carrier == "" {
			o.Carrier = p.Carrier
		}
		if p.Tracking != "" {
			o.Tracking = append(o.Tracking, p.Tracking)
		}
		if !p.ShipTime.IsZero() && (o.ShipDate.IsZero() || p.ShipTime.Before(o.ShipDate)) {
			o.ShipDate = p.ShipTime
		}
		o.Packages = append(o.Packages, p)
	}
	o.Delivered = delivered
	return o
}
