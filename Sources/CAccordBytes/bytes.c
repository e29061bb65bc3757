#include "accord_bytes.h"
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static inline int json_special(uint8_t c) { return c < 0x20 || c == '"' || c == '\\'; }

static inline int xml_special(uint8_t c, int attribute) {
    if (c < 0x20) return attribute || (c != 0x0A && c != 0x09);
    return c == '<' || c == '>' || c == '&' || c == '"' || c == 0xEF;
}

#if defined(__SSE2__)
static inline int json_special_mask(__m128i v) {
    const __m128i below = _mm_set1_epi8(0x1F), quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
    // Unsigned v <= 0x1F exactly when min(v, 0x1F) == v.
    __m128i special = _mm_cmpeq_epi8(_mm_min_epu8(v, below), v);
    special = _mm_or_si128(special, _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
    return _mm_movemask_epi8(special);
}
#endif

#if defined(__SSE2__)
static inline __m128i load16(const uint8_t *p) { return _mm_loadu_si128((const __m128i *)p); }

/* The byte scans of sixteen bytes or more: thirty-two bytes a step (two masks joined), then
   sixteen; the last bytes as the string's last sixteen (the bytes read again, already passed,
   set no bit). `MASK(p)` is the 16-bit mask of the bytes at p that the scan stops at. A
   shorter string (most of a report's strings: ids, rules, names) is read byte by byte, by the
   loop every build has: fewer instructions than copying it into a padded block. */
#define SCAN_BYTES(MASK)                                                                       \
    for (; i + 32 <= count; i += 32) {                                                         \
        unsigned m = (unsigned)MASK(bytes + i) | (unsigned)MASK(bytes + i + 16) << 16;         \
        if (m) return i + (size_t)__builtin_ctz(m);                                            \
    }                                                                                          \
    for (; i + 16 <= count; i += 16) {                                                         \
        unsigned m = (unsigned)MASK(bytes + i);                                                \
        if (m) return i + (size_t)__builtin_ctz(m);                                            \
    }                                                                                          \
    if (i < count) {                                                                           \
        unsigned m = (unsigned)MASK(bytes + count - 16);                                       \
        return m ? count - 16 + (size_t)__builtin_ctz(m) : count;                              \
    }                                                                                          \
    return count;
#endif

/* The body of a `*_plain_prefix` scan: the number of bytes at `bytes` before the first one
   `SPECIAL(byte)` holds for, `count` when there is none; from sixteen bytes on by `MASK(p)`
   (its 16-bit mask of those bytes at p) where there is SSE2. */
#if defined(__SSE2__)
#define PLAIN_PREFIX(MASK, SPECIAL)                                                            \
    size_t i = 0;                                                                              \
    if (count >= 16) {                                                                         \
        SCAN_BYTES(MASK)                                                                       \
    }                                                                                          \
    for (; i < count; i++) {                                                                   \
        if (SPECIAL(bytes[i])) return i;                                                       \
    }                                                                                          \
    return count;
#else
#define PLAIN_PREFIX(MASK, SPECIAL)                                                            \
    for (size_t i = 0; i < count; i++) {                                                       \
        if (SPECIAL(bytes[i])) return i;                                                       \
    }                                                                                          \
    return count;
#endif

size_t accord_json_plain_prefix(const uint8_t *bytes, size_t count) {
#define JSON_MASK(p) json_special_mask(load16(p))
    PLAIN_PREFIX(JSON_MASK, json_special)
#undef JSON_MASK
}

/* A JSON value read for its form only (the document report reader's `skipValue`): the
   grammar's white space, objects with keys in any order, arrays, strings (no control byte,
   the short escapes, `\uXXXX` with surrogates in pairs), `true`, `false`, `null`, and numbers
   (`-`, digits without a leading zero, a fraction, an exponent). The bytes are UTF-8
   already; strings are passed sixteen bytes and more at a time. A value nested `JSON_DEPTH`
   deep or more is refused, as the reader refuses it. */
#define JSON_DEPTH 64
#define JSON_FAIL ((size_t)-1)

static inline int json_space(uint8_t c) { return c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09; }

/* The first byte at or after i that is not white space: sixteen bytes a step with SSE2 (a
   pretty-printed report's indentation runs to a dozen spaces and more). */
static inline size_t json_skip_space(const uint8_t *b, size_t n, size_t i) {
#if defined(__SSE2__)
    while (i + 16 <= n) {
        __m128i v = _mm_loadu_si128((const __m128i *)(b + i));
        __m128i space = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x20)), _mm_cmpeq_epi8(v, _mm_set1_epi8(0x0A))),
                                     _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x0D)), _mm_cmpeq_epi8(v, _mm_set1_epi8(0x09))));
        unsigned other = ~(unsigned)_mm_movemask_epi8(space) & 0xFFFFu;
        if (other) return i + (size_t)__builtin_ctz(other);
        i += 16;
    }
#endif
    while (i < n && json_space(b[i])) i++;
    return i;
}

static inline int json_hex(uint8_t c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* The four hex digits at i, or -1. */
static inline long json_hex4(const uint8_t *b, size_t n, size_t i) {
    if (i + 4 > n) return -1;
    long value = 0;
    for (size_t k = i; k < i + 4; k++) {
        int d = json_hex(b[k]);
        if (d < 0) return -1;
        value = value << 4 | d;
    }
    return value;
}

/* The string whose opening quote is at i: the offset past its closing quote. */
static size_t json_skip_string(const uint8_t *b, size_t n, size_t i) {
    i++;
    for (;;) {
        i += accord_json_plain_prefix(b + i, n - i);
        if (i >= n) return JSON_FAIL;
        if (b[i] == '"') return i + 1;
        if (b[i] != '\\' || i + 1 >= n) return JSON_FAIL;
        uint8_t escape = b[i + 1];
        i += 2;
        switch (escape) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
            break;
        case 'u': {
            long value = json_hex4(b, n, i);
            if (value < 0) return JSON_FAIL;
            i += 4;
            if (value >= 0xD800 && value < 0xDC00) {
                if (i + 1 >= n || b[i] != '\\' || b[i + 1] != 'u') return JSON_FAIL;
                long low = json_hex4(b, n, i + 2);
                if (low < 0xDC00 || low >= 0xE000) return JSON_FAIL;
                i += 6;
            } else if (value >= 0xDC00 && value < 0xE000) {
                return JSON_FAIL;
            }
            break;
        }
        default:
            return JSON_FAIL;
        }
    }
}

static inline size_t json_digits(const uint8_t *b, size_t n, size_t *i) {
    size_t start = *i;
    while (*i < n && b[*i] >= '0' && b[*i] <= '9') (*i)++;
    return *i - start;
}

static size_t json_skip_number(const uint8_t *b, size_t n, size_t i) {
    if (i < n && b[i] == '-') i++;
    size_t start = i;
    size_t whole = json_digits(b, n, &i);
    if (whole == 0 || (whole > 1 && b[start] == '0')) return JSON_FAIL;
    if (i < n && b[i] == '.') {
        i++;
        if (json_digits(b, n, &i) == 0) return JSON_FAIL;
    }
    if (i < n && (b[i] == 'e' || b[i] == 'E')) {
        i++;
        if (i < n && (b[i] == '+' || b[i] == '-')) i++;
        if (json_digits(b, n, &i) == 0) return JSON_FAIL;
    }
    return i;
}

static inline size_t json_literal(const uint8_t *b, size_t n, size_t i, const char *word, size_t length) {
    if (i + length > n || memcmp(b + i, word, length) != 0) return JSON_FAIL;
    return i + length;
}

static size_t json_skip_value(const uint8_t *b, size_t n, size_t i, int depth) {
    if (depth >= JSON_DEPTH) return JSON_FAIL;
    i = json_skip_space(b, n, i);
    if (i >= n) return JSON_FAIL;
    switch (b[i]) {
    case '{':
        i = json_skip_space(b, n, i + 1);
        if (i < n && b[i] == '}') return i + 1;
        for (;;) {
            i = json_skip_space(b, n, i);
            if (i >= n || b[i] != '"') return JSON_FAIL;
            i = json_skip_string(b, n, i);
            if (i == JSON_FAIL) return JSON_FAIL;
            i = json_skip_space(b, n, i);
            if (i >= n || b[i] != ':') return JSON_FAIL;
            i = json_skip_value(b, n, i + 1, depth + 1);
            if (i == JSON_FAIL) return JSON_FAIL;
            i = json_skip_space(b, n, i);
            if (i >= n) return JSON_FAIL;
            if (b[i] == '}') return i + 1;
            if (b[i] != ',') return JSON_FAIL;
            i++;
        }
    case '[':
        i = json_skip_space(b, n, i + 1);
        if (i < n && b[i] == ']') return i + 1;
        for (;;) {
            i = json_skip_value(b, n, i, depth + 1);
            if (i == JSON_FAIL) return JSON_FAIL;
            i = json_skip_space(b, n, i);
            if (i >= n) return JSON_FAIL;
            if (b[i] == ']') return i + 1;
            if (b[i] != ',') return JSON_FAIL;
            i++;
        }
    case '"':
        return json_skip_string(b, n, i);
    case 't':
        return json_literal(b, n, i, "true", 4);
    case 'f':
        return json_literal(b, n, i, "false", 5);
    case 'n':
        return json_literal(b, n, i, "null", 4);
    default:
        return json_skip_number(b, n, i);
    }
}

int accord_is_ascii(const uint8_t *bytes, size_t count) {
    size_t i = 0;
#if defined(__SSE2__)
    for (; i + 64 <= count; i += 64) {
        __m128i v = _mm_or_si128(_mm_or_si128(_mm_loadu_si128((const __m128i *)(bytes + i)), _mm_loadu_si128((const __m128i *)(bytes + i + 16))),
                                 _mm_or_si128(_mm_loadu_si128((const __m128i *)(bytes + i + 32)), _mm_loadu_si128((const __m128i *)(bytes + i + 48))));
        if (_mm_movemask_epi8(v)) return 0;
    }
#endif
    uint8_t high = 0;
    for (; i < count; i++) high |= bytes[i];
    return high < 0x80;
}

ptrdiff_t accord_json_value_end(const uint8_t *bytes, size_t count, size_t start, int depth) {
    if (start > count) return -1;
    size_t end = json_skip_value(bytes, count, start, depth);
    return end == JSON_FAIL ? -1 : (ptrdiff_t)end;
}

#if defined(__SSE2__)
static inline int xml_special_mask(__m128i v, int attribute) {
    const __m128i below = _mm_set1_epi8(0x1F), lf = _mm_set1_epi8(0x0A), tab = _mm_set1_epi8(0x09);
    const __m128i lt = _mm_set1_epi8('<'), gt = _mm_set1_epi8('>'), amp = _mm_set1_epi8('&'), quote = _mm_set1_epi8('"');
    const __m128i ef = _mm_set1_epi8((char)0xEF);
    __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(v, below), v);
    if (!attribute) control = _mm_andnot_si128(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, tab)), control);
    __m128i markup = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, lt), _mm_cmpeq_epi8(v, gt)),
                                  _mm_or_si128(_mm_cmpeq_epi8(v, amp), _mm_cmpeq_epi8(v, quote)));
    __m128i special = _mm_or_si128(_mm_or_si128(control, markup), _mm_cmpeq_epi8(v, ef));
    return _mm_movemask_epi8(special);
}
#endif

size_t accord_xml_plain_prefix(const uint8_t *bytes, size_t count, int attribute) {
#define XML_MASK(p) xml_special_mask(load16(p), attribute)
#define XML_SPECIAL(c) xml_special(c, attribute)
    PLAIN_PREFIX(XML_MASK, XML_SPECIAL)
#undef XML_SPECIAL
#undef XML_MASK
}

/* HTML text replaces what XML text content looks at, but for 0xEF (which HTML allows in
   every character it starts), and the apostrophe too. */
static inline int html_special(uint8_t c) { return (xml_special(c, 0) && c != 0xEF) || c == '\''; }

#if defined(__SSE2__)
static inline int html_special_mask(__m128i v) {
    int ef = _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xEF)));
    int apostrophe = _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\'')));
    return (xml_special_mask(v, 0) & ~ef) | apostrophe;
}
#endif

size_t accord_html_plain_prefix(const uint8_t *bytes, size_t count) {
#define HTML_MASK(p) html_special_mask(load16(p))
    PLAIN_PREFIX(HTML_MASK, html_special)
#undef HTML_MASK
}

#if defined(__SSE2__)
/* The scalar scans below read sixteen values a step: four vectors of hits (all ones in a
   lane that is one), one test of the four OR'd together, and only at a hit the index of
   the first, from the lanes' sign bits. Then four at a time, then one by one. `HIT(p)` is
   the vector of hits for the four values at p. */
static inline unsigned lanes(__m128i hits) { return (unsigned)_mm_movemask_ps(_mm_castsi128_ps(hits)); }

#define SCAN_U32(HIT)                                                                          \
    for (; i + 16 <= count; i += 16) {                                                         \
        __m128i h0 = HIT(values + i), h1 = HIT(values + i + 4);                                \
        __m128i h2 = HIT(values + i + 8), h3 = HIT(values + i + 12);                           \
        if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(h0, h1), _mm_or_si128(h2, h3)))) {     \
            unsigned m = lanes(h0) | lanes(h1) << 4 | lanes(h2) << 8 | lanes(h3) << 12;        \
            return i + (size_t)__builtin_ctz(m);                                               \
        }                                                                                      \
    }                                                                                          \
    for (; i + 4 <= count; i += 4) {                                                           \
        unsigned m = lanes(HIT(values + i));                                                   \
        if (m) return i + (size_t)__builtin_ctz(m);                                            \
    }

static inline __m128i load4(const uint32_t *p) { return _mm_loadu_si128((const __m128i *)p); }

static inline __m128i hit_any4(__m128i v, __m128i a, __m128i b, __m128i c, __m128i d) {
    return _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi32(v, a), _mm_cmpeq_epi32(v, b)),
                        _mm_or_si128(_mm_cmpeq_epi32(v, c), _mm_cmpeq_epi32(v, d)));
}

/* All ones in a lane whose value is neither a line feed nor printable ASCII (0x20–0x7E). */
static inline __m128i not_printable(__m128i v, __m128i lf, __m128i low, __m128i high, __m128i ones) {
    __m128i printable = _mm_and_si128(_mm_cmpgt_epi32(v, low), _mm_cmplt_epi32(v, high));
    return _mm_xor_si128(_mm_or_si128(printable, _mm_cmpeq_epi32(v, lf)), ones);
}
#endif

size_t accord_find_u32(const uint32_t *values, size_t count, uint32_t value) {
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i target = _mm_set1_epi32((int)value);
#define HIT_EQ(p) _mm_cmpeq_epi32(load4(p), target)
    SCAN_U32(HIT_EQ)
#undef HIT_EQ
#endif
    for (; i < count; i++) {
        if (values[i] == value) return i;
    }
    return count;
}

size_t accord_find_u32_any4(const uint32_t *values, size_t count, uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i ta = _mm_set1_epi32((int)a), tb = _mm_set1_epi32((int)b), tc = _mm_set1_epi32((int)c), td = _mm_set1_epi32((int)d);
#define HIT_ANY4(p) hit_any4(load4(p), ta, tb, tc, td)
    SCAN_U32(HIT_ANY4)
#undef HIT_ANY4
#endif
    for (; i < count; i++) {
        uint32_t v = values[i];
        if (v == a || v == b || v == c || v == d) return i;
    }
    return count;
}

size_t accord_find_line_feed_or_double_space(const uint32_t *values, size_t count) {
    if (count == 0) return 0;
    if (values[0] == 0x0A) return 0;
    size_t i = 1;
#if defined(__SSE2__)
    const __m128i lf = _mm_set1_epi32(0x0A), space = _mm_set1_epi32(0x20);
    /* A line feed, or a space after a space (the values one back, read unaligned). */
#define HIT_BREAK(p) _mm_or_si128(_mm_cmpeq_epi32(load4(p), lf), \
                                  _mm_and_si128(_mm_cmpeq_epi32(load4(p), space), _mm_cmpeq_epi32(load4((p) - 1), space)))
    SCAN_U32(HIT_BREAK)
#undef HIT_BREAK
#endif
    for (; i < count; i++) {
        if (values[i] == 0x0A || (values[i] == 0x20 && values[i - 1] == 0x20)) return i;
    }
    return count;
}

size_t accord_find_u32_any8(const uint32_t *values, size_t count, const uint32_t set[8]) {
    size_t i = 0;
#if defined(__SSE2__)
    __m128i t[8];
    for (int k = 0; k < 8; k++) t[k] = _mm_set1_epi32((int)set[k]);
#define HIT_ANY8(p) _mm_or_si128(hit_any4(load4(p), t[0], t[1], t[2], t[3]), hit_any4(load4(p), t[4], t[5], t[6], t[7]))
    SCAN_U32(HIT_ANY8)
#undef HIT_ANY8
#endif
    for (; i < count; i++) {
        uint32_t v = values[i];
        for (int k = 0; k < 8; k++) if (v == set[k]) return i;
    }
    return count;
}

size_t accord_find_u32_not_printable(const uint32_t *values, size_t count) {
    size_t i = 0;
#if defined(__SSE2__)
    /* Scalar values are below 0x110000, so the signed comparisons order them as numbers. */
    const __m128i lf = _mm_set1_epi32(0x0A), low = _mm_set1_epi32(0x1F), high = _mm_set1_epi32(0x7F);
    const __m128i ones = _mm_set1_epi32(-1);
#define HIT_NOT_PRINTABLE(p) not_printable(load4(p), lf, low, high, ones)
    SCAN_U32(HIT_NOT_PRINTABLE)
#undef HIT_NOT_PRINTABLE
#endif
    for (; i < count; i++) {
        uint32_t v = values[i];
        if (!(v == 0x0A || (v >= 0x20 && v < 0x7F))) return i;
    }
    return count;
}

size_t accord_widen_ascii(const uint8_t *bytes, size_t count, uint32_t offset,
                          uint32_t *scalars, uint64_t *offsets, size_t *lines) {
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i zero = _mm_setzero_si128(), lf = _mm_set1_epi8(0x0A);
    const __m128i one = _mm_set1_epi32(1), four = _mm_set1_epi32(4);
    __m128i at = _mm_add_epi32(_mm_set1_epi32((int)offset), _mm_setr_epi32(0, 1, 2, 3));
    size_t feeds = 0;
    for (; i + 16 <= count; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(bytes + i));
        /* A byte of 0x80 or more sets its sign bit; a NUL compares equal to zero. */
        if (_mm_movemask_epi8(v) | _mm_movemask_epi8(_mm_cmpeq_epi8(v, zero))) break;
        feeds += (size_t)__builtin_popcount((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, lf)));
        __m128i low = _mm_unpacklo_epi8(v, zero), high = _mm_unpackhi_epi8(v, zero);
        _mm_storeu_si128((__m128i *)(scalars + i), _mm_unpacklo_epi16(low, zero));
        _mm_storeu_si128((__m128i *)(scalars + i + 4), _mm_unpackhi_epi16(low, zero));
        _mm_storeu_si128((__m128i *)(scalars + i + 8), _mm_unpacklo_epi16(high, zero));
        _mm_storeu_si128((__m128i *)(scalars + i + 12), _mm_unpackhi_epi16(high, zero));
        /* Each start beside its end: as 64-bit lanes (x86 is little-endian), start | end << 32. */
        for (int q = 0; q < 16; q += 4) {
            __m128i after = _mm_add_epi32(at, one);
            _mm_storeu_si128((__m128i *)(offsets + i + q), _mm_unpacklo_epi32(at, after));
            _mm_storeu_si128((__m128i *)(offsets + i + q + 2), _mm_unpackhi_epi32(at, after));
            at = _mm_add_epi32(at, four);
        }
    }
    *lines += feeds;
#else
    /* Without SSE2: eight bytes a step, read as one word (memcpy: no alignment assumed),
       in plain loops the compiler may vectorize for its own target. */
    size_t feeds = 0;
    for (; i + 8 <= count; i += 8) {
        uint64_t word;
        memcpy(&word, bytes + i, 8);
        /* A byte of 0x80 or more, or a NUL (the classic test for a zero byte). */
        if ((word & 0x8080808080808080ull) || ((word - 0x0101010101010101ull) & ~word & 0x8080808080808080ull)) break;
        for (size_t k = 0; k < 8; k++) {
            uint8_t b = bytes[i + k];
            feeds += b == 0x0A;
            scalars[i + k] = b;
            uint32_t start = offset + (uint32_t)(i + k);
            offsets[i + k] = (uint64_t)start | (uint64_t)(start + 1) << 32;
        }
    }
    *lines += feeds;
#endif
    return i;
}

size_t accord_utf8_length_u32(const uint32_t *values, size_t count) {
    size_t i = 0, total = count;
#if defined(__SSE2__)
    /* Signed comparisons order scalar values (below 0x110000) as numbers; a lane's -1 for each
       threshold it passes, summed into four lanes of extra bytes. */
    const __m128i t1 = _mm_set1_epi32(0x7F), t2 = _mm_set1_epi32(0x7FF), t3 = _mm_set1_epi32(0xFFFF);
    __m128i extra = _mm_setzero_si128();
    const __m128i high = _mm_set1_epi32(~0x7F);
    for (; i + 4 <= count; i += 4) {
        /* Sixteen ASCII values (most text) add nothing: skipped a block at a time, tried from
           an ASCII value (text beyond ASCII is counted four at a time without them). */
        while (i + 16 <= count && values[i] < 0x80) {
            __m128i a = _mm_loadu_si128((const __m128i *)(values + i)), b = _mm_loadu_si128((const __m128i *)(values + i + 4));
            __m128i c = _mm_loadu_si128((const __m128i *)(values + i + 8)), d = _mm_loadu_si128((const __m128i *)(values + i + 12));
            __m128i any = _mm_and_si128(_mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d)), high);
            if (_mm_movemask_epi8(_mm_cmpeq_epi32(any, _mm_setzero_si128())) != 0xFFFF) break;
            i += 16;
        }
        if (i + 4 > count) break;
        __m128i v = _mm_loadu_si128((const __m128i *)(values + i));
        extra = _mm_sub_epi32(extra, _mm_add_epi32(_mm_add_epi32(_mm_cmpgt_epi32(v, t1), _mm_cmpgt_epi32(v, t2)), _mm_cmpgt_epi32(v, t3)));
        /* (At most three a lane a step: a lane stays below 2^32 for any text of fewer than 2^32 values.) */
    }
    uint32_t lanes[4];
    _mm_storeu_si128((__m128i *)lanes, extra);
    total += (size_t)lanes[0] + lanes[1] + lanes[2] + lanes[3];
#endif
    for (; i < count; i++) {
        uint32_t v = values[i];
        total += (v >= 0x80) + (v >= 0x800) + (v >= 0x10000);
    }
    return total;
}

size_t accord_utf8_encode_u32(const uint32_t *values, size_t count, uint8_t *out) {
    size_t i = 0, o = 0;
    while (i < count) {
#if defined(__SSE2__)
        /* Sixteen ASCII values at a time, narrowed to bytes by saturating packs (exact for
           values below 0x80), from an ASCII value on (text beyond ASCII is not tried a block
           at a time after each scalar). */
        const __m128i high = _mm_set1_epi32(~0x7F);
        while (i + 16 <= count && values[i] < 0x80) {
            __m128i a = _mm_loadu_si128((const __m128i *)(values + i));
            __m128i b = _mm_loadu_si128((const __m128i *)(values + i + 4));
            __m128i c = _mm_loadu_si128((const __m128i *)(values + i + 8));
            __m128i d = _mm_loadu_si128((const __m128i *)(values + i + 12));
            __m128i any = _mm_and_si128(_mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d)), high);
            if (_mm_movemask_epi8(_mm_cmpeq_epi32(any, _mm_setzero_si128())) != 0xFFFF) break;
            _mm_storeu_si128((__m128i *)(out + o), _mm_packus_epi16(_mm_packs_epi32(a, b), _mm_packs_epi32(c, d)));
            i += 16;
            o += 16;
        }
        if (i >= count) break;
#endif
        uint32_t v = values[i++];
        if (v < 0x80) {
            out[o++] = (uint8_t)v;
        } else if (v < 0x800) {
            out[o++] = (uint8_t)(0xC0 | v >> 6);
            out[o++] = (uint8_t)(0x80 | (v & 0x3F));
        } else if (v < 0x10000) {
            out[o++] = (uint8_t)(0xE0 | v >> 12);
            out[o++] = (uint8_t)(0x80 | (v >> 6 & 0x3F));
            out[o++] = (uint8_t)(0x80 | (v & 0x3F));
        } else {
            out[o++] = (uint8_t)(0xF0 | v >> 18);
            out[o++] = (uint8_t)(0x80 | (v >> 12 & 0x3F));
            out[o++] = (uint8_t)(0x80 | (v >> 6 & 0x3F));
            out[o++] = (uint8_t)(0x80 | (v & 0x3F));
        }
    }
    return o;
}

/* Language guess words: a word is a run of bytes that are ASCII letters or beyond ASCII. */
static inline uint64_t word_key(const uint8_t *bytes, size_t count, size_t start, size_t length) {
    uint64_t key = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* Eight bytes loaded (fewer at the text's end), ASCII letters lower-cased (0x20 added to
       each byte below 0x80: all of a word's are letters), turned first-byte-highest, and the
       bytes after the word shifted out. */
    uint64_t w = 0;
    if (start + 8 <= count) memcpy(&w, bytes + start, 8);  /* one load */
    else memcpy(&w, bytes + start, count - start);
    w |= (~w & 0x8080808080808080ULL) >> 2;
    key = __builtin_bswap64(w) >> (64 - 8 * length);
#else
    for (size_t k = 0; k < length; k++) {
        uint8_t b = bytes[start + k];
        key = key << 8 | (b < 0x80 ? (uint8_t)(b | 0x20) : b);
    }
#endif
    return key;
}

#if defined(__SSE2__)
static inline uint64_t letter_mask16(const uint8_t *p) {
    __m128i v = load16(p);
    /* (v | 0x20) - 'a' below 26, unsigned: an ASCII letter; the top bit: a byte beyond ASCII. */
    __m128i d = _mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8('a'));
    __m128i ascii = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(25)), d);
    return (uint64_t)(unsigned)(_mm_movemask_epi8(ascii) | _mm_movemask_epi8(v));
}

static inline uint64_t letter_mask64(const uint8_t *p) {
    return letter_mask16(p) | letter_mask16(p + 16) << 16 | letter_mask16(p + 32) << 32 | letter_mask16(p + 48) << 48;
}
#endif

size_t accord_short_words(const uint8_t *bytes, size_t count, uint64_t *keys, size_t *words) {
    size_t found = 0, total = 0, start = 0;
#if defined(__SSE2__)
    /* Sixty-four bytes a step: their letter mask, and the bits where it changes (a word's
       start where the mask is set, its end where it is not), read in order. */
    uint64_t carry = 0;
    for (size_t base = 0; base < count; base += 64) {
        uint64_t m;
        if (base + 64 <= count) {
            m = letter_mask64(bytes + base);
        } else {
            uint8_t padded[64];
            memset(padded, 0, 64);
            memcpy(padded, bytes + base, count - base);
            m = letter_mask64(padded);
        }
        uint64_t changes = m ^ (m << 1 | carry);
        carry = m >> 63;
        while (changes) {
            unsigned bit = (unsigned)__builtin_ctzll(changes);
            changes &= changes - 1;
            size_t at = base + bit;
            if (m >> bit & 1) {
                start = at;
            } else {
                size_t length = at - start;
                total++;
                if (length <= 8) keys[found++] = word_key(bytes, count, start, length);
            }
        }
    }
    if (carry) {
        size_t length = count - start;
        total++;
        if (length <= 8) keys[found++] = word_key(bytes, count, start, length);
    }
#else
    int in_word = 0;
    for (size_t i = 0; i <= count; i++) {
        uint8_t b = i < count ? bytes[i] : 0;
        uint8_t f = (uint8_t)(b | 0x20);
        int letter = (f >= 'a' && f <= 'z') || b >= 0x80;
        if (letter && !in_word) { start = i; in_word = 1; }
        if (!letter && in_word) {
            in_word = 0;
            total++;
            if (i - start <= 8) keys[found++] = word_key(bytes, count, start, i - start);
        }
    }
#endif
    *words = total;
    return found;
}

void accord_keep_freed_memory(void) {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 512 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}
