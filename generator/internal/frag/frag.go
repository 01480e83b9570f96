// Package frag keeps the pieces of big generated files (a row of the search
// index, an action's record in actions.json, its calendar event) from one
// watch-mode rebuild to the next, so that a rebuild computes only the pieces
// of what changed and copies the rest.
//
// A piece is kept by a key, usually a pointer into the journal: watch mode
// swaps edited notes into the same journal (journal.ReplaceNote) and tells
// the cache which meetings and actions changed, and a journal linked anew
// gets new caches.
package frag

import "bytes"

// Cache keeps pieces by key. A nil *Cache keeps nothing: Append computes
// every piece, as a one-off build wants. A Cache is not safe for concurrent
// use; give each generated file its own.
type Cache[K comparable] struct {
	m map[K][]byte
}

// New returns an empty cache.
func New[K comparable]() *Cache[K] { return &Cache[K]{m: map[K][]byte{}} }

// Append appends the piece for k to dst: the kept one, or the one piece
// appends to an empty slice, which it keeps.
func (c *Cache[K]) Append(dst []byte, k K, piece func(dst []byte) []byte) []byte {
	if c == nil {
		return piece(dst)
	}
	if p, ok := c.m[k]; ok {
		return append(dst, p...)
	}
	start := len(dst)
	dst = piece(dst)
	// A copy: a slice of dst would keep all of dst alive.
	c.m[k] = bytes.Clone(dst[start:])
	return dst
}

// Forget drops the piece of k.
func (c *Cache[K]) Forget(k K) {
	if c != nil {
		delete(c.m, k)
	}
}
