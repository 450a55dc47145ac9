package identity

import (
	"fmt"
	"strings"
	"time"
)

// Kind is the kind of an identifier.
type Kind uint8

// Identifier kinds, in the order the YAML lists them.
const (
	Email Kind = iota
	Phone
	Cookie
	DeviceID
	CustomerID
	IP
)

// NumKinds is the number of identifier kinds.
const NumKinds = 6

var kindNames = [NumKinds]string{"email", "phone", "cookie", "device_id", "customer_id", "ip"}

func (k Kind) String() string {
	if int(k) < NumKinds {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", k)
}

// KindNames lists the YAML names of every kind.
func KindNames() []string { return append([]string(nil), kindNames[:]...) }

// ParseKind reads a kind by its YAML name.
func ParseKind(s string) (Kind, error) {
	for i, n := range kindNames {
		if n == s {
			return Kind(i), nil
		}
	}
	return 0, fmt.Errorf("unknown identifier kind %q: want one of %s", s, strings.Join(kindNames[:], ", "))
}

const (
	day  = 24 * time.Hour
	year = 365 * day
)

// DefaultShares are the kind shares of a person's own identifiers. No
// published breakdown exists; cookies dominate because they churn (unsourced,
// make it a parameter).
var DefaultShares = [NumKinds]float64{
	Email:      0.25,
	Phone:      0.15,
	Cookie:     0.30,
	DeviceID:   0.15,
	CustomerID: 0.05,
	IP:         0.10,
}

// DefaultLifetimes say how long an identifier keeps being seen; zero means
// for the whole history. Cookies churn in weeks to months (browser ITP caps
// first-party cookies at 7 days, others live longer; unsourced average),
// devices are replaced every few years, home IPs are reassigned.
var DefaultLifetimes = [NumKinds]time.Duration{
	Cookie:   90 * day,
	DeviceID: 3 * year,
	IP:       180 * day,
}
