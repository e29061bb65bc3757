#ifndef ACCORD_SHA_H
#define ACCORD_SHA_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this processor has the SHA extensions (with SSSE3 and SSE4.1, which the rounds
/// also use) and `accord_sha256_blocks_ni` may be called; 0 otherwise (and on every
/// processor that is not x86).
int accord_sha256_ni_available(void);

/// SHA-256's 64 round constants (FIPS 180-4, 4.2.2), for the Swift rounds as well.
const uint32_t *accord_sha256_round_constants(void);

/// SHA-256's compression function over `blocks` consecutive 64-byte blocks at `data`,
/// updating the eight state words (a..h, host order) in `state`. Only when
/// `accord_sha256_ni_available()` returned 1.
void accord_sha256_blocks_ni(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
