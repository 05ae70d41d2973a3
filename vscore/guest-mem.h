/*
 * Guest memory as the memory table hands it over: one duplicated fd per
 * region, read with pread, for the ring snapshots (dissector/vu-ring.h).
 *
 * Why pread and not a mapping: a memfd truncated under a mapping raises
 * SIGBUS on access, and hugetlbfs mappings must be whole huge pages; pread
 * of a truncated file is a short read (an "unreadable" ring, a finding),
 * and hugetlbfs files support read. Nothing is ever written.
 *
 * A table is created only with --rings (the caller's choice: nothing here
 * runs at start-up), and holds each fd from the message that brought it to
 * the removal of its region or the table's end: every fd it keeps is closed
 * by vs_guest_mem_remove, by a new SET_MEM_TABLE, and by vs_guest_mem_free.
 * Regions are keyed as REM_MEM_REG names them, by guest address and size,
 * so the table does not depend on the session's order of regions.
 * Not thread-safe: one table per session, used by one thread.
 */
#ifndef VS_GUEST_MEM_H
#define VS_GUEST_MEM_H

#include <glib.h>

#include "dissector/vu-ring.h"

struct vs_guest_mem;

struct vs_guest_mem *vs_guest_mem_new(void);
/* Closes every fd kept. NULL is fine. */
void vs_guest_mem_free(struct vs_guest_mem *gm);

/*
 * SET_MEM_TABLE: the n regions replace the table. fds[i] is region i's fd as
 * the message carried it (-1: none came); the table keeps a duplicate
 * (F_DUPFD_CLOEXEC), the caller keeps fds[i]. A region whose fd cannot be
 * duplicated is kept without one (its reads fail) and counted in the return:
 * the number of regions kept without an fd.
 */
guint vs_guest_mem_set_table(struct vs_guest_mem *gm, const struct vu_region_values *regions,
                             const int *fds, size_t n);

/* ADD_MEM_REG: one region joins (a region with the same guest address and
 * size is replaced). Returns FALSE when its fd could not be duplicated. */
gboolean vs_guest_mem_add(struct vs_guest_mem *gm, const struct vu_region_values *region, int fd);

/* REM_MEM_REG: the region at guest_addr of size goes, its fd closed.
 * Returns FALSE when no such region was kept. */
gboolean vs_guest_mem_remove(struct vs_guest_mem *gm, guint64 guest_addr, guint64 size);

/* Regions kept, and fds kept open (for the "nothing kept" checks). */
guint vs_guest_mem_regions(const struct vs_guest_mem *gm);
guint vs_guest_mem_fds(const struct vs_guest_mem *gm);

/* The read callback over this table, for vu_ring_snapshot and the checks.
 * Valid while gm lives. */
void vs_guest_mem_interface(struct vs_guest_mem *gm, struct vu_guest_memory *out);

#endif
