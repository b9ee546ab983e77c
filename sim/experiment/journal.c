/*
 * journal.c - finished sweep jobs on disk, so that a killed sweep resumes.
 *
 * OUT.partial/ holds a manifest (format, version, the sweep's and base
 * scenario's SHA-256, seed, replications, shard, plan size) and batches of
 * job records.  A batch is written to a temporary name, flushed, fsync'ed
 * and renamed, and ends with the SHA-256 of its bytes, so a batch is either
 * whole or absent; a kill loses at most the jobs since the last batch
 * (batches go out every CLEARSIM_JOURNAL_SECONDS, default 10, or at 4
 * MiB of records if sooner, and at the end) plus those in flight.  A record is one job's outputs
 * (job_record.c).  Replaying stores them exactly where the job would have,
 * so the resumed file equals an uninterrupted one.
 *
 * On a shared file system the folder is made private (0700), opened once
 * without following a link, and every file in it is reached through that
 * folder's descriptor and created exclusively, so no planted link redirects
 * a write; a folder owned by another user is refused.  One sweep runs on a
 * journal at a time: the first holds an flock on OUT.partial/lock, and a
 * second start or resume is refused.  Where the file system has no flock
 * (some cluster file systems), an exclusively created OUT.partial/owner
 * naming host and PID stands in, and its message says what to do if that
 * run is gone.
 */
#define _DEFAULT_SOURCE /* flock */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "clearsim/sha256.h"
#include "experiment/job_record.h"
#include "experiment/journal.h"

#define MANIFEST "manifest"
/* A batch goes out when it reaches this size, whatever the time: records
 * pending in memory do not grow with the machine's speed. */
#define BATCH_BYTES ((size_t)4 << 20)
#define FORMAT_LINE "clearsim-journal 3"

struct cs_journal {
    char *dir;
    int dfd;            /* the folder, opened without following a link */
    int lock;           /* flock'ed lock file, or -1 */
    bool owner_file;    /* the O_EXCL stand-in holds the journal */
    cs_bytes pending;   /* records since the last batch */
    uint64_t batches;   /* next batch number */
    double last_flush;
    double interval;
    cs_status failed;   /* a write failed: the run reports it at the end */
    char why[256];
};

/* ---- files -------------------------------------------------------------- */

static int write_all_fd(int fd, const char *p, size_t n)
{
    while (n > 0) {
        const ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* tmp, write, fsync, rename, fsync the folder: whole or absent.  Every
 * name is relative to the folder's descriptor; the temporary file is
 * created exclusively (a stale or planted one is removed first, never
 * followed). */
static int write_durably(int dfd, const char *name, const char *data, size_t n)
{
    char tmp[96];
    snprintf(tmp, sizeof tmp, "%s.tmp", name);
    (void)unlinkat(dfd, tmp, 0);
    const int fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return -1;
    const int w = write_all_fd(fd, data, n);
    const int s = fsync(fd);
    if (close(fd) != 0 || w != 0 || s != 0 || renameat(dfd, tmp, dfd, name) != 0) {
        const int e = errno;
        unlinkat(dfd, tmp, 0);
        errno = e;
        return -1;
    }
    fsync(dfd);
    return 0;
}

/* A file of the folder, read whole (NUL-terminated); never through a link
 * and never a FIFO or device. */
static char *read_file(int dfd, const char *name, size_t *len)
{
    const int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd < 0) return NULL;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return NULL;
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        return NULL;
    }
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? 2 * cap : 65536;
            char *b = realloc(buf, cap + 1);
            if (!b) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = b;
        }
        const size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    const bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    buf[n] = 0;
    *len = n;
    return buf;
}

static void manifest_text(const cs_journal_id *id, char *buf, size_t size)
{
    snprintf(buf, size,
             FORMAT_LINE "\nversion %s\nsweep_sha256 %s\nbase_sha256 %s\nseed %llu\nreplications %u\n"
             "shard %u/%u\njobs %llu\n",
             id->version, id->sweep_sha256, id->base_sha256, (unsigned long long)id->seed, id->replications,
             id->shard_index, id->shard_count, (unsigned long long)id->jobs);
}

/* The first line of the manifests that differs, for the refusal. */
static void first_difference(const char *want, const char *have, char *out, size_t size)
{
    while (*want || *have) {
        const char *we = strchr(want, '\n'), *he = strchr(have, '\n');
        const size_t wl = we ? (size_t)(we - want) : strlen(want), hl = he ? (size_t)(he - have) : strlen(have);
        if (wl != hl || memcmp(want, have, wl) != 0) {
            snprintf(out, size, "journal has '%.*s', this sweep '%.*s'", (int)hl, have, (int)wl, want);
            return;
        }
        want += wl + (we != NULL);
        have += hl + (he != NULL);
    }
    snprintf(out, size, "manifests differ");
}

/* The folder, opened without following a link: it must be a folder of
 * ours.  -1 with *why set otherwise. */
static int open_folder(const char *dir, const char **why)
{
    const int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (fd < 0) {
        *why = errno == ENOENT ? "missing" : errno == ELOOP || errno == ENOTDIR ? "not a folder (a link is not followed)"
                                                                                : strerror(errno);
        return -1;
    }
    if (fstat(fd, &st) != 0 || st.st_uid != geteuid()) {
        close(fd);
        *why = "a folder of another user";
        return -1;
    }
    return fd;
}

/* One sweep at a time on a journal: an flock, else an exclusive owner file
 * naming host and PID. */
static cs_status take_lock(cs_journal *j, cs_error *err)
{
    j->lock = openat(j->dfd, "lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (j->lock >= 0 && flock(j->lock, LOCK_EX | LOCK_NB) == 0) return CS_OK;
    const int e = errno;
    if (j->lock >= 0 && e == EWOULDBLOCK)
        return cs_error_set(err, CS_ERR_INPUT, j->dir, 0, 0,
                            "another clearsim is running this sweep (its journal is locked); wait for it to end");
    if (j->lock >= 0) close(j->lock);
    j->lock = -1;
    if (e != ENOLCK && e != EOPNOTSUPP && e != EINVAL && e != ENOSYS)
        return cs_error_set(err, CS_ERR_IO, j->dir, 0, 0, "cannot lock the journal: %s", strerror(e));
    /* no flock here: an owner file created exclusively */
    char me[320], host[256] = "";
    gethostname(host, sizeof host - 1);
    snprintf(me, sizeof me, "%s %ld\n", host, (long)getpid());
    const int fd = openat(j->dfd, "owner", O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0) {
        const int w = write_all_fd(fd, me, strlen(me));
        close(fd);
        if (w == 0) {
            j->owner_file = true;
            return CS_OK;
        }
        unlinkat(j->dfd, "owner", 0);
        return cs_error_set(err, CS_ERR_IO, j->dir, 0, 0, "cannot write the journal's owner file");
    }
    size_t len = 0;
    char *who = read_file(j->dfd, "owner", &len);
    if (who && len && who[len - 1] == '\n') who[len - 1] = '\0';
    const cs_status st = cs_error_set(err, CS_ERR_INPUT, j->dir, 0, 0,
                                      "in use by the clearsim run on host and PID %s; if that run is gone, remove "
                                      "%s/owner and resume", who ? who : "(unreadable)", j->dir);
    free(who);
    return st;
}

static void release_lock(cs_journal *j)
{
    if (j->owner_file) unlinkat(j->dfd, "owner", 0);
    if (j->lock >= 0) close(j->lock); /* drops the flock */
    j->owner_file = false;
    j->lock = -1;
}

/* A folder without a manifest is no journal: the one instruction. */
static cs_status no_manifest(const cs_journal *j, cs_error *err)
{
    return cs_error_set(err, CS_ERR_INPUT, j->dir, 0, 0,
                        "has no manifest: it is not a journal a sweep can resume; remove it and run the sweep "
                        "again");
}

static cs_status open_existing(cs_journal *j, const char *want, bool resume, cs_error *err)
{
    const char *why = NULL;
    if ((j->dfd = open_folder(j->dir, &why)) < 0)
        return cs_error_set(err, CS_ERR_INPUT, j->dir, 0, 0, "cannot use the journal: %s", why);
    size_t len = 0;
    char *have = read_file(j->dfd, MANIFEST, &len);
    cs_status st = CS_OK;
    if (!have) st = no_manifest(j, err);
    else if (!resume)
        st = cs_error_set(err, CS_ERR_INPUT, j->dir, 0, 0,
                          "a journal of an unfinished sweep exists: resume it with --resume, or remove it");
    else if (strcmp(have, want) != 0) {
        char diff[600];
        first_difference(want, have, diff, sizeof diff);
        st = cs_error_set(err, CS_ERR_INPUT, j->dir, 0, 0, "the journal belongs to another sweep, version or seed: %s",
                          diff);
    }
    free(have);
    return st == CS_OK ? take_lock(j, err) : st;
}

static cs_status create_new(cs_journal *j, const char *want, cs_error *err)
{
    if (mkdir(j->dir, 0700) != 0)
        return cs_error_set(err, errno == EEXIST ? CS_ERR_INPUT : CS_ERR_IO, j->dir, 0, 0, "cannot create: %s",
                            strerror(errno));
    const char *why = NULL;
    if ((j->dfd = open_folder(j->dir, &why)) < 0)
        return cs_error_set(err, CS_ERR_IO, j->dir, 0, 0, "cannot open the new journal: %s", why);
    const cs_status st = take_lock(j, err);
    if (st != CS_OK) return st;
    if (write_durably(j->dfd, MANIFEST, want, strlen(want)) != 0)
        return cs_error_set(err, CS_ERR_IO, j->dir, 0, 0, "cannot write the manifest: %s", strerror(errno));
    return CS_OK;
}

cs_status cs_journal_open(const char *out_path, const cs_journal_id *id, bool resume, cs_journal **jp,
                          cs_error *err)
{
    *jp = NULL;
    cs_journal *j = calloc(1, sizeof *j);
    if (!j || !(j->dir = malloc(strlen(out_path) + 9))) {
        free(j);
        return cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    j->dfd = j->lock = -1;
    sprintf(j->dir, "%s.partial", out_path);
    const char *iv = getenv("CLEARSIM_JOURNAL_SECONDS");
    j->interval = iv && *iv ? atof(iv) : 10.0;
    j->last_flush = omp_get_wtime();
    char want[1024];
    manifest_text(id, want, sizeof want);
    struct stat st_dir;
    const bool exists = lstat(j->dir, &st_dir) == 0;
    cs_status st;
    if (exists) st = open_existing(j, want, resume, err);
    else if (resume) st = cs_error_set(err, CS_ERR_INPUT, j->dir, 0, 0, "no journal to resume (run without --resume)");
    else st = create_new(j, want, err);
    if (st != CS_OK) {
        cs_journal_close(j, false);
        return st;
    }
    *jp = j;
    return CS_OK;
}

/* ---- records ------------------------------------------------------------ */

void cs_journal_record(cs_journal *j, uint32_t i, uint32_t rep, const cs_rep_out *o)
{
#pragma omp critical(cs_journal)
    {
        if (!j->failed && cs_job_record_encode(&j->pending, i, rep, o) != CS_OK) {
            j->failed = CS_ERR_NOMEM;
            snprintf(j->why, sizeof j->why, "out of memory for the journal");
        } else if (omp_get_wtime() - j->last_flush >= j->interval || j->pending.len >= BATCH_BYTES) {
            cs_journal_flush(j);
        }
    }
}

cs_status cs_journal_flush(cs_journal *j)
{
    if (j->pending.len == 0 || j->failed) return j->failed;
    char digest[65], name[64];
    cs_sha256_hex(j->pending.data, j->pending.len, digest);
    if (cs_bytes_put(&j->pending, digest, 64) != CS_OK) {
        j->failed = CS_ERR_NOMEM;
        snprintf(j->why, sizeof j->why, "out of memory for the journal");
        return j->failed;
    }
    snprintf(name, sizeof name, "batch-%08llu", (unsigned long long)j->batches);
    if (write_durably(j->dfd, name, j->pending.data, j->pending.len) != 0) {
        j->failed = CS_ERR_IO;
        snprintf(j->why, sizeof j->why, "cannot write %s/%s: %s", j->dir, name, strerror(errno));
        return j->failed;
    }
    j->batches++;
    j->pending.len = 0;
    j->last_flush = omp_get_wtime();
    return CS_OK;
}

/* One batch's records into r (and skip): CS_ERR_INPUT if it is
 * malformed, CS_ERR_NOMEM. */
static cs_status replay_batch(const char *data, size_t len, const cs_job_plan *pl, cs_results *r,
                              cs_rep_out *o, uint8_t *skip, uint64_t *jobs)
{
    if (len < 64) return CS_ERR_INPUT;
    char digest[65];
    cs_sha256_hex(data, len - 64, digest);
    if (memcmp(digest, data + len - 64, 64) != 0) return CS_ERR_INPUT;
    const char *p = data, *end = data + len - 64;
    while (p < end) {
        uint32_t i, rep;
        cs_status st = cs_job_record_decode(&p, end, pl, r->replications, &i, &rep, o);
        if (st != CS_OK) return st;
        const uint64_t job = (uint64_t)i * r->replications + rep;
        if (!skip[job]) { /* a job journaled twice (killed mid-rename) counts once */
            if ((st = cs_job_plan_store(pl, r, i, rep, o)) != CS_OK) return st;
            skip[job] = 1;
            (*jobs)++;
        }
    }
    return CS_OK;
}

static int name_order(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

cs_status cs_journal_replay(cs_journal *j, const cs_job_plan *pl, cs_results *r, uint8_t *skip,
                            uint64_t *jobs, cs_error *err)
{
    *jobs = 0;
    const int fd = dup(j->dfd);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0) close(fd);
        return cs_error_set(err, CS_ERR_IO, j->dir, 0, 0, "cannot read: %s", strerror(errno));
    }
    rewinddir(d);
    char **names = NULL;
    size_t n = 0, cap = 0;
    cs_status st = CS_OK;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (strncmp(e->d_name, "batch-", 6) != 0 || strchr(e->d_name, '.')) continue; /* .tmp: torn */
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            char **nn = realloc(names, cap * sizeof *names);
            if (!nn) {
                st = cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
                break;
            }
            names = nn;
        }
        if (!(names[n] = strdup(e->d_name))) {
            st = cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
            break;
        }
        n++;
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, name_order);
    cs_rep_out o;
    const bool have_out = cs_rep_out_alloc(&o, pl) == CS_OK;
    if (st == CS_OK && !have_out) st = cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t k = 0; st == CS_OK && k < n; k++) {
        size_t len = 0;
        char *data = read_file(j->dfd, names[k], &len);
        const cs_status rs = data ? replay_batch(data, len, pl, r, &o, skip, jobs) : CS_ERR_IO;
        if (!data) st = cs_error_set(err, CS_ERR_IO, j->dir, 0, 0, "cannot read the journal batch %s", names[k]);
        else if (rs == CS_ERR_NOMEM) st = cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
        else if (rs != CS_OK)
            st = cs_error_set(err, CS_ERR_INPUT, j->dir, 0, 0,
                              "damaged journal batch %s (remove the journal to start over)", names[k]);
        free(data);
        unsigned long long num = strtoull(names[k] + 6, NULL, 10);
        if (num + 1 > j->batches) j->batches = num + 1;
    }
    for (size_t k = 0; k < n; k++) free(names[k]);
    free(names);
    if (have_out) cs_rep_out_free(&o);
    return st;
}

int cs_journal_dirfd(const cs_journal *j)
{
    return j->dfd;
}

const char *cs_journal_dir(const cs_journal *j)
{
    return j->dir;
}

const char *cs_journal_failure(const cs_journal *j)
{
    return j->failed ? j->why : NULL;
}

void cs_journal_close(cs_journal *j, bool remove_files)
{
    if (!j) return;
    if (remove_files && j->dfd >= 0) {
        const int fd = dup(j->dfd);
        DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
        if (d) {
            rewinddir(d);
            /* unlinkat: no path to build, so nothing can fail for want of memory */
            for (struct dirent *e; (e = readdir(d)) != NULL;) {
                if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
                unlinkat(j->dfd, e->d_name, 0);
            }
            closedir(d);
        } else if (fd >= 0) {
            close(fd);
        }
        release_lock(j);
        rmdir(j->dir);
    } else {
        release_lock(j);
    }
    if (j->dfd >= 0) close(j->dfd);
    cs_bytes_free(&j->pending);
    free(j->dir);
    free(j);
}
