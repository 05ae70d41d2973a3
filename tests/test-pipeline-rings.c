/*
 * vscore/pipeline.c with --rings and no sink that reads the decode (what
 * `vhostsniff -q -w FILE --rings` builds): the analyzer still runs, so the
 * ring watch follows the memory table and the ring records reach the
 * records-only sink (the capture's). Without --rings such a run takes no
 * decode and makes no ring record. The records go through the pipeline in
 * the caller's thread (no vs_pipeline_start), from a memfd as guest memory.
 * Also through it: a ring at IOVAs read through the IOTLB messages of the
 * session, and a region backed by huge pages (hugetlbfs).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tests/ring-setup.h"
#include "vscore/pipeline.h"
#include "vscore/ring-watch.h"

/* One region of REGION bytes at guest address 0, mapped by the front-end at
 * USER_BASE; ring 0's parts in it (virtio split layout). */
#define REGION    0x10000u
#define USER_BASE 0x7f0000000000ull
#define NUM       8u
#define DESC_AT   0x1000u
#define AVAIL_AT  0x2000u
#define USED_AT   0x3000u

struct seen {
	struct vs_sink sink;
	guint messages, decoded, rings; /* decoded: messages that came with their decode */
	guint16 last_avail_idx;
	guint8 last_status;      /* enum vu_ring_status of the last ring record */
	guint8 last_first_where; /* enum vu_mem_status of its first chain's first descriptor */
	guint last_nfindings;    /* findings of the last ring record */
};

static void seen_write(struct vs_sink *sink, const struct vs_record *r, const struct vu_decoded *d,
                       const struct vu_session *state)
{
	struct seen *s = sink->data;

	(void)state;
	if (r->kind == VU_RECORD_MESSAGE) {
		s->messages++;
		s->decoded += d != NULL;
	}
	if (r->kind == VU_RECORD_RING && r->ring != NULL) {
		s->rings++;
		s->last_avail_idx = r->ring->snap.avail_idx;
		s->last_status = r->ring->snap.status;
		s->last_first_where = r->ring->snap.nchains > 0 && r->ring->snap.chains[0].nkept > 0
		                          ? r->ring->snap.chains[0].descs[0].where
		                          : VU_MEM_OK;
		s->last_nfindings = d != NULL ? (guint)d->nfindings : 0;
	}
}

static void seen_close(struct vs_sink *sink)
{
	(void)sink;
}

/* A session that sets ring 0 up in mem, where the guest made two requests. */
static void run_session(struct vs_pipeline *p, int mem, gboolean rings)
{
	const struct ring_layout l = {.features = 1ull << VU_F_VERSION_1,
	                              .region_size = REGION,
	                              .user_base = USER_BASE,
	                              .mem = rings ? mem : -1,
	                              .vring = 0,
	                              .num = NUM,
	                              .desc_at = DESC_AT,
	                              .avail_at = AVAIL_AT,
	                              .used_at = USED_AT,
	                              .kick = FALSE};
	struct ring_pipeline_front f = {.p = p, .frame = 1};

	ring_setup_session(&l, ring_pipeline_send, &f);
}

static void test_rings_force_decode(gconstpointer data)
{
	gboolean rings = GPOINTER_TO_INT(data);
	struct seen seen = {
	    .sink = {
	        .name = "seen", .records_only = TRUE, .write = seen_write, .close = seen_close}};
	struct vs_pipeline *p = vs_pipeline_new(1024, VU_DEVICE_BLK);
	int mem = memfd_create("vhostsniff-pipeline-rings-test", MFD_CLOEXEC);
	guint8 avail_idx[2] = {2, 0};

	g_assert_cmpint(mem, >=, 0);
	g_assert_cmpint(ftruncate(mem, REGION), ==, 0);
	g_assert_cmpint(pwrite(mem, avail_idx, 2, AVAIL_AT + 2), ==, 2);
	seen.sink.data = &seen;
	if (rings)
		vs_pipeline_set_rings(p, 100 * 1000000ull, 0);
	vs_pipeline_add_sink(p, &seen.sink);
	run_session(p, mem, rings);
	vs_pipeline_finish(p);
	vs_pipeline_free(p);
	close(mem);

	g_assert_cmpuint(seen.messages, ==, 4);
	if (rings) {
		/* the analyzer ran, and the snapshot SET_VRING_ADDR took was read
		 * from the memfd */
		g_assert_cmpuint(seen.decoded, ==, 4);
		g_assert_cmpuint(seen.rings, >=, 1);
		g_assert_cmpuint(seen.last_avail_idx, ==, 2);
	} else {
		/* -w -q as before: the records go out as they are */
		g_assert_cmpuint(seen.decoded, ==, 0);
		g_assert_cmpuint(seen.rings, ==, 0);
	}
}

/* ---- IOVAs (ACCESS_PLATFORM) ---------------------------------------------- */

/* The region's IOVAs, as a vIOMMU hands them to the device. */
#define IOVA_BASE     0xfee00000ull
#define IOVA_NO_ENTRY 0xc0000000ull
#define BUF_AT        0x8000u

static void submit_iotlb(struct ring_pipeline_front *f, guint8 type, guint64 iova, guint64 size,
                         guint64 uaddr)
{
	guint8 b[32] = {0};

	ring_put_le(b, 0, iova, 8);
	ring_put_le(b, 8, size, 8);
	ring_put_le(b, 16, uaddr, 8);
	b[24] = VU_IOTLB_PERM_RW;
	b[25] = type;
	ring_pipeline_send(VU_REQ_IOTLB_MSG, b, sizeof(b), NULL, 0, f);
}

static void submit_vring_addr(struct ring_pipeline_front *f, guint64 base)
{
	ring_setup_addr(0, base + DESC_AT, base + USED_AT, base + AVAIL_AT, ring_pipeline_send, f);
}

/*
 * --rings with VIRTIO_F_ACCESS_PLATFORM: ring 0 at IOVAs, one request in
 * flight whose descriptor is at an IOVA outside every entry. The ring is
 * unknown until the front-end's IOTLB update maps the region, then read; its
 * descriptor stays unknown (no finding); an invalidation makes the ring
 * unknown again.
 */
static void test_rings_iotlb(void)
{
	struct seen seen = {
	    .sink = {
	        .name = "seen", .records_only = TRUE, .write = seen_write, .close = seen_close}};
	struct vs_pipeline *p = vs_pipeline_new(1024, VU_DEVICE_BLK);
	int mem = memfd_create("vhostsniff-pipeline-rings-iotlb", MFD_CLOEXEC);
	struct ring_pipeline_front f = {.p = p, .frame = 1};
	guint8 b[16] = {0};

	g_assert_cmpint(mem, >=, 0);
	g_assert_cmpint(ftruncate(mem, REGION), ==, 0);
	/* descriptor 0: 16 bytes at an IOVA no entry covers; avail ring: head 0, idx 1 */
	ring_put_le(b, 0, IOVA_NO_ENTRY, 8);
	ring_put_le(b, 8, 16, 4);
	g_assert_cmpint(pwrite(mem, b, 16, DESC_AT), ==, 16);
	memset(b, 0, sizeof(b));
	ring_put_le(b, 2, 1, 2);
	g_assert_cmpint(pwrite(mem, b, 6, AVAIL_AT), ==, 6);
	seen.sink.data = &seen;
	vs_pipeline_set_rings(p, 100 * 1000000ull, 0);
	vs_pipeline_add_sink(p, &seen.sink);

	ring_setup_features(1ull << VU_F_VERSION_1 | 1ull << VU_F_ACCESS_PLATFORM,
	                    ring_pipeline_send, &f);
	ring_setup_mem_table(REGION, USER_BASE, mem, ring_pipeline_send, &f);
	ring_setup_num(0, NUM, ring_pipeline_send, &f);
	submit_vring_addr(&f, IOVA_BASE);
	g_assert_cmpuint(seen.rings, ==, 1);
	g_assert_cmpuint(seen.last_status, ==, VU_RING_UNKNOWN_SPACE);

	/* the ring's pages mapped, the buffers not */
	submit_iotlb(&f, VU_IOTLB_UPDATE, IOVA_BASE, BUF_AT, USER_BASE);
	submit_vring_addr(&f, IOVA_BASE);
	g_assert_cmpuint(seen.rings, ==, 2);
	g_assert_cmpuint(seen.last_status, ==, VU_RING_OK);
	g_assert_cmpuint(seen.last_avail_idx, ==, 1);
	g_assert_cmpuint(seen.last_first_where, ==, VU_MEM_UNKNOWN_SPACE);
	g_assert_cmpuint(seen.last_nfindings, ==, 0);

	/* the used ring's page invalidated */
	submit_iotlb(&f, VU_IOTLB_INVALIDATE, IOVA_BASE + USED_AT, 0x1000, 0);
	submit_vring_addr(&f, IOVA_BASE);
	g_assert_cmpuint(seen.rings, ==, 3);
	g_assert_cmpuint(seen.last_status, ==, VU_RING_UNKNOWN_SPACE);
	g_assert_cmpuint(seen.last_nfindings, ==, 0);

	vs_pipeline_finish(p);
	vs_pipeline_free(p);
	close(mem);
}

/* ---- hugetlbfs ------------------------------------------------------------ */

#define NR_HUGEPAGES "/proc/sys/vm/nr_hugepages"

static gboolean read_ulong(const char *path, gulong *out)
{
	g_autofree gchar *text = NULL;

	if (!g_file_get_contents(path, &text, NULL, NULL))
		return FALSE;
	*out = strtoul(text, NULL, 10);
	return TRUE;
}

/* In place: a sysctl file cannot be replaced as g_file_set_contents does. */
static gboolean write_ulong(const char *path, gulong v)
{
	FILE *f = fopen(path, "w");
	gboolean ok;

	if (f == NULL)
		return FALSE;
	ok = fprintf(f, "%lu\n", v) > 0;
	return fclose(f) == 0 && ok;
}

/* The default huge page size, from /proc/meminfo ("Hugepagesize: 2048 kB"). */
static gsize huge_page_size(void)
{
	g_autofree gchar *text = NULL;
	const gchar *at;

	if (!g_file_get_contents("/proc/meminfo", &text, NULL, NULL) ||
	    (at = strstr(text, "Hugepagesize:")) == NULL)
		return 0;
	return (gsize)strtoull(at + strlen("Hugepagesize:"), NULL, 10) * 1024;
}

/*
 * A huge page holding ring 0, in a memfd of MFD_HUGETLB (a hugetlbfs file,
 * as QEMU's memory-backend-file on /dev/hugepages or memfd,hugetlb=on gives).
 * hugetlbfs has no write(): the ring goes in through a shared mapping, then
 * the page stays in the file. The pool is raised by one page for the
 * allocation and put back at once; the page, then surplus, is freed with the
 * file. Root only (the pool is a sysctl); under CI=true it must run.
 */
static void test_rings_hugetlb(void)
{
	struct seen seen = {
	    .sink = {
	        .name = "seen", .records_only = TRUE, .write = seen_write, .close = seen_close}};
	struct vs_pipeline *p;
	gsize huge = huge_page_size();
	gulong pool = 0, pool_after = 0;
	int mem = -1, mem_errno = 0;
	guint8 *map = MAP_FAILED;
	gboolean raised;

	if (geteuid() != 0) {
		if (g_strcmp0(g_getenv("CI"), "true") == 0)
			g_test_fail_printf("CI=true: the hugetlbfs test must run, as root");
		else
			g_test_skip("not root: the huge page pool cannot be raised");
		return;
	}
	g_assert_cmpuint(huge, >=, REGION);
	g_assert_true(read_ulong(NR_HUGEPAGES, &pool));
	raised = write_ulong(NR_HUGEPAGES, pool + 1);
	if (raised) {
		mem = memfd_create("vhostsniff-pipeline-rings-hugetlb", MFD_CLOEXEC | MFD_HUGETLB);
		if (mem >= 0 && ftruncate(mem, (off_t)huge) == 0)
			map = mmap(NULL, huge, PROT_READ | PROT_WRITE, MAP_SHARED, mem, 0);
		mem_errno = errno;
		if (map != MAP_FAILED) {
			ring_put_le(map, AVAIL_AT + 2, 3, 2); /* avail idx 3 */
			munmap(map, huge);
		}
		/* the pool back as it was before anything is asserted */
		g_assert_true(write_ulong(NR_HUGEPAGES, pool));
		g_assert_true(read_ulong(NR_HUGEPAGES, &pool_after));
		g_assert_cmpuint(pool_after, ==, pool);
	}
	g_assert_true(raised);
	if (map == MAP_FAILED)
		g_error("a huge page for the test: %s", g_strerror(mem_errno));

	p = vs_pipeline_new(1024, VU_DEVICE_BLK);
	seen.sink.data = &seen;
	vs_pipeline_set_rings(p, 100 * 1000000ull, 0);
	vs_pipeline_add_sink(p, &seen.sink);
	run_session(p, mem, TRUE);
	vs_pipeline_finish(p);
	vs_pipeline_free(p);
	close(mem);

	/* the snapshot SET_VRING_ADDR took was read from the huge page */
	g_assert_cmpuint(seen.rings, >=, 1);
	g_assert_cmpuint(seen.last_status, ==, VU_RING_OK);
	g_assert_cmpuint(seen.last_avail_idx, ==, 3);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/pipeline/rings/iotlb", test_rings_iotlb);
	g_test_add_func("/pipeline/rings/hugetlb", test_rings_hugetlb);
	g_test_add_data_func("/pipeline/rings/records-only-sink", GINT_TO_POINTER(TRUE),
	                     test_rings_force_decode);
	g_test_add_data_func("/pipeline/rings/off-records-only-sink", GINT_TO_POINTER(FALSE),
	                     test_rings_force_decode);
	return g_test_run();
}
