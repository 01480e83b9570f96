// Package jsonw appends JSON values to byte slices without reflection. Its
// output is byte-for-byte what encoding/json produces for the same Go values,
// so hand-written encoders built on it can replace json.Marshal and
// json.Encoder in hot paths without changing a single byte of output.
package jsonw

import (
	"strconv"
	"unicode/utf8"
)

const hex = "0123456789abcdef"

// Escape classes for a byte, indexed by its value. A zero entry is a byte that
// is copied as it is.
const (
	copyByte  = 0 // copied unchanged
	escByte   = 1 // an ASCII byte that needs a backslash escape
	multiByte = 2 // the first or later byte of a multi-byte (or invalid) UTF-8 sequence
)

// plain and html classify every byte value for AppendString without and with
// HTML escaping. encoding/json escapes the control characters U+0000 to U+001F,
// '"' and '\\', and with HTML escaping also '<', '>' and '&'. DEL (0x7F) is
// copied as it is. Every byte at or above 0x80 is looked at as UTF-8.
var plain, html = func() (p, h [256]uint8) {
	for b := range 256 {
		switch {
		case b < 0x20 || b == '"' || b == '\\':
			p[b], h[b] = escByte, escByte
		case b == '<' || b == '>' || b == '&':
			h[b] = escByte
		case b >= utf8.RuneSelf:
			p[b], h[b] = multiByte, multiByte
		}
	}
	return p, h
}()

// AppendString appends s to dst as a quoted JSON string, exactly as
// encoding/json writes a Go string when its Encoder's SetEscapeHTML is given
// escapeHTML (json.Marshal uses true).
//
// Like encoding/json, it writes '"' and '\\' with a backslash; \b, \f, \n, \r
// and \t as those two-character escapes; every other byte below 0x20 as
// \u00XX with lowercase hex digits; '<', '>' and '&' as \u003c, \u003e and
// \u0026 when escapeHTML is true; U+2028 and U+2029 as \u2028 and \u2029
// always; and each byte that is not part of a valid UTF-8 sequence as \ufffd.
// Everything else, DEL and valid non-ASCII text included, is copied as it is.
func AppendString(dst []byte, s string, escapeHTML bool) []byte {
	tab := &plain
	if escapeHTML {
		tab = &html
	}
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		switch tab[b] {
		case copyByte:
			i++
			continue
		case escByte:
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		// A non-ASCII byte. Valid sequences other than U+2028 and U+2029 stay
		// in the current run and are copied with it later.
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case c == '\u2028' || c == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[c&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// AppendInt appends n to dst as a JSON number, exactly as encoding/json writes
// a Go int.
func AppendInt(dst []byte, n int) []byte {
	return strconv.AppendInt(dst, int64(n), 10)
}

// AppendBool appends b to dst as the JSON literal true or false.
func AppendBool(dst []byte, b bool) []byte {
	if b {
		return append(dst, "true"...)
	}
	return append(dst, "false"...)
}
