// Package identity generates identity populations and their link-event
// history: people who own identifiers of several kinds (emails, phones,
// cookies, device ids, customer ids, IP addresses), households that share
// devices and IPs, junk identifiers such as test@test.com that attach to
// many people, and the link events a backfill replays, spread over years of
// history in chronological or shuffled order.
//
// Everything is drawn from one seeded source, so the same Config gives the
// same population and the same events, byte for byte.
package identity
