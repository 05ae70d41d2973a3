/*
 * The region fds of one session, read with pread (why: vscore/guest-mem.h).
 * A region's bytes at offset o are the fd's bytes at mmap_offset + o, as the
 * back-end maps them (vhost-user "Memory regions description").
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "vscore/guest-mem.h"

struct guest_region {
	struct vu_region_values r;
	int fd; /* ours, or -1 */
};

struct vs_guest_mem {
	GArray *regions; /* struct guest_region */
};

static void region_clear(gpointer p)
{
	struct guest_region *g = p;

	if (g->fd >= 0)
		close(g->fd);
	g->fd = -1;
}

struct vs_guest_mem *vs_guest_mem_new(void)
{
	struct vs_guest_mem *gm = g_new0(struct vs_guest_mem, 1);

	gm->regions = g_array_new(FALSE, TRUE, sizeof(struct guest_region));
	g_array_set_clear_func(gm->regions, region_clear);
	return gm;
}

void vs_guest_mem_free(struct vs_guest_mem *gm)
{
	if (gm == NULL)
		return;
	g_array_unref(gm->regions);
	g_free(gm);
}

static int dup_fd(int fd)
{
	return fd >= 0 ? fcntl(fd, F_DUPFD_CLOEXEC, 0) : -1;
}

static gint find(const struct vs_guest_mem *gm, guint64 guest_addr, guint64 size)
{
	for (guint i = 0; i < gm->regions->len; i++) {
		const struct guest_region *g = &g_array_index(gm->regions, struct guest_region, i);

		if (g->r.guest_addr == guest_addr && g->r.size == size)
			return (gint)i;
	}
	return -1;
}

guint vs_guest_mem_set_table(struct vs_guest_mem *gm, const struct vu_region_values *regions,
                             const int *fds, size_t n)
{
	guint missing = 0;

	g_array_set_size(gm->regions, 0);
	for (size_t i = 0; i < n; i++) {
		struct guest_region g = {.r = regions[i], .fd = dup_fd(fds != NULL ? fds[i] : -1)};

		if (g.fd < 0)
			missing++;
		g_array_append_val(gm->regions, g);
	}
	return missing;
}

gboolean vs_guest_mem_add(struct vs_guest_mem *gm, const struct vu_region_values *region, int fd)
{
	struct guest_region g = {.r = *region, .fd = dup_fd(fd)};
	gint old = find(gm, region->guest_addr, region->size);

	if (old >= 0)
		g_array_remove_index(gm->regions, (guint)old);
	g_array_append_val(gm->regions, g);
	return g.fd >= 0;
}

gboolean vs_guest_mem_remove(struct vs_guest_mem *gm, guint64 guest_addr, guint64 size)
{
	gint i = find(gm, guest_addr, size);

	if (i < 0)
		return FALSE;
	g_array_remove_index(gm->regions, (guint)i);
	return TRUE;
}

guint vs_guest_mem_regions(const struct vs_guest_mem *gm)
{
	return gm->regions->len;
}

guint vs_guest_mem_fds(const struct vs_guest_mem *gm)
{
	guint n = 0;

	for (guint i = 0; i < gm->regions->len; i++)
		n += g_array_index(gm->regions, struct guest_region, i).fd >= 0;
	return n;
}

/* All len bytes or FALSE: a short read (a truncated file) is unreadable. */
static gboolean read_all(int fd, guint64 at, guint8 *buf, size_t len)
{
	while (len > 0) {
		ssize_t got = pread(fd, buf, len, (off_t)at);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return FALSE;
		buf += got;
		at += (guint64)got;
		len -= (size_t)got;
	}
	return TRUE;
}

static bool guest_read(void *opaque, const struct vu_mem_region_state *region, uint64_t offset,
                       void *buf, size_t len)
{
	struct vs_guest_mem *gm = opaque;
	gint i = find(gm, region->guest_addr, region->size);
	const struct guest_region *g;
	guint64 at;

	if (i < 0)
		return false;
	g = &g_array_index(gm->regions, struct guest_region, i);
	/* The session's region and ours must agree on where the bytes are. */
	if (g->fd < 0 || g->r.user_addr != region->user_addr ||
	    g->r.mmap_offset != region->mmap_offset)
		return false;
	if (offset > g->r.size || len > g->r.size - offset)
		return false;
	at = g->r.mmap_offset + offset;
	if (at < offset || at > (guint64)G_MAXINT64 - len)
		return false;
	return read_all(g->fd, at, buf, len);
}

void vs_guest_mem_interface(struct vs_guest_mem *gm, struct vu_guest_memory *out)
{
	out->read = guest_read;
	out->opaque = gm;
}
