/*
 * publish.h - writing a finished file at a path (internal to sim/output):
 * a new file of an unpredictable name beside it, fsynced, renamed into
 * place without replacing anything unless force.
 */
#ifndef CS_OUTPUT_PUBLISH_H
#define CS_OUTPUT_PUBLISH_H

#include <stdbool.h>
#include <stddef.h>
#include "clearsim/error.h"

/* May path be written: a file name whose temporary name fits, in a
 * writable folder, absent, or (with force) a regular file that
 * replaceable accepts (what says what it must be, for the message)?
 * CS_ERR_INPUT naming the path otherwise. */
cs_status cs_publish_check(const char *path, bool force, bool (*replaceable)(const char *path), const char *what,
                           cs_error *err);
/* size bytes at path; the caller has checked the target (force: what is
 * there may be replaced).  A file that appeared at path meanwhile without
 * force: CS_ERR_INPUT "exists"; a failed write: CS_ERR_IO; nothing left
 * behind on failure. */
cs_status cs_publish(const char *path, bool force, const void *bytes, size_t size, cs_error *err);
/* The finished file name in the folder dfd to path, the same way: synced,
 * then renamed without replacing anything (force: over the file the caller
 * checked); removed when it cannot be published. */
cs_status cs_publish_at(int dfd, const char *name, const char *path, bool force, cs_error *err);

#endif
