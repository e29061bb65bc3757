#ifndef ACCORD_BYTES_H
#define ACCORD_BYTES_H

#include <stddef.h>
#include <stdint.h>

/// The number of bytes at `bytes` before the first one a JSON string escapes (below 0x20, a
/// quote, a backslash); `count` when there is none. Thirty-two bytes a step with SSE2 where
/// the compiler targets it (the last bytes of a string of sixteen or more as its last
/// sixteen), one by one elsewhere.
size_t accord_json_plain_prefix(const uint8_t *bytes, size_t count);

/// The number of bytes at `bytes` before the first one the XML writer looks at: below 0x20
/// (but line feed and tab when `attribute` is 0), `<`, `>`, `&`, a quote, or 0xEF (which
/// starts U+FFFE and U+FFFF); `count` when there is none.
size_t accord_xml_plain_prefix(const uint8_t *bytes, size_t count, int attribute);

/// The index of the first of `count` 32-bit values at `values` equal to `value`; `count`
/// when there is none. Sixteen values a step with SSE2 where the compiler targets it.
size_t accord_find_u32(const uint32_t *values, size_t count, uint32_t value);
/// The index of the first of `count` 32-bit values equal to any of `a`, `b`, `c` and `d`;
/// `count` when there is none.
size_t accord_find_u32_any4(const uint32_t *values, size_t count, uint32_t a, uint32_t b, uint32_t c, uint32_t d);
/// The index of the first 32-bit value that is a line feed (0x0A), or a space (0x20) right
/// after a space; `count` when there is none.
size_t accord_find_line_feed_or_double_space(const uint32_t *values, size_t count);
/// The index of the first of `count` 32-bit values equal to any of the eight in `set`;
/// `count` when there is none.
size_t accord_find_u32_any8(const uint32_t *values, size_t count, const uint32_t set[8]);
/// The index of the first of `count` scalar values (below 0x110000) that is neither a line
/// feed nor printable ASCII (0x20 to 0x7E); `count` when there is none.
size_t accord_find_u32_not_printable(const uint32_t *values, size_t count);

/// Widens the bytes at `bytes` (at most `count`) sixteen at a time while all sixteen are ASCII
/// and none is NUL: each byte's value to `scalars`, its offset (`offset` plus its index) to
/// `starts` and the offset after it to `ends`, and the line feeds among them added to
/// `*lines`. Returns how many bytes it took: a multiple of sixteen (of eight without SSE2),
/// the rest left to the caller. The offsets stay below 2^32 (the caller's to ensure).
size_t accord_widen_ascii(const uint8_t *bytes, size_t count, uint32_t offset,
                          uint32_t *scalars, uint32_t *starts, uint32_t *ends, size_t *lines);

/// The UTF-8 length of `count` Unicode scalar values (each below 0x110000, none a surrogate).
size_t accord_utf8_length_u32(const uint32_t *values, size_t count);
/// Writes the UTF-8 of `count` Unicode scalar values to `out` (room for
/// `accord_utf8_length_u32` bytes); returns how many bytes it wrote. Runs of sixteen ASCII
/// values are narrowed a vector at a time with SSE2.
size_t accord_utf8_encode_u32(const uint32_t *values, size_t count, uint8_t *out);

/// The words of `count` bytes (runs of ASCII letters and of bytes beyond ASCII, as the
/// language guess reads them): their number to `*words`, and the key of each of at most eight
/// bytes to `keys` (room for `count / 2 + 1`): its bytes, ASCII letters lower-cased, first byte
/// highest. Returns how many keys it wrote. Sixty-four bytes a step with SSE2.
size_t accord_short_words(const uint8_t *bytes, size_t count, uint64_t *keys, size_t *words);

#endif
