/*
 * journal.c - finished sweep jobs on disk, so that a killed sweep resumes.
 *
 * OUT.partial/ holds a manifest (format, version, the sweep's and base
 * scenario's SHA-256, seed, replications, shard, plan size) and batches of
 * job records.  A batch is written to a temporary name, flushed, fsync'ed
 * and renamed, and ends with the SHA-256 of its bytes, so a batch is either
 * whole or absent; a kill loses at most the jobs since the last batch
 * (batches go out every CLEARSIM_JOURNAL_SECONDS, default 10, and at the
 * end) plus those in flight.  A record is one job's outputs
 * (job_record.c).  Replaying stores them exactly where the job would have, so the
 * resumed file equals an uninterrupted one.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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
#define FORMAT_LINE "clearsim-journal 2"

struct cs_journal {
    char *dir;
    cs_bytes pending;   /* records since the last batch */
    uint64_t batches;   /* next batch number */
    double last_flush;
    double interval;
    cs_status failed;   /* a write failed: the run reports it at the end */
    char why[256];
};

/* ---- files -------------------------------------------------------------- */

static char *join(const char *dir, const char *name)
{
    const size_t n = strlen(dir) + strlen(name) + 2;
    char *s = malloc(n);
    if (s) snprintf(s, n, "%s/%s", dir, name);
    return s;
}

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

/* tmp, write, fsync, rename, fsync the folder: whole or absent. */
static int write_durably(const char *dir, const char *name, const char *data, size_t n)
{
    char *path = join(dir, name), *tmp = NULL;
    int rc = -1;
    if (!path) return -1;
    const size_t tn = strlen(path) + 5;
    if (!(tmp = malloc(tn))) goto out;
    snprintf(tmp, tn, "%s.tmp", path);
    const int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) goto out;
    const int w = write_all_fd(fd, data, n);
    const int s = fsync(fd);
    if (close(fd) != 0 || w != 0 || s != 0 || rename(tmp, path) != 0) {
        unlink(tmp);
        goto out;
    }
    const int dfd = open(dir, O_RDONLY);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    rc = 0;
out:
    free(tmp);
    free(path);
    return rc;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
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

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
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
    sprintf(j->dir, "%s.partial", out_path);
    const char *iv = getenv("CLEARSIM_JOURNAL_SECONDS");
    j->interval = iv && *iv ? atof(iv) : 10.0;
    j->last_flush = omp_get_wtime();
    char want[1024];
    manifest_text(id, want, sizeof want);
    cs_status st = CS_OK;
    char *mpath = join(j->dir, MANIFEST);
    if (!mpath) st = cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    else if (resume) {
        size_t len = 0;
        char *have = is_dir(j->dir) ? read_file(mpath, &len) : NULL;
        if (!have) st = cs_error_set(err, CS_ERR_INPUT, j->dir, 0, 0, "no journal to resume (run without --resume)");
        else if (strcmp(have, want) != 0) {
            char why[600];
            first_difference(want, have, why, sizeof why);
            st = cs_error_set(err, CS_ERR_INPUT, j->dir, 0, 0, "the journal belongs to another sweep, version or seed: %s", why);
        }
        free(have);
    } else {
        if (is_dir(j->dir))
            st = cs_error_set(err, CS_ERR_INPUT, j->dir, 0, 0,
                              "a journal of an unfinished sweep exists: resume it with --resume, or remove it");
        else if (mkdir(j->dir, 0777) != 0)
            st = cs_error_set(err, CS_ERR_IO, j->dir, 0, 0, "cannot create: %s", strerror(errno));
        else if (write_durably(j->dir, MANIFEST, want, strlen(want)) != 0)
            st = cs_error_set(err, CS_ERR_IO, j->dir, 0, 0, "cannot write the manifest: %s", strerror(errno));
    }
    free(mpath);
    if (st != CS_OK) {
        free(j->dir);
        free(j);
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
        } else if (omp_get_wtime() - j->last_flush >= j->interval) {
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
    if (write_durably(j->dir, name, j->pending.data, j->pending.len) != 0) {
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
            if ((st = cs_job_store(pl, r, i, rep, o)) != CS_OK) return st;
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
    DIR *d = opendir(j->dir);
    if (!d) return cs_error_set(err, CS_ERR_IO, j->dir, 0, 0, "cannot read: %s", strerror(errno));
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
        char *path = join(j->dir, names[k]);
        size_t len = 0;
        char *data = path ? read_file(path, &len) : NULL;
        const cs_status rs = data ? replay_batch(data, len, pl, r, &o, skip, jobs) : CS_ERR_IO;
        if (!data) st = cs_error_set(err, CS_ERR_IO, path ? path : j->dir, 0, 0, "cannot read the journal batch");
        else if (rs == CS_ERR_NOMEM) st = cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
        else if (rs != CS_OK)
            st = cs_error_set(err, CS_ERR_INPUT, path, 0, 0, "damaged journal batch (remove the journal to start over)");
        free(data);
        free(path);
        unsigned long long num = strtoull(names[k] + 6, NULL, 10);
        if (num + 1 > j->batches) j->batches = num + 1;
    }
    for (size_t k = 0; k < n; k++) free(names[k]);
    free(names);
    if (have_out) cs_rep_out_free(&o);
    return st;
}

const char *cs_journal_failure(const cs_journal *j)
{
    return j->failed ? j->why : NULL;
}

void cs_journal_close(cs_journal *j, bool remove_files)
{
    if (!j) return;
    if (remove_files) {
        DIR *d = opendir(j->dir);
        if (d) {
            /* unlinkat: no path to build, so nothing can fail for want of memory */
            for (struct dirent *e; (e = readdir(d)) != NULL;) {
                if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
                unlinkat(dirfd(d), e->d_name, 0);
            }
            closedir(d);
        }
        rmdir(j->dir);
    }
    cs_bytes_free(&j->pending);
    free(j->dir);
    free(j);
}
