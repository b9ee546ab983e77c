/*
 * publish.c - a finished file's bytes onto disk at a path, so that it is
 * never half there and nothing else is written through it.
 *
 * The bytes go to a new file of an unpredictable name in the target's own
 * folder, created exclusively (a link planted there is never followed),
 * fsynced, and then published: without --force by a rename that refuses
 * to replace anything (renameat2 with RENAME_NOREPLACE, else a hard link,
 * which also fails on an existing name), so of two runs racing to one new
 * OUT exactly one wins and the other says OUT exists; with --force by a
 * plain rename over the file the caller checked.  Any failure removes the
 * temporary file.  Result files (h5_write.c) and reports (report_file.c)
 * are published alike, and so is a sweep's file, written where it grew (a
 * private folder: cs_publish_at).
 */
#define _GNU_SOURCE /* renameat2 and RENAME_NOREPLACE */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "output/publish.h"

cs_status cs_publish_check(const char *path, bool force, bool (*replaceable)(const char *path), const char *what,
                           cs_error *err)
{
    const size_t len = path ? strlen(path) : 0;
    const char *slash = len ? strrchr(path, '/') : NULL;
    const char *base = slash ? slash + 1 : path;
    if (!len || !*base || !strcmp(base, ".") || !strcmp(base, ".."))
        return cs_error_set(err, CS_ERR_INPUT, NULL, 0, 0, "'%s' is not a file name", path ? path : "");
    if (strlen(base) + 9 > NAME_MAX || len + 16 > PATH_MAX)
        return cs_error_set(err, CS_ERR_INPUT, NULL, 0, 0, "%s: the name is too long (a temporary name beside it "
                            "adds 8 characters to its %zu)", path, strlen(base));
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) + (slash == path) : 1, slash ? path : ".");
    struct stat st;
    if (stat(dir, &st) != 0)
        return cs_error_set(err, CS_ERR_INPUT, NULL, 0, 0, "%s: no folder %s (%s)", path, dir, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return cs_error_set(err, CS_ERR_INPUT, NULL, 0, 0, "%s: %s is not a folder", path, dir);
    if (access(dir, W_OK | X_OK) != 0)
        return cs_error_set(err, CS_ERR_INPUT, NULL, 0, 0, "%s: the folder %s is not writable", path, dir);
    if (lstat(path, &st) != 0) return CS_OK;
    if (!force)
        return cs_error_set(err, CS_ERR_INPUT, NULL, 0, 0,
                            "%s exists (use --force to replace it)", path);
    if (!S_ISREG(st.st_mode) || !replaceable(path))
        return cs_error_set(err, CS_ERR_INPUT, NULL, 0, 0, "%s exists and is not %s (or is a link); not replaced",
                            path, what);
    return CS_OK;
}

/* The mkstemp template DIR/.NAME.XXXXXX beside path, or NULL. */
static char *temp_template(const char *path)
{
    const char *slash = strrchr(path, '/');
    const size_t dlen = slash ? (size_t)(slash - path) + 1 : 0;
    const size_t size = strlen(path) + 16;
    char *tmp = malloc(size);
    if (!tmp) return NULL;
    snprintf(tmp, size, "%.*s.%s.XXXXXX", (int)dlen, path, path + dlen);
    return tmp;
}

/* fsync a folder so a rename in it is durable. */
static int sync_dir(const char *dir)
{
    const int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0) return -1;
    const int rc = fsync(fd);
    close(fd);
    return rc;
}

static int sync_parent(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return sync_dir(".");
    if (slash == path) return sync_dir("/");
    char *dir = strndup(path, (size_t)(slash - path));
    if (!dir) return -1;
    const int rc = sync_dir(dir);
    free(dir);
    return rc;
}

static int write_fd(int fd, const char *buf, size_t n)
{
    while (n > 0) {
        const ssize_t w = write(fd, buf, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            if (w == 0) errno = EIO;
            return -1;
        }
        buf += w;
        n -= (size_t)w;
    }
    return 0;
}

/* The image into a new file named from the template tmp (made unique and
 * exclusive by mkstemp, never a link), fsynced.  On failure after the
 * creation tmp names the file (the caller unlinks it); *made says so. */
static cs_status write_image(const char *path, char *tmp, const void *image, size_t size, bool *made,
                             cs_error *err)
{
    *made = false;
    const int fd = mkstemp(tmp);
    if (fd < 0)
        return cs_error_set(err, CS_ERR_IO, NULL, 0, 0, "cannot create %s: %s", path,
                            strerror(errno));
    *made = true;
    const mode_t mask = umask(0); /* mkstemp makes 0600: give what open(0666) would */
    umask(mask);
    int rc = fchmod(fd, 0666 & ~mask) < 0 || write_fd(fd, image, size) < 0 || fsync(fd) < 0 ? -1 : 0;
    const int saved = errno;
    if (close(fd) < 0 && rc == 0) rc = -1;
    else errno = saved;
    if (rc < 0)
        return cs_error_set(err, CS_ERR_IO, NULL, 0, 0, "cannot write %s: %s", path,
                            strerror(errno));
    return CS_OK;
}

/* dfd/tmp at path without replacing anything there: renameat2 where the
 * file system has it (0: tmp is gone), else a hard link (1: tmp remains).
 * -1 with errno on failure (EEXIST: path appeared meanwhile). */
static int publish_new(int dfd, const char *tmp, const char *path)
{
    if (renameat2(dfd, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0) return 0;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) return -1;
    return linkat(dfd, tmp, AT_FDCWD, path, 0) == 0 ? 1 : -1;
}

/* dfd/tmp (already complete and synced) to path; unlinked if it stays. */
static cs_status move_into_place(int dfd, const char *tmp, const char *path, bool force, cs_error *err)
{
    const int rc = force ? renameat(dfd, tmp, AT_FDCWD, path) : publish_new(dfd, tmp, path);
    cs_status st = CS_OK;
    if (rc < 0)
        st = errno == EEXIST ? cs_error_set(err, CS_ERR_INPUT, NULL, 0, 0, "%s exists (use --force to replace it)",
                                            path)
                             : cs_error_set(err, CS_ERR_IO, NULL, 0, 0, "cannot rename %s to %s: %s", tmp, path,
                                            strerror(errno));
    if (rc != 0) unlinkat(dfd, tmp, 0);
    if (st == CS_OK) (void)sync_parent(path); /* best effort: the data itself is synced */
    return st;
}

cs_status cs_publish_at(int dfd, const char *name, const char *path, bool force, cs_error *err)
{
    const int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    const int rc = fd < 0 || fsync(fd) < 0 ? -1 : 0;
    const int saved = errno;
    if (fd >= 0) close(fd);
    if (rc < 0) {
        unlinkat(dfd, name, 0);
        return cs_error_set(err, CS_ERR_IO, NULL, 0, 0, "cannot write %s: %s", path, strerror(saved));
    }
    return move_into_place(dfd, name, path, force, err);
}

cs_status cs_publish(const char *path, bool force, const void *bytes, size_t size, cs_error *err)
{
    char *tmp = temp_template(path);
    if (!tmp) return cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory writing %s", path);
    bool made = false;
    cs_status st = write_image(path, tmp, bytes, size, &made, err);
    if (st == CS_OK) st = move_into_place(AT_FDCWD, tmp, path, force, err);
    else if (made) unlink(tmp);
    free(tmp);
    return st;
}
