#ifndef ACCORD_BYTES_H
#define ACCORD_BYTES_H

#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// The number of bytes at `bytes` before the first one a JSON string escapes (below 0x20, a
/// quote, a backslash); `count` when there is none. Thirty-two bytes a step with SSE2 where
/// the compiler targets it (the last bytes of a string of sixteen or more as its last
/// sixteen), one by one elsewhere.
size_t accord_json_plain_prefix(const uint8_t *bytes, size_t count);

/// 1 when every one of the `count` bytes at `bytes` is below 0x80, else 0 (sixty-four bytes a
/// step with SSE2).
int accord_is_ascii(const uint8_t *bytes, size_t count);

/// The offset just past the JSON value that starts, after any white space, at `start` of the
/// `count` bytes (valid UTF-8) at `bytes`, or -1 when there is none well formed there or it
/// nests containers `64 - depth` deep or more: `JSONReader.skipValue(depth:)` of the document
/// report reader, which reads the value for its form only (see bytes.c).
ptrdiff_t accord_json_value_end(const uint8_t *bytes, size_t count, size_t start, int depth);

/// The number of bytes at `bytes` before the first one the XML writer looks at: below 0x20
/// (but line feed and tab when `attribute` is 0), `<`, `>`, `&`, a quote, or 0xEF (which
/// starts U+FFFE and U+FFFF); `count` when there is none.
size_t accord_xml_plain_prefix(const uint8_t *bytes, size_t count, int attribute);

/// The number of bytes at `bytes` before the first one HTML text escapes: below 0x20 (but
/// line feed and tab), `<`, `>`, `&`, `"` or `'`; `count` when there is none.
size_t accord_html_plain_prefix(const uint8_t *bytes, size_t count);

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
/// and none is NUL: each byte's value to `scalars`, its source range to `offsets` (its offset,
/// `offset` plus its index, in the low 32 bits and the offset after it in the high 32 bits),
/// and the line feeds among them added to `*lines`. Returns how many bytes it took: a
/// multiple of sixteen (of eight without SSE2), the rest left to the caller. The offsets stay
/// below 2^32 (the caller's to ensure).
size_t accord_widen_ascii(const uint8_t *bytes, size_t count, uint32_t offset,
                          uint32_t *scalars, uint64_t *offsets, size_t *lines);

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

/// The run of ASCII letters and digits at the start of a word (the tokenizer's common case),
/// read sixteen scalars at once with SSE2.
typedef struct {
    /// The run's first eight and next eight bytes, little-endian, zero past the run.
    uint64_t low, high;
    /// The run's length in scalars: at most `available`, and 16 for a run of sixteen or more.
    uint32_t length;
    /// Bit k set where the run's scalar k is a capital (A-Z), a small letter, a digit.
    uint32_t upper, lower, digits;
} accord_ascii_word_t;

/// `accord_ascii_word` scalar by scalar, stopping at the run's end: the function itself where
/// there is no SSE2 (tests compare the two).
static inline accord_ascii_word_t accord_ascii_word_scalar(const uint32_t *values, size_t available, size_t readable) {
    size_t limit = available < readable ? available : readable;
    if (limit > 16) limit = 16;
    accord_ascii_word_t word = {0, 0, 0, 0, 0, 0};
    uint32_t k = 0;
    for (; k < limit; k++) {
        uint32_t v = values[k];
        if (v >= 0x41 && v <= 0x5A) word.upper |= 1u << k;
        else if (v >= 0x61 && v <= 0x7A) word.lower |= 1u << k;
        else if (v >= 0x30 && v <= 0x39) word.digits |= 1u << k;
        else break;
        if (k < 8) word.low |= (uint64_t)v << (8 * k); else word.high |= (uint64_t)v << (8 * (k - 8));
    }
    word.length = k;
    return word;
}

/// The run of ASCII letters and digits among the first `available` (at most 16 are looked
/// at) of the scalar values at `values`, of which `readable` can be read (scalars past
/// `available` are read when readable, and ignored). Inline, for the tokenizer's loop: with
/// SSE2 on x86-64 the sixteen scalars are narrowed to bytes (every scalar beyond ASCII to a
/// byte of 0x80 or more), then classified at once.
static inline accord_ascii_word_t accord_ascii_word(const uint32_t *values, size_t available, size_t readable) {
#if defined(__SSE2__) && defined(__x86_64__)
    uint32_t buffer[16];
    const uint32_t *p = values;
    if (readable < 16) {
        /* Zero is no letter or digit: the run ends where the readable scalars do. */
        for (int k = 0; k < 16; k++) buffer[k] = k < (int)readable ? values[k] : 0;
        p = buffer;
    }
    __m128i a = _mm_loadu_si128((const __m128i *)p), b = _mm_loadu_si128((const __m128i *)(p + 4));
    __m128i c = _mm_loadu_si128((const __m128i *)(p + 8)), d = _mm_loadu_si128((const __m128i *)(p + 12));
    /* Signed saturation to 16 bits, then unsigned to 8: ASCII stays itself, U+0080-U+00FF
       its own byte, anything above 0x7FFF or 0xFF (saturated): bytes of 0x80 or more. */
    __m128i bytes = _mm_packus_epi16(_mm_packs_epi32(a, b), _mm_packs_epi32(c, d));
    /* As signed bytes those are negative: no range test below takes them. */
    __m128i up = _mm_and_si128(_mm_cmpgt_epi8(bytes, _mm_set1_epi8(0x40)), _mm_cmplt_epi8(bytes, _mm_set1_epi8(0x5B)));
    __m128i lo = _mm_and_si128(_mm_cmpgt_epi8(bytes, _mm_set1_epi8(0x60)), _mm_cmplt_epi8(bytes, _mm_set1_epi8(0x7B)));
    __m128i di = _mm_and_si128(_mm_cmpgt_epi8(bytes, _mm_set1_epi8(0x2F)), _mm_cmplt_epi8(bytes, _mm_set1_epi8(0x3A)));
    uint32_t upper = (uint32_t)_mm_movemask_epi8(up);
    uint32_t lower = (uint32_t)_mm_movemask_epi8(lo);
    uint32_t digits = (uint32_t)_mm_movemask_epi8(di);
    uint32_t limit = (1u << (available < 16 ? available : 16)) - 1;
    uint32_t alnum = (upper | lower | digits) & limit;
    /* Bit 16 of the complement is always set: the length is at most 16. */
    uint32_t length = (uint32_t)__builtin_ctz(~alnum);
    uint32_t run = (1u << length) - 1;
    /* The bytes past the run cleared: lane k kept where k < length. */
    const __m128i lanes = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    bytes = _mm_and_si128(bytes, _mm_cmpgt_epi8(_mm_set1_epi8((char)length), lanes));
    accord_ascii_word_t word;
    word.low = (uint64_t)_mm_cvtsi128_si64(bytes);
    word.high = (uint64_t)_mm_cvtsi128_si64(_mm_srli_si128(bytes, 8));
    word.length = length;
    word.upper = upper & run;
    word.lower = lower & run;
    word.digits = digits & run;
    return word;
#else
    return accord_ascii_word_scalar(values, available, readable);
#endif
}

/* Keep freed memory for reuse rather than mapping memory of its own to each large
   allocation and unmapping it when freed (glibc; nothing elsewhere). See accord/main.swift. */
void accord_keep_freed_memory(void);

#endif
