/*
 * sha256.h - SHA-256 (FIPS 180-4) of a byte string, as lower-case hex.
 *
 * Used for the scenario_sha256 root attribute of result files: it names the
 * exact scenario text a file was produced from.
 */
#ifndef CLEARSIM_SHA256_H
#define CLEARSIM_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* The 32-byte digest of data[0..len). */
void cs_sha256(const void *data, size_t len, uint8_t out[32]);
/* The digest as 64 lower-case hex digits and a NUL. */
void cs_sha256_hex(const void *data, size_t len, char out[65]);

#endif
