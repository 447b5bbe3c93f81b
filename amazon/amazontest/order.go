package amazontest

import "time"

// Order is a getOrder response's order in the wire shape of SP-API Orders
// v2026-01-01 (definitions/Order). Only the parts buyerdesk's stand-in serves
// are modelled; field names follow the model exactly.
type Order struct {
	OrderID         string       `json:"orderId"`
	OrderAliases    []Alias      `json:"orderAliases,omitempty"`
	CreatedTime     time.Time    `json:"createdTime"`
	LastUpdatedTime time.Time    `json:"lastUpdatedTime"`
	Programs        []string     `json:"programs,omitempty"`
	SalesChannel    SalesChannel `json:"salesChannel"`
	Buyer           *Buyer       `json:"buyer,omitempty"`
	Recipient       *Recipient   `json:"recipient,omitempty"`
	Proceeds        *Proceeds    `json:"proceeds,omitempty"`
	Fulfillment     *Fulfillment `json:"fulfillment,omitempty"`
	OrderItems      []OrderItem  `json:"orderItems"`
	Packages        []Package    `json:"packages,omitempty"`
}

// Alias is definitions/Alias.
type Alias struct {
	AliasID   string `json:"aliasId"`
	AliasType string `json:"aliasType"`
}

// SalesChannel is definitions/SalesChannel.
type SalesChannel struct {
	ChannelName     string `json:"channelName"`
	MarketplaceID   string `json:"marketplaceId,omitempty"`
	MarketplaceName string `json:"marketplaceName,omitempty"`
}

// Buyer is definitions/Buyer; served only when BUYER is requested.
type Buyer struct {
	BuyerName  string `json:"buyerName,omitempty"`
	BuyerEmail string `json:"buyerEmail,omitempty"`
}

// Recipient is definitions/Recipient; served only when RECIPIENT is requested.
type Recipient struct {
	DeliveryAddress Address `json:"deliveryAddress"`
}

// Address is a subset of definitions/CustomerAddress.
type Address struct {
	Name          string `json:"name"`
	AddressLine1  string `json:"addressLine1"`
	City          string `json:"city"`
	StateOrRegion string `json:"stateOrRegion"`
	PostalCode    string `json:"postalCode"`
	CountryCode   string `json:"countryCode"`
	AddressType   string `json:"addressType,omitempty"`
}

// Money is definitions/Money; Amount is a decimal string.
type Money struct {
	Amount       string `json:"amount"`
	CurrencyCode string `json:"currencyCode"`
}

// Proceeds is definitions/OrderProceeds.
type Proceeds struct {
	GrandTotal Money `json:"grandTotal"`
}

// Window is definitions/DateTimeRange.
type Window struct {
	EarliestDateTime *time.Time `json:"earliestDateTime,omitempty"`
	LatestDateTime   *time.Time `json:"latestDateTime,omitempty"`
}

// Fulfillment is definitions/OrderFulfillment.
type Fulfillment struct {
	FulfillmentStatus       string  `json:"fulfillmentStatus"`
	FulfilledBy             string  `json:"fulfilledBy,omitempty"`
	FulfillmentServiceLevel string  `json:"fulfillmentServiceLevel,omitempty"`
	ShipByWindow            *Window `json:"shipByWindow,omitempty"`
	DeliverByWindow         *Window `json:"deliverByWindow,omitempty"`
}

// OrderItem is definitions/OrderItem.
type OrderItem struct {
	OrderItemID     string        `json:"orderItemId"`
	QuantityOrdered int           `json:"quantityOrdered"`
	Product         Product       `json:"product"`
	Proceeds        *ItemProceeds `json:"proceeds,omitempty"`
	Fulfillment     *ItemFulfill  `json:"fulfillment,omitempty"`
}

// Product is definitions/ItemProduct.
type Product struct {
	ASIN      string     `json:"asin,omitempty"`
	Title     string     `json:"title,omitempty"`
	SellerSKU string     `json:"sellerSku,omitempty"`
	Condition *Condition `json:"condition,omitempty"`
	Price     *Price     `json:"price,omitempty"`
}

// Condition is definitions/ItemCondition.
type Condition struct {
	ConditionType    string `json:"conditionType"`
	ConditionSubtype string `json:"conditionSubtype,omitempty"`
	ConditionNote    string `json:"conditionNote"`
}

// Price is definitions/ItemPrice.
type Price struct {
	UnitPrice Money `json:"unitPrice"`
}

// ItemProceeds is definitions/ItemProceeds.
type ItemProceeds struct {
	ProceedsTotal Money `json:"proceedsTotal"`
}

// ItemFulfill is definitions/ItemFulfillment.
type ItemFulfill struct {
	QuantityFulfilled   int `json:"quantityFulfilled"`
	QuantityUnfulfilled int `json:"quantityUnfulfilled"`
}

// Package is definitions/OrderPackage; served only when PACKAGES is requested.
type Package struct {
	PackageReferenceID string         `json:"packageReferenceId"`
	CreatedTime        *time.Time     `json:"createdTime,omitempty"`
	PackageStatus      *PackageStatus `json:"packageStatus,omitempty"`
	Carrier            string         `json:"carrier,omitempty"`
	ShipTime           *time.Time     `json:"shipTime,omitempty"`
	ShippingService    string         `json:"shippingService,omitempty"`
	TrackingNumber     string         `json:"trackingNumber,omitempty"`
	PackageItems       []PackageItem  `json:"packageItems,omitempty"`
}

// PackageStatus is definitions/PackageStatus.
type PackageStatus struct {
	Status         string `json:"status"`
	DetailedStatus string `json:"detailedStatus,omitempty"`
}

// PackageItem is definitions/PackageItem.
type PackageItem struct {
	OrderItemID string `json:"orderItemId"`
	Quantity    int    `json:"quantity"`
}

// only returns a copy of o holding just the datasets named in included
// (the includedData values), as getOrder does.
func (o Order) only(included map[string]bool) Order {
	if !included["BUYER"] {
		o.Buyer = nil
	}
	if !included["RECIPIENT"] {
		o.Recipient = nil
	}
	if !included["PROCEEDS"] {
		o.Proceeds = nil
	}
	if !included["FULFILLMENT"] {
		o.Fulfillment = nil
	}
	if !included["PACKAGES"] {
		o.Packages = nil
	}
	items := make([]OrderItem, len(o.OrderItems))
	for i, it := range o.OrderItems {
		if !included["PROCEEDS"] {
			it.Proceeds = nil
		}
		if !included["FULFILLMENT"] {
			it.Fulfillment = nil
		}
		items[i] = it
	}
	o.OrderItems = items
	return o
}

// Shift returns a copy of o with every timestamp moved by d, so a seeded
// order can be served as if it had been placed recently.
func (o Order) Shift(d time.Duration) Order {
	o.CreatedTime = o.CreatedTime.Add(d)
	o.LastUpdatedTime = o.LastUpdatedTime.Add(d)
	if f := o.Fulfillment; f != nil {
		fc := *f
		fc.ShipByWindow = fc.ShipByWindow.shift(d)
		fc.DeliverByWindow = fc.DeliverByWindow.shift(d)
		o.Fulfillment = &fc
	}
	pkgs := make([]Package, len(o.Packages))
	for i, p := range o.Packages {
		p.CreatedTime = shiftPtr(p.CreatedTime, d)
		p.ShipTime = shiftPtr(p.ShipTime, d)
		pkgs[i] = p
	}
	if o.Packages != nil {
		o.Packages = pkgs
	}
	return o
}

func (w *Window) shift(d time.Duration) *Window {
	if w == nil {
		return nil
	}
	return &Window{EarliestDateTime: shiftPtr(w.EarliestDateTime, d), LatestDateTime: shiftPtr(w.LatestDateTime, d)}
}

func shiftPtr(t *time.Time, d time.Duration) *time.Time {
	if t == nil {
		return nil
	}
	s := t.Add(d)
	return &s
}
