/*
 * The session state machine: what the two peers negotiated (features,
 * protocol features, memory, vrings), which requests await a reply, and the
 * findings that only the sequence reveals (a reply nobody asked for, a
 * request the negotiation does not allow). What one request checks and
 * changes, and what its reply changes, is a function named after it, found
 * in main_handlers by request; it reads the decoder's typed values, never
 * the display tree.
 */
#include <stdio.h>
#include <string.h>

#include "dissector/vu-dissector.h"
#include "dissector/vu-notify.h"
#include "dissector/vu-session-int.h"

/* QEMU's dirty log: one bit per 4 KiB page, in 64-bit words. */
#define LOG_PAGE  4096ull
#define LOG_CHUNK (LOG_PAGE * 64)

/* Virtio spec 1.2 §2.2 "Feature Bits": 0-23 and 50-127 are the device
 * type's, 24-41 the transport's (VU_F_NOTIFY_ON_EMPTY..VU_F_ADMIN_VQ), 42-49
 * reserved for extensions: no spec assigns them yet. */
#define DEVICE_BITS_HIGH_FIRST 50u
/* A split ring's base is the 16-bit next avail index; bits 16-31 are reserved
 * (vhost-user.rst, "A vring descriptor index for split virtqueues"). */
#define SPLIT_BASE_MASK 0xffffull

void vu_session_init(struct vu_session *s, enum vu_device_type device)
{
	memset(s, 0, sizeof(*s));
	vu_session_force_device(s, device);
	for (size_t ch = 0; ch < VU_CHANNEL_COUNT; ch++)
		s->oldest_owed_ns[ch] = UINT64_MAX;
}

/* Session findings point at the request code, the first word of the header. */
#define add(d, code, ...) ((void)vu_decoded_add_findingf((d), (code), 0, 4, __VA_ARGS__))

/* The ring a request is about, or NULL (no index, or beyond the rings kept). */
static struct vu_vring_state *vring_of(struct vu_session *s, const struct vu_decoded *d)
{
	const struct vu_values *p = &d->values;

	if (!(p->has & VU_HAS_VRING_INDEX) || p->vring_index >= VU_MAX_VRINGS)
		return NULL;
	return &s->vrings[p->vring_index];
}

/* ---- memory --------------------------------------------------------------- */

/* The regions of a SET_MEM_TABLE or ADD_MEM_REG, each with the fd in its place. */
static size_t regions_of(const struct vu_decoded *d, const struct vu_message *m,
                         struct vu_mem_region_state out[VU_MAX_REGIONS])
{
	size_t n = d->values.nregions;

	for (size_t i = 0; i < n; i++) {
		const struct vu_region_values *v = &d->values.regions[i];
		struct vu_mem_region_state *r = &out[i];

		memset(r, 0, sizeof(*r));
		r->guest_addr = v->guest_addr;
		r->size = v->size;
		r->user_addr = v->user_addr;
		r->mmap_offset = v->mmap_offset;
		if (m->fds != NULL && i < m->nfds && i < VU_MAX_FDS)
			r->fd = m->fds[i];
	}
	return n;
}

static bool region_same(const struct vu_mem_region_state *a, const struct vu_mem_region_state *b)
{
	return a->guest_addr == b->guest_addr && a->size == b->size &&
	       a->user_addr == b->user_addr && a->mmap_offset == b->mmap_offset;
}

static bool region_known(const struct vu_session *s, const struct vu_mem_region_state *r)
{
	for (size_t i = 0; i < s->nregions; i++)
		if (region_same(&s->regions[i], r))
			return true;
	return false;
}

/* The regions of the message (table, as regions_of reads them) replace the
 * table or join it, as many as there is room for. */
static void regions_from(struct vu_session *s, const struct vu_mem_region_state *table, size_t n,
                         bool replace)
{
	size_t cap = sizeof(s->regions) / sizeof(s->regions[0]);

	if (replace)
		s->nregions = 0;
	if (n > cap - s->nregions)
		n = cap - s->nregions;
	memcpy(&s->regions[s->nregions], table, n * sizeof(table[0]));
	s->nregions += n;
}

static void region_remove(struct vu_session *s, const struct vu_decoded *d)
{
	/* A short message carries no region: the one at 0 of size 0. */
	uint64_t gpa = d->values.nregions > 0 ? d->values.regions[0].guest_addr : 0;
	uint64_t size = d->values.nregions > 0 ? d->values.regions[0].size : 0;

	for (size_t i = 0; i < s->nregions; i++) {
		if (s->regions[i].guest_addr != gpa || s->regions[i].size != size)
			continue;
		memmove(&s->regions[i], &s->regions[i + 1],
		        (s->nregions - i - 1) * sizeof(s->regions[0]));
		s->nregions--;
		return;
	}
}

/* ---- requests ------------------------------------------------------------- */

static void check_negotiated(struct vu_session *s, struct vu_decoded *d)
{
	const struct vu_request_info *info = d->info;

	if (info->gate != VU_GATE_NONE && s->protocol_set &&
	    !vu_session_acked_upstream(s, (enum vu_protocol_feature)info->gate))
		add(d, VU_FIND_NOT_NEGOTIATED, "protocol feature %s",
		    vu_bit_table_lookup(vu_protocol_feature_table(), (unsigned)info->gate));
	if (info->gate_virtio == VU_F_PROTOCOL_FEATURES && s->features_seen &&
	    !(s->features_offered & VU_BIT(VU_F_PROTOCOL_FEATURES)))
		add(d, VU_FIND_NOT_NEGOTIATED, "the back-end did not offer PROTOCOL_FEATURES");
	/* Before SET_PROTOCOL_FEATURES, and without PROTOCOL_FEATURES at all,
	 * REPLY_ACK is not negotiated either. A request that is answered anyway
	 * may carry the flag: it "brings no behavioural change" (vhost-user.rst,
	 * REPLY_ACK), and QEMU sets it on POSTCOPY_LISTEN and POSTCOPY_END
	 * whatever was negotiated. */
	if (d->need_reply && !info->always_replied &&
	    !(s->protocol_acked & VU_BIT(VU_PF_REPLY_ACK)))
		add(d, VU_FIND_NEED_REPLY_NO_ACK, "%s", info->name);
}

/* A reply the back-end owes (or the front-end, on the other channels). */
static bool reply_owed(const struct vu_session *s, const struct vu_decoded *d)
{
	if (d->info->always_replied)
		return true;
	if (d->need_reply && (s->protocol_acked & VU_BIT(VU_PF_REPLY_ACK)))
		return true;
	/* SET_LOG_BASE is answered once the log is shared by fd (LOG_SHMFD). */
	return d->info->always_replied_with != VU_GATE_NONE &&
	       (s->protocol_acked & VU_BIT(d->info->always_replied_with));
}

/* A request from the wrong side gets no reply: the peer does not serve it. */
static bool from_requester(const struct vu_decoded *d)
{
	enum vu_direction requester = d->channel == VU_CHANNEL_MAIN ? VU_FROM_FRONT : VU_FROM_BACK;

	return d->from == requester;
}

/*
 * oldest_owed_ns[ch] is the earliest time of the requests on ch that may yet
 * be found overdue (0, in a session not from vu_session_init, only makes the
 * next vu_session_expire look). Every change to the pending list notes the
 * entries it keeps or adds, so that it stays exact.
 */
static void oldest_owed_note(struct vu_session *s, size_t ch, const struct vu_pending *p)
{
	if (!p->reported && !p->optional && p->ts_ns < s->oldest_owed_ns[ch])
		s->oldest_owed_ns[ch] = p->ts_ns;
}

/* optional: an ack that may come, none is owed. */
static void pending_push(struct vu_session *s, struct vu_decoded *d, uint64_t ts_ns, uint64_t frame,
                         bool optional)
{
	size_t *n = &s->npending[d->channel];
	struct vu_pending *p;

	if (*n >= VU_MAX_PENDING) {
		add(d, VU_FIND_TOO_MANY_PENDING, "%d outstanding", VU_MAX_PENDING);
		return;
	}
	p = &s->pending[d->channel][(*n)++];
	p->request = d->request;
	p->size = d->size;
	p->need_reply = d->need_reply;
	p->optional = optional;
	p->reported = false;
	p->ts_ns = ts_ns;
	p->frame = frame;
	p->dialect = d->dialect;
	oldest_owed_note(s, d->channel, p);
}

/* ---- checks that need what was negotiated -------------------------------- */

static bool ring_running(const struct vu_session *s)
{
	for (size_t i = 0; i < VU_MAX_VRINGS; i++)
		if (s->vrings[i].started)
			return true;
	return false;
}

/*
 * GET_QUEUE_NUM counts queue pairs for net (QEMU runs one vhost_dev of two
 * rings per pair) and queues for the other devices. Without a known device
 * the wider reading is taken.
 */
static void check_vring_index(const struct vu_session *s, struct vu_decoded *d)
{
	uint64_t index = d->values.vring_index;
	bool pairs = s->device == VU_DEVICE_NET || s->device == VU_DEVICE_UNKNOWN;
	uint64_t limit = pairs ? 2 * s->queue_num : s->queue_num;

	if (!(d->values.has & VU_HAS_VRING_INDEX) || s->queue_num == 0 ||
	    !(s->protocol_acked & VU_BIT(VU_PF_MQ)))
		return;
	if (index >= limit)
		add(d, VU_FIND_VRING_INDEX_RANGE, "ring %llu, GET_QUEUE_NUM said %llu %s",
		    (unsigned long long)index, (unsigned long long)s->queue_num,
		    pairs ? "queue pairs" : "queues");
}

static bool user_addr_mapped(const struct vu_session *s, uint64_t addr)
{
	for (size_t i = 0; i < s->nregions; i++) {
		const struct vu_mem_region_state *r = &s->regions[i];

		if (addr >= r->user_addr && addr - r->user_addr < r->size)
			return true;
	}
	return false;
}

/* Ring addresses are the front-end's virtual addresses, which the memory
 * table maps; with ACCESS_PLATFORM (once IOMMU_PLATFORM) they are I/O addresses, which it does not.
 */
static void check_vring_addr(const struct vu_session *s, struct vu_decoded *d)
{
	const struct vu_values *p = &d->values;
	const struct {
		enum vu_field_id id;
		enum vu_has has;
		uint64_t addr;
	} addrs[] = {
	    {VU_FIELD_VRING_DESC, VU_HAS_VRING_DESC, p->vring_addr.desc},
	    {VU_FIELD_VRING_USED, VU_HAS_VRING_USED, p->vring_addr.used},
	    {VU_FIELD_VRING_AVAIL, VU_HAS_VRING_AVAIL, p->vring_addr.avail},
	};

	if (s->nregions == 0 || (s->features_acked & VU_BIT(VU_F_ACCESS_PLATFORM)))
		return;
	for (size_t i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++)
		if ((p->has & addrs[i].has) && !user_addr_mapped(s, addrs[i].addr))
			add(d, VU_FIND_VRING_ADDR_UNMAPPED, "%s 0x%llx, %zu regions",
			    vu_field_def(addrs[i].id)->key, (unsigned long long)addrs[i].addr,
			    s->nregions);
}

/* The log is one bit per 4 KiB guest page, up to the highest guest address
 * of the memory table, in whole 64-bit words (what QEMU allocates). */
static uint64_t log_bytes_needed(const struct vu_session *s)
{
	uint64_t words = 0;

	for (size_t i = 0; i < s->nregions; i++) {
		const struct vu_mem_region_state *r = &s->regions[i];
		uint64_t last;

		if (r->size == 0)
			continue;
		last = r->guest_addr + r->size - 1;
		if (last < r->guest_addr)
			last = UINT64_MAX;
		if (last / LOG_CHUNK + 1 > words)
			words = last / LOG_CHUNK + 1;
	}
	return words * 8;
}

static void check_log_base(const struct vu_session *s, struct vu_decoded *d)
{
	uint64_t size = d->values.log.size;
	uint64_t need = log_bytes_needed(s);

	if (s->protocol_set && !(s->protocol_acked & VU_BIT(VU_PF_LOG_SHMFD)))
		add(d, VU_FIND_LOG_WITHOUT_SHMFD, "protocol features 0x%llx",
		    (unsigned long long)s->protocol_acked);
	if ((d->values.has & VU_HAS_LOG_SIZE) && size < need)
		add(d, VU_FIND_LOG_TOO_SMALL, "%llu bytes, the memory table needs %llu",
		    (unsigned long long)size, (unsigned long long)need);
}

/* ---- what each request checks and changes -------------------------------- */

/*
 * Front-ends send the per-device requests once (QEMU: for the vhost_dev of
 * queue pair 0 only). Seen again without a reset, they betray a front-end
 * that sends them per queue pair. A memory table or MTU sent again while
 * rings run is the same mistake; after a stop it is a restart.
 */
static bool once_seen(const struct vu_session *s, const struct vu_decoded *d)
{
	return (s->once_seen & VU_BIT(d->request)) != 0;
}

static void once_note(struct vu_session *s, const struct vu_decoded *d)
{
	s->once_seen |= VU_BIT(d->request);
}

/* SET_OWNER, GET_QUEUE_NUM: once per device, until a reset. */
static void check_once_per_device(struct vu_session *s, struct vu_decoded *d,
                                  const struct vu_message *m)
{
	(void)m;
	if (once_seen(s, d))
		add(d, VU_FIND_ONE_TIME_REPEATED, "%s again without a reset", d->info->name);
	once_note(s, d);
}

static void check_net_set_mtu(struct vu_session *s, struct vu_decoded *d,
                              const struct vu_message *m)
{
	(void)m;
	if (once_seen(s, d) && ring_running(s))
		add(d, VU_FIND_ONE_TIME_REPEATED, "%s again while rings run", d->info->name);
	once_note(s, d);
}

static void check_set_mem_table(struct vu_session *s, struct vu_decoded *d,
                                const struct vu_message *m)
{
	struct vu_mem_region_state table[VU_MAX_REGIONS];
	size_t n = regions_of(d, m, table);

	if (n > 0 && n == s->nregions && ring_running(s)) {
		for (size_t i = 0; i < n; i++)
			if (!region_same(&table[i], &s->regions[i]))
				return;
		add(d, VU_FIND_ONE_TIME_REPEATED,
		    "the memory table in force, again, while rings run");
	}
	once_note(s, d);
}

static void check_add_mem_reg(struct vu_session *s, struct vu_decoded *d,
                              const struct vu_message *m)
{
	struct vu_mem_region_state table[VU_MAX_REGIONS];
	size_t n = regions_of(d, m, table);

	if (n > 0 && region_known(s, &table[0]))
		add(d, VU_FIND_ONE_TIME_REPEATED, "a region already in the table");
	once_note(s, d);
}

static void check_acked_subset(struct vu_decoded *d, const char *what, uint64_t acked,
                               uint64_t offered)
{
	/* LOG_ALL is the front-end's to set while migrating, offered or not. */
	uint64_t extra = acked & ~offered & ~VU_BIT(VU_F_LOG_ALL);

	if (extra != 0)
		add(d, VU_FIND_NOT_OFFERED, "%s 0x%llx", what, (unsigned long long)extra);
}

static void check_set_features(struct vu_session *s, struct vu_decoded *d,
                               const struct vu_message *m)
{
	(void)m;
	if (s->features_seen)
		check_acked_subset(d, "features", d->values.number, s->features_offered);
}

/*
 * A front-end may skip GET_PROTOCOL_FEATURES (Cloud Hypervisor restoring a
 * migrated device reuses the features it saved), but rust-vmm vhost back-ends
 * before rust-vmm/vhost PR #290 only sent the acks REPLY_ACK promises once
 * they had been asked, and the front-end hung waiting (virtiofsd with Cloud
 * Hypervisor). A warning: most back-ends cope.
 */
static void check_set_protocol_features(struct vu_session *s, struct vu_decoded *d,
                                        const struct vu_message *m)
{
	(void)m;
	if (!s->protocol_asked)
		add(d, VU_FIND_SET_PROTOCOL_WITHOUT_GET, "protocol features 0x%llx",
		    (unsigned long long)d->values.number);
	if (s->protocol_seen)
		check_acked_subset(d, "protocol features", d->values.number, s->protocol_offered);
}

static void check_set_vring_addr(struct vu_session *s, struct vu_decoded *d,
                                 const struct vu_message *m)
{
	(void)m;
	check_vring_addr(s, d);
}

static void check_set_log_base(struct vu_session *s, struct vu_decoded *d,
                               const struct vu_message *m)
{
	(void)m;
	check_log_base(s, d);
}

static void fd_of(const struct vu_message *m, struct vu_fd_info *out)
{
	if (m->fds != NULL && m->nfds > 0)
		*out = m->fds[0];
	else
		memset(out, 0, sizeof(*out));
}

/* The config bytes of a GET_CONFIG reply or a SET_CONFIG, as far as they came. */
static void config_from(struct vu_session *s, const struct vu_decoded *d,
                        const struct vu_message *m, bool written)
{
	struct vu_config_state *c = &s->config;
	const struct vu_values *p = &d->values;
	size_t n = p->config.data_length < VU_MAX_CONFIG ? p->config.data_length : VU_MAX_CONFIG;

	c->seen = true;
	c->written = written;
	c->offset = (uint32_t)p->config.offset;
	c->size = (uint32_t)p->config.size;
	c->flags = (uint32_t)p->config.flags;
	memset(c->data, 0, sizeof(c->data));
	if ((p->has & VU_HAS_CONFIG_DATA) && (size_t)p->config.data_offset + n <= m->len)
		memcpy(c->data, m->bytes + p->config.data_offset, n);
}

static void inflight_from(struct vu_session *s, const struct vu_decoded *d,
                          const struct vu_message *m)
{
	struct vu_inflight_state *in = &s->inflight;

	in->set = true;
	in->mmap_size = d->values.inflight.mmap_size;
	in->mmap_offset = d->values.inflight.mmap_offset;
	in->num_queues = (uint16_t)d->values.inflight.num_queues;
	in->queue_size = (uint16_t)d->values.inflight.queue_size;
	fd_of(m, &in->fd);
}

static void apply_set_features(struct vu_session *s, const struct vu_decoded *d,
                               const struct vu_message *m)
{
	(void)m;
	s->features_acked = d->values.number;
	s->features_set = true;
	s->features_set_count++;
	/* Without PROTOCOL_FEATURES every ring is enabled at once. */
	if (!(s->features_acked & VU_BIT(VU_F_PROTOCOL_FEATURES)))
		for (size_t i = 0; i < VU_MAX_VRINGS; i++)
			s->vrings[i].enabled = true;
}

static void apply_set_owner(struct vu_session *s, const struct vu_decoded *d,
                            const struct vu_message *m)
{
	(void)d;
	(void)m;
	s->owner_set = true;
}

/* RESET_OWNER, RESET_DEVICE: the rings and the once-per-device requests start over. */
static void apply_reset(struct vu_session *s, const struct vu_decoded *d,
                        const struct vu_message *m)
{
	(void)d;
	(void)m;
	s->once_seen = 0;
	memset(s->vrings, 0, sizeof(s->vrings));
	s->vrings_seen = 0;
}

static void apply_set_mem_table(struct vu_session *s, const struct vu_decoded *d,
                                const struct vu_message *m)
{
	struct vu_mem_region_state table[VU_MAX_REGIONS];
	size_t n = regions_of(d, m, table);

	regions_from(s, table, n, true);
}

static void apply_add_mem_reg(struct vu_session *s, const struct vu_decoded *d,
                              const struct vu_message *m)
{
	struct vu_mem_region_state table[VU_MAX_REGIONS];
	size_t n = regions_of(d, m, table);

	regions_from(s, table, n, false);
}

static void apply_rem_mem_reg(struct vu_session *s, const struct vu_decoded *d,
                              const struct vu_message *m)
{
	(void)m;
	region_remove(s, d);
}

static void apply_set_log_base(struct vu_session *s, const struct vu_decoded *d,
                               const struct vu_message *m)
{
	s->log.set = true;
	s->log.size = d->values.log.size;
	s->log.offset = d->values.log.offset;
	fd_of(m, &s->log.fd);
}

/* A new back-end channel, open. */
static void apply_set_backend_req_fd(struct vu_session *s, const struct vu_decoded *d,
                                     const struct vu_message *m)
{
	(void)m;
	s->backend_channel = d->nfds > 0;
	s->closed[VU_CHANNEL_BACKEND] = false;
}

static void apply_set_config(struct vu_session *s, const struct vu_decoded *d,
                             const struct vu_message *m)
{
	config_from(s, d, m, true);
}

static void apply_set_inflight_fd(struct vu_session *s, const struct vu_decoded *d,
                                  const struct vu_message *m)
{
	inflight_from(s, d, m);
}

static void apply_set_device_state_fd(struct vu_session *s, const struct vu_decoded *d,
                                      const struct vu_message *m)
{
	(void)m;
	s->transfer.phase = VU_TRANSFER_STARTED;
	s->transfer.direction = (uint32_t)d->values.device_state.direction;
	s->transfer.migration_phase = (uint32_t)d->values.device_state.phase;
	s->transfer.result = 0;
}

static void apply_check_device_state(struct vu_session *s, const struct vu_decoded *d,
                                     const struct vu_message *m)
{
	(void)d;
	(void)m;
	s->transfer.phase = VU_TRANSFER_CHECKING;
}

/* A vring set up by a message: seen, and counted in vrings_seen. */
static void vring_seen(struct vu_session *s, struct vu_vring_state *v)
{
	uint16_t n = (uint16_t)(v - s->vrings + 1);

	v->seen = true;
	if (n > s->vrings_seen)
		s->vrings_seen = n;
}

static void apply_set_vring_num(struct vu_session *s, const struct vu_decoded *d,
                                const struct vu_message *m)
{
	struct vu_vring_state *v = vring_of(s, d);

	(void)m;
	if (v != NULL) {
		vring_seen(s, v);
		v->num = (uint32_t)d->values.vring_num;
	}
}

static void apply_set_vring_addr(struct vu_session *s, const struct vu_decoded *d,
                                 const struct vu_message *m)
{
	struct vu_vring_state *v = vring_of(s, d);

	(void)m;
	if (v != NULL) {
		vring_seen(s, v);
		v->addr_flags = (uint32_t)d->values.vring_addr.flags;
		v->desc = d->values.vring_addr.desc;
		v->used = d->values.vring_addr.used;
		v->avail = d->values.vring_addr.avail;
		v->log = d->values.vring_addr.log;
	}
}

static void apply_set_vring_base(struct vu_session *s, const struct vu_decoded *d,
                                 const struct vu_message *m)
{
	struct vu_vring_state *v = vring_of(s, d);

	(void)m;
	if (v != NULL) {
		vring_seen(s, v);
		v->base = (uint32_t)d->values.vring_num;
		v->base_set = (d->values.has & VU_HAS_VRING_NUM) != 0;
		v->ran_since_base = false;
	}
}

/* In-band kick (INBAND_NOTIFICATIONS): the ring may have moved. */
static void apply_vring_kick(struct vu_session *s, const struct vu_decoded *d,
                             const struct vu_message *m)
{
	struct vu_vring_state *v = vring_of(s, d);

	(void)m;
	if (v != NULL)
		v->ran_since_base = true;
}

static void apply_get_protocol_features(struct vu_session *s, const struct vu_decoded *d,
                                        const struct vu_message *m)
{
	(void)d;
	(void)m;
	s->protocol_asked = true;
}

/* GET_VRING_BASE and GET_VRING_BASE_SKIP_DRAIN stop the ring. */
static void apply_get_vring_base(struct vu_session *s, const struct vu_decoded *d,
                                 const struct vu_message *m)
{
	struct vu_vring_state *v = vring_of(s, d);

	(void)m;
	if (v != NULL)
		v->started = false;
}

static void apply_set_vring_kick(struct vu_session *s, const struct vu_decoded *d,
                                 const struct vu_message *m)
{
	struct vu_vring_state *v = vring_of(s, d);

	(void)m;
	if (v != NULL) {
		vring_seen(s, v);
		v->kick_fd = d->nfds > 0;
		v->started = true;
		v->ran_since_base = true;
		s->started = true;
	}
}

static void apply_set_vring_call(struct vu_session *s, const struct vu_decoded *d,
                                 const struct vu_message *m)
{
	struct vu_vring_state *v = vring_of(s, d);

	(void)m;
	if (v != NULL) {
		vring_seen(s, v);
		v->call_fd = d->nfds > 0;
	}
}

static void apply_set_vring_err(struct vu_session *s, const struct vu_decoded *d,
                                const struct vu_message *m)
{
	struct vu_vring_state *v = vring_of(s, d);

	(void)m;
	if (v != NULL)
		v->err_fd = d->nfds > 0;
}

static void apply_set_protocol_features(struct vu_session *s, const struct vu_decoded *d,
                                        const struct vu_message *m)
{
	(void)m;
	s->protocol_acked = d->values.number;
	s->protocol_set = true;
	s->protocol_set_count++;
}

static void apply_set_vring_enable(struct vu_session *s, const struct vu_decoded *d,
                                   const struct vu_message *m)
{
	struct vu_vring_state *v = vring_of(s, d);

	(void)m;
	if (v != NULL) {
		vring_seen(s, v);
		v->enabled = d->values.vring_num != 0;
		if (v->enabled)
			v->ran_since_base = true;
	}
}

/* [a, a + asize) and [b, b + bsize) share a byte (sizes of 0 count as 1). */
static bool ranges_overlap(uint64_t a, uint64_t asize, uint64_t b, uint64_t bsize)
{
	asize = asize != 0 ? asize : 1;
	bsize = bsize != 0 ? bsize : 1;
	return a >= b ? a - b < bsize : b - a < asize;
}

/* INVALIDATE: every entry that overlaps the range goes whole, as DPDK's
 * vhost library drops them; a part kept could outlive the mapping. */
static void iotlb_invalidate(struct vu_session *s, uint64_t iova, uint64_t size)
{
	size_t kept = 0;

	for (size_t i = 0; i < s->niotlb; i++)
		if (!ranges_overlap(s->iotlb[i].iova, s->iotlb[i].size, iova, size))
			s->iotlb[kept++] = s->iotlb[i];
	s->niotlb = kept;
}

/* UPDATE: the entry replaces what overlaps it (the newest mapping wins), and
 * pushes out the oldest when the table is full. */
static void iotlb_update(struct vu_session *s, const struct vu_values *p)
{
	if (p->iotlb.size == 0 || !(p->has & VU_HAS_IOTLB_UADDR) ||
	    p->iotlb.iova + (p->iotlb.size - 1) < p->iotlb.iova)
		return;
	iotlb_invalidate(s, p->iotlb.iova, p->iotlb.size);
	if (s->niotlb == VU_MAX_IOTLB_ENTRIES) {
		memmove(&s->iotlb[0], &s->iotlb[1], sizeof(s->iotlb[0]) * (s->niotlb - 1));
		s->niotlb--;
	}
	s->iotlb[s->niotlb++] = (struct vu_iotlb_entry){
	    .iova = p->iotlb.iova,
	    .size = p->iotlb.size,
	    .uaddr = p->iotlb.uaddr,
	    .perm = (p->has & VU_HAS_IOTLB_PERM) ? p->iotlb.perm : VU_IOTLB_PERM_NONE,
	};
}

/* The front-end's IOTLB updates and invalidations keep the entries the ring
 * reader translates IOVAs with; an update answers the misses inside its range. */
static void apply_iotlb_msg(struct vu_session *s, const struct vu_decoded *d,
                            const struct vu_message *m)
{
	const struct vu_values *p = &d->values;
	size_t kept = 0;

	(void)m;
	if (!(p->has & VU_HAS_IOTLB_TYPE) || !(p->has & VU_HAS_IOTLB_SIZE) ||
	    !(p->has & VU_HAS_IOTLB_IOVA))
		return;
	if (p->iotlb.type == VU_IOTLB_INVALIDATE)
		iotlb_invalidate(s, p->iotlb.iova, p->iotlb.size);
	if (p->iotlb.type != VU_IOTLB_UPDATE)
		return;
	iotlb_update(s, p);
	for (size_t i = 0; i < s->niotlb_misses; i++) {
		const struct vu_iotlb_miss *miss = &s->iotlb_misses[i];
		bool covered = miss->iova >= p->iotlb.iova &&
		               (miss->iova - p->iotlb.iova < p->iotlb.size ||
		                (p->iotlb.size == 0 && miss->iova == p->iotlb.iova));

		if (!covered)
			s->iotlb_misses[kept++] = *miss;
	}
	s->niotlb_misses = kept;
}

static void apply_set_status(struct vu_session *s, const struct vu_decoded *d,
                             const struct vu_message *m)
{
	(void)m;
	s->status = d->values.number;
}

/* ---- what each reply is checked against ---------------------------------- */

/* The device the session has shown so far (vu-identify.c: --device, the
 * peers' command lines, requests; the offer being judged is not yet
 * counted); device bits are judged only against it. */
static enum vu_device_type session_device(const struct vu_session *s)
{
	return s->device;
}

/*
 * Offered virtio bits that no spec assigns: the reserved range 42-49, a
 * transport bit the transport table lacks, and, once the device is known,
 * a device bit its table lacks. A back-end that claims every bit (Cloud
 * Hypervisor's vhost-user-net before cloud-hypervisor PR #1565) makes a
 * front-end negotiate what nobody implements.
 */
static uint64_t unassigned_feature_bits(enum vu_device_type device, uint64_t bits)
{
	const struct vu_bit_table *device_table = vu_device_feature_table(device);
	uint64_t out = 0;

	for (unsigned bit = 0; bit < 64; bit++) {
		bool transport = bit >= VU_F_NOTIFY_ON_EMPTY && bit <= VU_F_ADMIN_VQ;
		bool device_bit = bit < VU_F_NOTIFY_ON_EMPTY || bit >= DEVICE_BITS_HIGH_FIRST;

		if (!(bits & VU_BIT(bit)))
			continue;
		if (transport && vu_bit_table_lookup(vu_transport_feature_table(), bit) != NULL)
			continue;
		if (device_bit &&
		    (device_table == NULL || vu_bit_table_lookup(device_table, bit) != NULL))
			continue;
		out |= VU_BIT(bit);
	}
	return out;
}

static void check_reply_get_features(struct vu_session *s, struct vu_decoded *d,
                                     const struct vu_message *m)
{
	enum vu_device_type device = session_device(s);
	uint64_t extra = unassigned_feature_bits(device, d->values.number);

	(void)m;
	if ((d->values.has & VU_HAS_NUMBER) && extra != 0)
		add(d, VU_FIND_UNASSIGNED_BITS, "features 0x%llx, device %s",
		    (unsigned long long)extra, vu_device_type_name(device));
}

static void check_reply_get_protocol_features(struct vu_session *s, struct vu_decoded *d,
                                              const struct vu_message *m)
{
	uint64_t extra = 0;

	(void)m;
	/* In the session's dialect: crosvm's bits are assigned too. */
	for (unsigned bit = 0; bit < 64; bit++)
		if ((d->values.number & VU_BIT(bit)) &&
		    vu_protocol_bit_name(s->dialect, bit) == NULL)
			extra |= VU_BIT(bit);
	if ((d->values.has & VU_HAS_NUMBER) && extra != 0)
		add(d, VU_FIND_UNASSIGNED_BITS, "protocol features 0x%llx",
		    (unsigned long long)extra);
}

/* A packed ring's base, set or given back, in DPDK's form (vu-findings.def). */
static void check_packed_base_form(struct vu_session *s, struct vu_decoded *d)
{
	if (!(s->features_acked & VU_BIT(VU_F_RING_PACKED)) || !(d->values.has & VU_HAS_VRING_NUM))
		return;
	if ((d->values.vring_num & 0xffffffffu) >> 16 == 0)
		add(d, VU_FIND_VRING_BASE_NO_USED_HALF, "ring %llu: base 0x%llx",
		    (unsigned long long)d->values.vring_index,
		    (unsigned long long)(d->values.vring_num & 0xffffffffu));
}

static void check_set_vring_base(struct vu_session *s, struct vu_decoded *d,
                                 const struct vu_message *m)
{
	(void)m;
	check_packed_base_form(s, d);
}

/*
 * A ring that never ran since SET_VRING_BASE (no kick, not enabled) has
 * processed nothing: GET_VRING_BASE must give the same base back, or the
 * front-end resumes the queue at the wrong place.
 */
static void check_reply_get_vring_base(struct vu_session *s, struct vu_decoded *d,
                                       const struct vu_message *m)
{
	const struct vu_vring_state *v = vring_of(s, d);
	uint64_t mask =
	    (s->features_acked & VU_BIT(VU_F_RING_PACKED)) ? UINT32_MAX : SPLIT_BASE_MASK;
	uint64_t got = d->values.vring_num & mask;

	(void)m;
	check_packed_base_form(s, d);
	if (v == NULL || !v->base_set || v->ran_since_base || !(d->values.has & VU_HAS_VRING_NUM))
		return;
	if (got != (v->base & mask))
		add(d, VU_FIND_VRING_BASE_MISMATCH, "ring %llu: set %u, got %llu",
		    (unsigned long long)d->values.vring_index, (unsigned)(v->base & mask),
		    (unsigned long long)got);
}

/* ---- what each reply changes ---------------------------------------------- */

static void apply_reply_get_features(struct vu_session *s, const struct vu_decoded *d,
                                     const struct vu_message *m)
{
	(void)m;
	s->features_offered = d->values.number;
	s->features_seen = true;
}

static void apply_reply_get_protocol_features(struct vu_session *s, const struct vu_decoded *d,
                                              const struct vu_message *m)
{
	(void)m;
	s->protocol_offered = d->values.number;
	s->protocol_seen = true;
}

static void apply_reply_get_queue_num(struct vu_session *s, const struct vu_decoded *d,
                                      const struct vu_message *m)
{
	(void)m;
	s->queue_num = d->values.number;
}

static void apply_reply_get_max_mem_slots(struct vu_session *s, const struct vu_decoded *d,
                                          const struct vu_message *m)
{
	(void)m;
	s->max_mem_slots = d->values.number;
}

static void apply_reply_get_status(struct vu_session *s, const struct vu_decoded *d,
                                   const struct vu_message *m)
{
	(void)m;
	s->status = d->values.number;
}

/* GET_VRING_BASE and GET_VRING_BASE_SKIP_DRAIN: where the stopped ring was. */
static void apply_reply_get_vring_base(struct vu_session *s, const struct vu_decoded *d,
                                       const struct vu_message *m)
{
	struct vu_vring_state *v = vring_of(s, d);

	(void)m;
	if (v != NULL)
		v->base = (uint32_t)d->values.vring_num;
}

/* An empty GET_CONFIG reply is a failure and changes nothing. */
static void apply_reply_get_config(struct vu_session *s, const struct vu_decoded *d,
                                   const struct vu_message *m)
{
	if (d->size > 0)
		config_from(s, d, m, false);
}

static void apply_reply_get_inflight_fd(struct vu_session *s, const struct vu_decoded *d,
                                        const struct vu_message *m)
{
	inflight_from(s, d, m);
}

static void apply_reply_set_device_state_fd(struct vu_session *s, const struct vu_decoded *d,
                                            const struct vu_message *m)
{
	/* The error bits of the result; a reply without one (cut short, or not
	 * in the result's layout) counts its plain number, 0 when none. */
	uint64_t result = (d->values.has & VU_HAS_DEVICE_STATE_RESULT)
	                      ? d->values.device_state.result & 0xff
	                      : d->values.number;

	(void)m;
	s->transfer.result = result;
	s->transfer.phase = result == 0 ? VU_TRANSFER_RUNNING : VU_TRANSFER_FAILED;
}

static void apply_reply_check_device_state(struct vu_session *s, const struct vu_decoded *d,
                                           const struct vu_message *m)
{
	uint64_t result = d->values.number;

	(void)m;
	s->transfer.result = result;
	s->transfer.phase = result == 0 ? VU_TRANSFER_DONE : VU_TRANSFER_FAILED;
}

/*
 * What a request of the main channel checks against what was negotiated
 * (.check, which may add findings), what it changes in the session (.apply)
 * and what its reply changes (.apply_reply), indexed by request. The checks
 * run before the request is applied; a request without a row only goes
 * through the checks every request gets (gates, vring index, NEED_REPLY).
 */
struct request_handler {
	void (*check)(struct vu_session *s, struct vu_decoded *d, const struct vu_message *m);
	void (*apply)(struct vu_session *s, const struct vu_decoded *d, const struct vu_message *m);
	/* What the reply is checked against (may add findings), before it applies. */
	void (*check_reply)(struct vu_session *s, struct vu_decoded *d, const struct vu_message *m);
	void (*apply_reply)(struct vu_session *s, const struct vu_decoded *d,
	                    const struct vu_message *m);
};

static const struct request_handler main_handlers[VU_REQ_COUNT] = {
    [VU_REQ_SET_FEATURES] = {.check = check_set_features, .apply = apply_set_features},
    [VU_REQ_GET_FEATURES] = {.check_reply = check_reply_get_features,
                             .apply_reply = apply_reply_get_features},
    [VU_REQ_SET_OWNER] = {.check = check_once_per_device, .apply = apply_set_owner},
    [VU_REQ_RESET_OWNER] = {.apply = apply_reset},
    [VU_REQ_SET_MEM_TABLE] = {.check = check_set_mem_table, .apply = apply_set_mem_table},
    [VU_REQ_SET_LOG_BASE] = {.check = check_set_log_base, .apply = apply_set_log_base},
    [VU_REQ_SET_VRING_NUM] = {.apply = apply_set_vring_num},
    [VU_REQ_SET_VRING_ADDR] = {.check = check_set_vring_addr, .apply = apply_set_vring_addr},
    [VU_REQ_SET_VRING_BASE] = {.check = check_set_vring_base, .apply = apply_set_vring_base},
    [VU_REQ_GET_VRING_BASE] = {.apply = apply_get_vring_base,
                               .check_reply = check_reply_get_vring_base,
                               .apply_reply = apply_reply_get_vring_base},
    [VU_REQ_SET_VRING_KICK] = {.apply = apply_set_vring_kick},
    [VU_REQ_SET_VRING_CALL] = {.apply = apply_set_vring_call},
    [VU_REQ_SET_VRING_ERR] = {.apply = apply_set_vring_err},
    [VU_REQ_GET_PROTOCOL_FEATURES] = {.apply = apply_get_protocol_features,
                                      .check_reply = check_reply_get_protocol_features,
                                      .apply_reply = apply_reply_get_protocol_features},
    [VU_REQ_SET_PROTOCOL_FEATURES] = {.check = check_set_protocol_features,
                                      .apply = apply_set_protocol_features},
    [VU_REQ_GET_QUEUE_NUM] = {.check = check_once_per_device,
                              .apply_reply = apply_reply_get_queue_num},
    [VU_REQ_SET_VRING_ENABLE] = {.apply = apply_set_vring_enable},
    [VU_REQ_NET_SET_MTU] = {.check = check_net_set_mtu},
    [VU_REQ_SET_BACKEND_REQ_FD] = {.apply = apply_set_backend_req_fd},
    [VU_REQ_IOTLB_MSG] = {.apply = apply_iotlb_msg},
    [VU_REQ_VRING_KICK] = {.apply = apply_vring_kick},
    [VU_REQ_GET_CONFIG] = {.apply_reply = apply_reply_get_config},
    [VU_REQ_SET_CONFIG] = {.apply = apply_set_config},
    [VU_REQ_GET_INFLIGHT_FD] = {.apply_reply = apply_reply_get_inflight_fd},
    [VU_REQ_SET_INFLIGHT_FD] = {.apply = apply_set_inflight_fd},
    [VU_REQ_RESET_DEVICE] = {.apply = apply_reset},
    [VU_REQ_GET_MAX_MEM_SLOTS] = {.apply_reply = apply_reply_get_max_mem_slots},
    [VU_REQ_ADD_MEM_REG] = {.check = check_add_mem_reg, .apply = apply_add_mem_reg},
    [VU_REQ_REM_MEM_REG] = {.apply = apply_rem_mem_reg},
    [VU_REQ_SET_STATUS] = {.apply = apply_set_status},
    [VU_REQ_GET_STATUS] = {.apply_reply = apply_reply_get_status},
    [VU_REQ_SET_DEVICE_STATE_FD] = {.apply = apply_set_device_state_fd,
                                    .apply_reply = apply_reply_set_device_state_fd},
    [VU_REQ_CHECK_DEVICE_STATE] = {.apply = apply_check_device_state,
                                   .apply_reply = apply_reply_check_device_state},
    [VU_REQ_GET_VRING_BASE_SKIP_DRAIN] = {.apply = apply_get_vring_base,
                                          .check_reply = check_reply_get_vring_base,
                                          .apply_reply = apply_reply_get_vring_base},
};

static const struct request_handler no_handler;

static const struct request_handler *handler_of(const struct vu_decoded *d)
{
	/* A dialect's own request at an upstream number is not upstream's. */
	if (d->channel == VU_CHANNEL_MAIN && d->request < VU_REQ_COUNT && d->info != NULL &&
	    d->info->dialect == VU_DIALECT_QEMU)
		return &main_handlers[d->request];
	return &no_handler;
}

/* A request on the main channel: checked against what was negotiated, then applied. */
static void main_request(struct vu_session *s, struct vu_decoded *d, const struct vu_message *m)
{
	const struct request_handler *h = handler_of(d);

	check_vring_index(s, d);
	if (h->check != NULL)
		h->check(s, d, m);
	if (h->apply != NULL)
		h->apply(s, d, m);
}

/* ---- replies -------------------------------------------------------------- */

/* Find the request this reply answers: the oldest outstanding one, or the
 * oldest with the same request code (then the order was broken). */
static bool pending_take(struct vu_session *s, struct vu_decoded *d, struct vu_pending *out)
{
	size_t *n = &s->npending[d->channel];
	struct vu_pending *q = s->pending[d->channel];
	size_t i;

	if (*n == 0) {
		add(d, VU_FIND_UNEXPECTED_REPLY, "%s", d->info != NULL ? d->info->name : "unknown");
		return false;
	}
	for (i = 0; i < *n && q[i].request != d->request; i++)
		;
	if (i == *n) {
		add(d, VU_FIND_REPLY_MISMATCH, "oldest outstanding is %u, reply is %u",
		    q[0].request, d->request);
		return false;
	}
	*out = q[i];
	/* Older entries are skipped: an ack nobody owed is forgotten, an owed
	 * reply skipped means the order broke. */
	{
		size_t kept = 0;
		bool skipped_owed = false;
		uint32_t owed_request = 0;

		s->oldest_owed_ns[d->channel] = UINT64_MAX;
		for (size_t j = 0; j < *n; j++) {
			if (j == i || (j < i && q[j].optional))
				continue;
			if (j < i && !skipped_owed) {
				skipped_owed = true;
				owed_request = q[j].request;
			}
			q[kept++] = q[j];
			oldest_owed_note(s, d->channel, &q[j]);
		}
		if (skipped_owed)
			add(d, VU_FIND_REPLY_MISMATCH, "answers %u, %u is older", d->request,
			    owed_request);
		*n = kept;
	}
	return true;
}

/* A miss the back-end reports waits for the front-end's IOTLB update. */
static void iotlb_miss_add(struct vu_session *s, const struct vu_decoded *d, uint64_t ts_ns,
                           uint64_t frame)
{
	const struct vu_values *p = &d->values;
	struct vu_iotlb_miss *miss;

	if (d->request != VU_BREQ_IOTLB_MSG || !from_requester(d) ||
	    !(p->has & VU_HAS_IOTLB_TYPE) || p->iotlb.type != VU_IOTLB_MISS ||
	    !(p->has & VU_HAS_IOTLB_IOVA) || s->niotlb_misses >= VU_MAX_IOTLB_MISSES)
		return;
	miss = &s->iotlb_misses[s->niotlb_misses++];
	miss->iova = p->iotlb.iova;
	miss->ts_ns = ts_ns;
	miss->frame = frame;
	miss->reported = false;
}

void vu_session_context(const struct vu_session *s, const struct vu_message *m,
                        struct vu_decode_context *ctx)
{
	struct vu_reader r;
	uint32_t flags = 0, request = 0;

	memset(ctx, 0, sizeof(*ctx));
	ctx->ring_packed = (s->features_acked & VU_BIT(VU_F_RING_PACKED)) != 0;
	ctx->device = s->device;
	/* A reply's layout may depend on the request it answers. */
	vu_reader_init(&r, m->bytes, m->len);
	if (vu_reader_u32(&r, 0, &request))
		ctx->dialect = vu_identify_message_dialect(s, m->channel, request);
	/* crosvm's bit 17 is its SHARED_MEMORY_REGIONS, not Xen's memory layout. */
	ctx->xen_mmap = vu_session_acked_upstream(s, VU_PF_XEN_MMAP);
	if (vu_reader_u32(&r, 0, &request) && vu_reader_u32(&r, 4, &flags) &&
	    (flags & VU_FLAG_REPLY) && (size_t)m->channel < VU_CHANNEL_COUNT &&
	    s->npending[m->channel] > 0) {
		ctx->answered_request = s->pending[m->channel][0].request;
		ctx->answered_need_reply = s->pending[m->channel][0].need_reply;
		ctx->answered_size = s->pending[m->channel][0].size;
	}
}

void vu_session_prepare(struct vu_session *s, const struct vu_message *m)
{
	vu_identify_before(s, m);
}

void vu_session_process(struct vu_session *s, const struct vu_message *m, uint64_t ts_ns,
                        uint64_t frame, struct vu_decoded *out)
{
	struct vu_decode_context ctx;
	struct vu_pending p;

	vu_identify_before(s, m);
	vu_session_context(s, m, &ctx);
	vu_decode(&ctx, m, out);
	s->messages++;
	s->last_frame_matched = 0;
	if (out->malformed)
		s->malformed++;
	if (out->has_header && (size_t)m->channel < VU_CHANNEL_COUNT && s->closed[m->channel])
		add(out, VU_FIND_AFTER_CLOSE, "the %s-end closed the %s channel",
		    vu_direction_name(s->closed_by[m->channel]), vu_channel_name(m->channel));
	if (out->has_header && out->info != NULL && (size_t)m->channel < VU_CHANNEL_COUNT) {
		if (!out->reply) {
			s->last_request = out->request;
			s->last_channel = out->channel;
			s->last_frame = frame;
			check_negotiated(s, out);
			if (out->channel == VU_CHANNEL_MAIN)
				main_request(s, out, m);
			else if (out->channel == VU_CHANNEL_BACKEND)
				iotlb_miss_add(s, out, ts_ns, frame);
			/* What is owed is known once the request is applied
			 * (SET_PROTOCOL_FEATURES may ack REPLY_ACK itself). */
			if (from_requester(out)) {
				bool owed = reply_owed(s, out);

				/* An ack nobody owes may still come (libvhost-user
				 * acks any NEED_REPLY). */
				if (owed || out->need_reply)
					pending_push(s, out, ts_ns, frame, !owed);
			}
		} else {
			if (out->flags != (VU_FLAG_VERSION | VU_FLAG_REPLY))
				add(out, VU_FIND_REPLY_FLAGS, "flags 0x%x", out->flags);
			if (pending_take(s, out, &p)) {
				out->latency_ns = ts_ns > p.ts_ns ? ts_ns - p.ts_ns : 1;
				s->last_frame_matched = p.frame;
				const struct request_handler *h = handler_of(out);

				if (h->check_reply != NULL)
					h->check_reply(s, out, m);
				if (h->apply_reply != NULL)
					h->apply_reply(s, out, m);
			}
		}
		vu_identify_after(s, out);
	}
	s->findings += out->nfindings;
}

/* ---- time and the end of the session -------------------------------------- */

/* A request unanswered after the timeout (late), or when the session ended. */
static void report_overdue(struct vu_decoded *out, enum vu_channel ch, struct vu_pending *p,
                           bool late, const char *why)
{
	const struct vu_request_info *info = vu_request_lookup_dialect(p->dialect, ch, p->request);
	bool always = info != NULL && info->always_replied;
	bool ack = p->need_reply && !always;
	enum vu_finding_code code = late  ? VU_FIND_REPLY_LATE
	                            : ack ? VU_FIND_NO_ACK
	                                  : VU_FIND_NO_REPLY;
	struct vu_finding *f;

	f = vu_decoded_add_findingf(out, code, 0, 4, "%s on the %s channel, frame %llu, %s%s",
	                            info != NULL ? info->name : "unknown request",
	                            vu_channel_name(ch), (unsigned long long)p->frame,
	                            !late ? ""
	                            : ack ? "no ack yet "
	                                  : "no reply yet ",
	                            why);
	if (f == NULL)
		return;
	f->frame = p->frame;
	p->reported = true;
}

/* A miss no update answered: one finding about the miss's frame, once. */
static void report_miss(struct vu_decoded *out, struct vu_iotlb_miss *miss, const char *why)
{
	struct vu_finding *f = vu_decoded_add_findingf(
	    out, VU_FIND_IOTLB_MISS_UNANSWERED, 0, 4, "iova 0x%llx, frame %llu, %s",
	    (unsigned long long)miss->iova, (unsigned long long)miss->frame, why);

	if (f == NULL)
		return;
	f->frame = miss->frame;
	miss->reported = true;
}

size_t vu_session_expire(struct vu_session *s, uint64_t now_ns, uint64_t timeout_ns,
                         struct vu_decoded *out)
{
	size_t kept = 0;

	vu_decoded_reset(out);
	/* A miss found unanswered is reported once and forgotten (unless there
	 * was no room to report it): its slot goes to the next miss. */
	for (size_t i = 0; i < s->niotlb_misses; i++) {
		struct vu_iotlb_miss *miss = &s->iotlb_misses[i];
		char why[64];

		if (now_ns >= miss->ts_ns && now_ns - miss->ts_ns >= timeout_ns) {
			snprintf(why, sizeof(why), "no update after %.3f s",
			         (double)(now_ns - miss->ts_ns) / 1e9);
			report_miss(out, miss, why);
		}
		if (!miss->reported)
			s->iotlb_misses[kept++] = *miss;
	}
	s->niotlb_misses = kept;
	for (size_t ch = 0; ch < VU_CHANNEL_COUNT; ch++) {
		uint64_t oldest = s->oldest_owed_ns[ch];

		/* Called for every message: most often nothing can be due. */
		if (now_ns < oldest || now_ns - oldest < timeout_ns)
			continue;
		s->oldest_owed_ns[ch] = UINT64_MAX;
		for (size_t i = 0; i < s->npending[ch]; i++) {
			struct vu_pending *p = &s->pending[ch][i];
			char why[64];

			if (!p->reported && !p->optional && now_ns >= p->ts_ns &&
			    now_ns - p->ts_ns >= timeout_ns) {
				snprintf(why, sizeof(why), "after %.3f s",
				         (double)(now_ns - p->ts_ns) / 1e9);
				report_overdue(out, (enum vu_channel)ch, p, true, why);
			}
			oldest_owed_note(s, ch, p);
		}
	}
	s->findings += out->nfindings;
	return out->nfindings;
}

void vu_session_channel_closed(struct vu_session *s, enum vu_channel ch, enum vu_direction by)
{
	if ((size_t)ch >= VU_CHANNEL_COUNT)
		return;
	s->closed[ch] = true;
	s->closed_by[ch] = by;
}

/* "GET_VRING_BASE, SET_MEM_TABLE": what the session still waited for. */
static void pending_names(const struct vu_session *s, char *buf, size_t cap)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t ch = 0; ch < VU_CHANNEL_COUNT; ch++)
		for (size_t i = 0; i < s->npending[ch] && used + 1 < cap; i++) {
			const struct vu_request_info *info = vu_request_lookup_dialect(
			    s->pending[ch][i].dialect, (enum vu_channel)ch,
			    s->pending[ch][i].request);
			const char *name = info != NULL ? info->name : "?";
			int n;

			if (strncmp(name, "VHOST_USER_", 11) == 0)
				name += 11;
			n = snprintf(buf + used, cap - used, "%s%s", used > 0 ? ", " : "", name);

			if (n < 0 || (size_t)n >= cap - used)
				return;
			used += (size_t)n;
		}
}

static bool anything_pending(const struct vu_session *s)
{
	for (size_t ch = 0; ch < VU_CHANNEL_COUNT; ch++)
		for (size_t i = 0; i < s->npending[ch]; i++)
			if (!s->pending[ch][i].optional)
				return true;
	return false;
}

/*
 * A session may end once its rings ran, or idle: the handshake done
 * (SET_OWNER) and the device never started (no features set, no memory),
 * as when a guest never loads its driver. Anywhere else it was cut short.
 */
static bool ended_mid_negotiation(const struct vu_session *s)
{
	bool idle = s->owner_set && !s->features_set && s->nregions == 0;

	return s->messages > 0 && !s->started && (!idle || anything_pending(s));
}

void vu_session_end(struct vu_session *s, const char *reason, struct vu_decoded *out)
{
	vu_decoded_reset(out);
	if (ended_mid_negotiation(s)) {
		const struct vu_request_info *last = vu_request_lookup_dialect(
		    vu_identify_message_dialect(s, s->last_channel, s->last_request),
		    s->last_channel, s->last_request);
		char pending[80];
		struct vu_finding *f;

		pending_names(s, pending, sizeof(pending));
		f = vu_decoded_add_findingf(
		    out, VU_FIND_SESSION_INCOMPLETE, 0, 0,
		    "no ring started; last request %s, frame %llu; %s; %s%s",
		    last != NULL ? last->name : "none", (unsigned long long)s->last_frame,
		    reason != NULL ? reason : "closed",
		    pending[0] != '\0' ? "pending: " : "nothing pending", pending);
		if (f != NULL)
			f->frame = s->last_frame;
	}
	for (size_t ch = 0; ch < VU_CHANNEL_COUNT; ch++) {
		s->oldest_owed_ns[ch] = UINT64_MAX;
		for (size_t i = 0; i < s->npending[ch]; i++) {
			struct vu_pending *p = &s->pending[ch][i];

			/* late or not: it never came */
			if (!p->optional)
				report_overdue(out, (enum vu_channel)ch, p, false,
				               "pending when the session ended");
			oldest_owed_note(s, ch, p);
		}
	}
	for (size_t i = 0; i < s->niotlb_misses; i++)
		if (!s->iotlb_misses[i].reported)
			report_miss(out, &s->iotlb_misses[i], "unanswered when the session ended");
	s->findings += out->nfindings;
}

void vu_session_notify(struct vu_session *s, const struct vu_notify *n, uint64_t ts_ns,
                       struct vu_decoded *out)
{
	(void)ts_ns;
	vu_decoded_reset(out);
	if (n->signal != VU_NOTIFY_KICK)
		return;
	/* The flags are the relay's view when the eventfd was read: the
	 * messages it had forwarded by then, whatever the analyzer has seen. */
	if (n->flags & VU_NOTIFY_F_STOPPED)
		vu_decoded_add_findingf(out, VU_FIND_NOTIFY_KICK_STOPPED, 0, 0,
		                        "vring %u kicked after GET_VRING_BASE (%llu signals)",
		                        (unsigned)n->vring, (unsigned long long)n->count);
	else if (!(n->flags & VU_NOTIFY_F_ENABLED) &&
	         (s->features_acked & VU_BIT(VU_F_PROTOCOL_FEATURES)))
		vu_decoded_add_findingf(
		    out, VU_FIND_NOTIFY_KICK_DISABLED, 0, 0, "vring %u, %llu signals%s",
		    (unsigned)n->vring, (unsigned long long)n->count,
		    (n->flags & VU_NOTIFY_F_PENDING) ? ", in the eventfd handed over" : "");
	s->findings += out->nfindings;
}
