/*
 * vscore/guest-mem.c: region fds duplicated, kept and closed as the memory
 * table changes (counted in /proc/self/fd), read with pread at the region's
 * mmap_offset, a truncated memfd read short (unreadable, no SIGBUS), and a
 * real split ring in a memfd snapshot through it end to end. The memory
 * table messages themselves go through the session in test-dissector-ring.c;
 * here the session's table is set directly.
 */
#include <dirent.h>
#include <linux/virtio_ring.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tests/relay-harness.h"
#include "vscore/guest-mem.h"

#define REGION_SIZE 0x10000ull

static int memfd(gsize size)
{
	int fd = memfd_create("vhostsniff-guest-mem-test", MFD_CLOEXEC);

	g_assert_cmpint(fd, >=, 0);
	g_assert_cmpint(ftruncate(fd, (off_t)size), ==, 0);
	return fd;
}

static struct vu_region_values region(guint64 gpa, guint64 user, guint64 off)
{
	return (struct vu_region_values){
	    .guest_addr = gpa, .size = REGION_SIZE, .user_addr = user, .mmap_offset = off};
}

static struct vu_mem_region_state state_of(const struct vu_region_values *r)
{
	return (struct vu_mem_region_state){.guest_addr = r->guest_addr,
	                                    .size = r->size,
	                                    .user_addr = r->user_addr,
	                                    .mmap_offset = r->mmap_offset};
}

static void test_fds_follow_the_table(void)
{
	guint before = proc_fd_count(getpid());
	struct vs_guest_mem *gm = vs_guest_mem_new();
	int a = memfd(0x40000), b = memfd(0x40000), c = memfd(0x40000);
	const struct vu_region_values table[2] = {region(0, 0x7f0000000000, 0),
	                                          region(0x100000, 0x7f0000100000, 0x1000)};
	const int fds[2] = {a, b};
	struct vu_region_values added = region(0x200000, 0x7f0000200000, 0);

	g_assert_cmpuint(vs_guest_mem_set_table(gm, table, fds, 2), ==, 0);
	g_assert_cmpuint(vs_guest_mem_regions(gm), ==, 2);
	g_assert_cmpuint(vs_guest_mem_fds(gm), ==, 2);
	g_assert_cmpuint(proc_fd_count(getpid()), ==, before + 3 + 2);
	g_assert_true(vs_guest_mem_add(gm, &added, c));
	g_assert_cmpuint(proc_fd_count(getpid()), ==, before + 3 + 3);
	/* the same region again replaces it, closing the old duplicate */
	g_assert_true(vs_guest_mem_add(gm, &added, c));
	g_assert_cmpuint(vs_guest_mem_regions(gm), ==, 3);
	g_assert_cmpuint(proc_fd_count(getpid()), ==, before + 3 + 3);
	g_assert_true(vs_guest_mem_remove(gm, 0x100000, REGION_SIZE));
	g_assert_false(vs_guest_mem_remove(gm, 0x100000, REGION_SIZE));
	g_assert_cmpuint(vs_guest_mem_regions(gm), ==, 2);
	g_assert_cmpuint(proc_fd_count(getpid()), ==, before + 3 + 2);
	/* a new table replaces every region; a missing fd is counted, kept without one */
	{
		const int one[1] = {-1};

		g_assert_cmpuint(vs_guest_mem_set_table(gm, table, one, 1), ==, 1);
		g_assert_cmpuint(vs_guest_mem_regions(gm), ==, 1);
		g_assert_cmpuint(vs_guest_mem_fds(gm), ==, 0);
		g_assert_cmpuint(proc_fd_count(getpid()), ==, before + 3);
	}
	g_assert_cmpuint(vs_guest_mem_set_table(gm, table, fds, 2), ==, 0);
	g_assert_false(vs_guest_mem_add(gm, &added, -1));
	g_assert_cmpuint(vs_guest_mem_regions(gm), ==, 3);
	g_assert_cmpuint(proc_fd_count(getpid()), ==, before + 3 + 2);
	vs_guest_mem_free(gm);
	g_assert_cmpuint(proc_fd_count(getpid()), ==, before + 3);
	close(a);
	close(b);
	close(c);
	g_assert_cmpuint(proc_fd_count(getpid()), ==, before);
}

static void test_reads(void)
{
	struct vs_guest_mem *gm = vs_guest_mem_new();
	int fd = memfd(0x40000);
	const struct vu_region_values r = region(0x100000, 0x7f0000100000, 0x3000);
	struct vu_mem_region_state st = state_of(&r);
	struct vu_guest_memory mem;
	guint8 buf[8] = {0};

	g_assert_cmpint(pwrite(fd, "vhostsniff", 10, 0x3000 + 0x20), ==, 10);
	g_assert_true(vs_guest_mem_add(gm, &r, fd));
	close(fd); /* the table keeps its own */
	vs_guest_mem_interface(gm, &mem);
	g_assert_true(mem.read(mem.opaque, &st, 0x24, buf, 6));
	g_assert_cmpmem(buf, 6, "tsniff", 6);
	/* the last bytes of the region, and not one beyond */
	g_assert_true(mem.read(mem.opaque, &st, REGION_SIZE - 8, buf, 8));
	g_assert_false(mem.read(mem.opaque, &st, REGION_SIZE - 4, buf, 8));
	g_assert_false(mem.read(mem.opaque, &st, UINT64_MAX - 2, buf, 8));
	/* a region the table does not have, or at another place in the fd */
	st.guest_addr = 0x200000;
	g_assert_false(mem.read(mem.opaque, &st, 0, buf, 1));
	st = state_of(&r);
	st.mmap_offset = 0;
	g_assert_false(mem.read(mem.opaque, &st, 0, buf, 1));
	vs_guest_mem_free(gm);
}

/* A memfd cut under the table: reads past the new end fail, those before still work. */
static void test_truncated(void)
{
	struct vs_guest_mem *gm = vs_guest_mem_new();
	int fd = memfd(0x40000);
	const struct vu_region_values r = region(0, 0x7f0000000000, 0x1000);
	struct vu_mem_region_state st = state_of(&r);
	struct vu_guest_memory mem;
	guint8 buf[16];

	g_assert_true(vs_guest_mem_add(gm, &r, fd));
	vs_guest_mem_interface(gm, &mem);
	g_assert_true(mem.read(mem.opaque, &st, 0x8000, buf, sizeof(buf)));
	g_assert_cmpint(ftruncate(fd, 0x1000 + 0x8008), ==, 0);
	g_assert_false(mem.read(mem.opaque, &st, 0x8000, buf, sizeof(buf)));
	g_assert_true(mem.read(mem.opaque, &st, 0x8000, buf, 8));
	g_assert_cmpint(ftruncate(fd, 0), ==, 0);
	g_assert_false(mem.read(mem.opaque, &st, 0, buf, 1));
	close(fd);
	vs_guest_mem_free(gm);
}

/* hugetlbfs supports read (not write: the test writes through a mapping). */
static void test_hugetlb(void)
{
	const gsize huge = 2 * 1024 * 1024;
	int fd = memfd_create("vhostsniff-guest-mem-huge", MFD_CLOEXEC | MFD_HUGETLB);
	struct vs_guest_mem *gm;
	struct vu_region_values r = region(0, 0x7f0000000000, 0);
	struct vu_mem_region_state st;
	struct vu_guest_memory mem;
	guint8 *p, buf[4];

	if (fd < 0 || ftruncate(fd, (off_t)huge) != 0) {
		g_test_skip("no huge pages (vm.nr_hugepages is 0)");
		if (fd >= 0)
			close(fd);
		return;
	}
	p = mmap(NULL, huge, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		g_test_skip("no huge page to map (vm.nr_hugepages is 0)");
		close(fd);
		return;
	}
	memcpy(p + 0x1234, "huge", 4);
	munmap(p, huge);
	gm = vs_guest_mem_new();
	r.size = huge;
	st = state_of(&r);
	g_assert_true(vs_guest_mem_add(gm, &r, fd));
	vs_guest_mem_interface(gm, &mem);
	g_assert_true(mem.read(mem.opaque, &st, 0x1234, buf, 4));
	g_assert_cmpmem(buf, 4, "huge", 4);
	vs_guest_mem_free(gm);
	close(fd);
}

static void put16(int fd, guint64 at, guint16 v)
{
	guint8 b[2] = {(guint8)v, (guint8)(v >> 8)};

	g_assert_cmpint(pwrite(fd, b, 2, (off_t)at), ==, 2);
}

/*
 * A split ring of 4 in region 0 of a memfd (at file offset 0x1000), two
 * requests in flight: the snapshot through vs_guest_mem sees them; the memfd
 * cut under the used ring makes the ring unreadable.
 */
static void test_ring_through_table(void)
{
	const guint64 off = 0x1000, desc = 0, avail = 0x400, usedr = 0x800;
	int fd = memfd(0x20000);
	struct vs_guest_mem *gm = vs_guest_mem_new();
	struct vu_region_values r = region(0x100000, 0x7f0000100000, off);
	g_autofree struct vu_session *s = g_new0(struct vu_session, 1);
	g_autofree struct vu_ring_snapshot *snap = g_new0(struct vu_ring_snapshot, 1);
	struct vu_guest_memory mem;

	vu_session_init(s, VU_DEVICE_BLK);
	s->features_acked = VU_BIT(VU_F_VERSION_1);
	s->nregions = 1;
	s->regions[0] = state_of(&r);
	s->vrings[0].num = 4;
	s->vrings[0].desc = r.user_addr + desc;
	s->vrings[0].avail = r.user_addr + avail;
	s->vrings[0].used = r.user_addr + usedr;
	/* descriptors 1 and 3, single buffers in the region */
	for (guint i = 0; i < 4; i++) {
		guint8 d[sizeof(struct vring_desc)] = {0};
		guint64 addr = r.guest_addr + 0x4000 + i * 0x100;

		for (guint k = 0; k < 8; k++)
			d[offsetof(struct vring_desc, addr) + k] = (guint8)(addr >> (8 * k));
		d[offsetof(struct vring_desc, len)] = 0x80;
		g_assert_cmpint(pwrite(fd, d, sizeof(d), (off_t)(off + desc + i * sizeof(d))), ==,
		                (ssize_t)sizeof(d));
	}
	put16(fd, off + avail + offsetof(struct vring_avail, idx), 7);
	put16(fd, off + avail + offsetof(struct vring_avail, ring) + 2 * (5 % 4), 1);
	put16(fd, off + avail + offsetof(struct vring_avail, ring) + 2 * (6 % 4), 3);
	put16(fd, off + usedr + offsetof(struct vring_used, idx), 5);
	g_assert_true(vs_guest_mem_add(gm, &r, fd));
	vs_guest_mem_interface(gm, &mem);

	vu_ring_snapshot(s, &mem, 0, snap);
	g_assert_cmpuint(snap->status, ==, VU_RING_OK);
	g_assert_cmpuint(snap->avail_idx, ==, 7);
	g_assert_cmpuint(snap->used_idx, ==, 5);
	g_assert_cmpuint(snap->inflight, ==, 2);
	g_assert_cmpuint(snap->nchains, ==, 2);
	g_assert_cmpuint(snap->chains[0].head, ==, 1);
	g_assert_cmpuint(snap->chains[1].head, ==, 3);
	g_assert_cmphex(snap->chains[1].descs[0].addr, ==, r.guest_addr + 0x4300);
	g_assert_cmpuint(snap->chains[1].readable, ==, 0x80);

	g_assert_cmpint(ftruncate(fd, (off_t)(off + usedr)), ==, 0);
	vu_ring_snapshot(s, &mem, 0, snap);
	g_assert_cmpuint(snap->status, ==, VU_RING_UNREADABLE);
	g_assert_cmpuint(snap->part, ==, VU_RING_PART_USED);

	/* the region removed: nothing to read it with */
	g_assert_cmpint(ftruncate(fd, 0x20000), ==, 0);
	g_assert_true(vs_guest_mem_remove(gm, r.guest_addr, r.size));
	vu_ring_snapshot(s, &mem, 0, snap);
	g_assert_cmpuint(snap->status, ==, VU_RING_UNREADABLE);
	close(fd);
	vs_guest_mem_free(gm);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/guest-mem/fds-follow-the-table", test_fds_follow_the_table);
	g_test_add_func("/guest-mem/reads", test_reads);
	g_test_add_func("/guest-mem/truncated", test_truncated);
	g_test_add_func("/guest-mem/hugetlb", test_hugetlb);
	g_test_add_func("/guest-mem/ring-through-table", test_ring_through_table);
	return g_test_run();
}
