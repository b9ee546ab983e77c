/*
 * failalloc.c - an LD_PRELOAD shim that makes one allocation of clearsim's
 * own code fail, for tests/oom_test.sh.
 *
 * CLEARSIM_FAIL_ALLOC=N makes the N-th call of malloc, calloc or realloc
 * whose caller lies in the main program return NULL (once); 0 fails none.
 * CLEARSIM_FAIL_ALLOC_COUNT=FILE writes, at exit, how many such calls there
 * were, so a test can spread N over a whole run.  Calls from the libraries
 * (HDF5, libfyaml, libc) are passed through: what is tested is that
 * clearsim turns its own failed allocations into a message, not theirs.
 * The real allocators are glibc's __libc_* entry points, so nothing here
 * allocates or needs dlsym.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

static uintptr_t lo = 1, hi = 0; /* the main program's loaded segments */
static long target = -1;         /* -1: not read yet */
static unsigned long calls;

static int first_object(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size, (void)data;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD) continue;
        const uintptr_t a = info->dlpi_addr + ph->p_vaddr, b = a + ph->p_memsz;
        if (lo > hi || a < lo) lo = a;
        if (b > hi) hi = b;
    }
    return 1; /* the first object is the program itself */
}

static void setup(void)
{
    const char *s = getenv("CLEARSIM_FAIL_ALLOC");
    target = s ? atol(s) : 0;
    dl_iterate_phdr(first_object, NULL);
}

/* Should this call, from `caller`, fail? */
static int fail_now(const void *caller)
{
    if (target < 0) setup();
    const uintptr_t c = (uintptr_t)caller;
    if (c < lo || c >= hi) return 0;
    const unsigned long n = __atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED);
    return target > 0 && n == (unsigned long)target;
}

void *malloc(size_t n)
{
    return fail_now(__builtin_return_address(0)) ? NULL : __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
    return fail_now(__builtin_return_address(0)) ? NULL : __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
    return fail_now(__builtin_return_address(0)) ? NULL : __libc_realloc(p, n);
}

__attribute__((destructor)) static void report(void)
{
    const char *path = getenv("CLEARSIM_FAIL_ALLOC_COUNT");
    if (!path) return;
    char buf[32];
    const int len = snprintf(buf, sizeof buf, "%lu\n", calls);
    const int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return;
    if (write(fd, buf, (size_t)len) < 0) { /* nothing to do */ }
    close(fd);
}
