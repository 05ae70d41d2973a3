/*
 * Which device a session drives and which numbering (dialect) its peers
 * speak. Back-ends never say what device they are, and a single feature bit
 * says little: bit 5 is net's MAC and blk's RO, so a read-only disk taken for
 * net had every bit misnamed. So nothing is named from one clue; each source
 * of evidence votes, and the device is named only when every source that
 * voted agrees (an option, or a capture's fact of it, always wins):
 *
 *   cmdline   the peers' command lines name exactly one device type (a side
 *             that names several, like a QEMU with a disk and a NIC, counts
 *             only where the other side narrows it down);
 *   features  the offered feature bits taken together fit exactly one device
 *             type: each offered device bit must be one that type defines,
 *             and net's offer must keep the spec's requirements that no real
 *             device breaks (segmentation offloads need checksum offload,
 *             control features need the control queue);
 *   config    a GET_CONFIG reply whose layout only blk fills that way;
 *   request   a request that only one device type sends (NET_SET_MTU,
 *             SEND_RARP, GPU_SET_SOCKET, the crypto sessions, the GPU socket).
 *
 * GET_QUEUE_NUM is not evidence: it counts queue pairs for net and queues
 * for the others, which only the device tells apart. The dialect is crosvm's
 * when a peer's program is crosvm, a protocol feature bit only crosvm numbers
 * is offered or acked (features), or a request number only crosvm uses
 * comes; otherwise the upstream numbering (QEMU's) names everything.
 */
#include <string.h>

#include "dissector/vu-dissector.h"
#include "dissector/vu-session-int.h"

#define N_ELEMENTS(a) (sizeof(a) / sizeof((a)[0]))

static const char *const evidence_names[VU_EVIDENCE_SOURCES] = {
    "option", "cmdline", "features", "config", "request",
};

static unsigned source_index(enum vu_evidence source)
{
	return (unsigned)__builtin_ctz((unsigned)source);
}

const char *vu_evidence_name(enum vu_evidence source)
{
	unsigned i = source != 0 ? source_index(source) : VU_EVIDENCE_SOURCES;

	return i < VU_EVIDENCE_SOURCES ? evidence_names[i] : "unknown";
}

void vu_render_evidence(unsigned evidence, const char *sep, struct vu_str *out)
{
	bool first = true;

	for (unsigned i = 0; i < VU_EVIDENCE_SOURCES; i++) {
		if (!(evidence & (1u << i)))
			continue;
		if (!first)
			vu_str_append(out, sep);
		first = false;
		vu_str_append(out, evidence_names[i]);
	}
}

/* ---- combining the votes --------------------------------------------------- */

static void identity_update(struct vu_session *s)
{
	struct vu_identity *id = &s->identity;

	if (!id->device_forced) {
		enum vu_device_type device = VU_DEVICE_UNKNOWN;
		unsigned evidence = 0;
		bool conflict = false;

		for (unsigned i = 0; i < VU_EVIDENCE_SOURCES; i++) {
			unsigned vote = id->device_vote[i];

			if (vote == VU_DEVICE_UNKNOWN)
				continue;
			if (vote == VU_VOTE_CONFLICT ||
			    (device != VU_DEVICE_UNKNOWN && vote != device))
				conflict = true;
			else
				device = (enum vu_device_type)vote;
			evidence |= 1u << i;
		}
		s->device = conflict ? VU_DEVICE_UNKNOWN : device;
		s->device_evidence = conflict ? 0 : evidence;
	}
	if (!id->dialect_forced) {
		s->dialect = id->crosvm_evidence != 0 ? VU_DIALECT_CROSVM : VU_DIALECT_QEMU;
		s->dialect_evidence = id->crosvm_evidence;
	}
}

static void vote(struct vu_session *s, enum vu_evidence source, enum vu_device_type device)
{
	uint8_t *v = &s->identity.device_vote[source_index(source)];

	if (*v == VU_DEVICE_UNKNOWN)
		*v = (uint8_t)device;
	else if (*v != device)
		*v = VU_VOTE_CONFLICT;
	identity_update(s);
}

void vu_session_force_device(struct vu_session *s, enum vu_device_type device)
{
	if (device == VU_DEVICE_UNKNOWN)
		return;
	s->identity.device_forced = true;
	s->device = device;
	s->device_evidence = VU_EVIDENCE_OPTION;
}

void vu_session_force_dialect(struct vu_session *s, enum vu_dialect dialect)
{
	s->identity.dialect_forced = true;
	s->dialect = dialect;
	s->dialect_evidence = VU_EVIDENCE_OPTION;
}

/* ---- command lines ---------------------------------------------------------- */

/* What a peer's command line names: QEMU's -device and -netdev, qemu-storage-
 * daemon's --export, the programs that serve one device type (DPDK's vdevs,
 * virtiofsd, rust-vmm's vhost-device-*, crosvm's device subcommands). */
static const struct {
	const char *needle;
	enum vu_device_type device;
} cmdline_devices[] = {
    {"vhost-user-blk", VU_DEVICE_BLK},
    {"crosvm device block", VU_DEVICE_BLK},
    {"net_vhost", VU_DEVICE_NET},
    {"virtio_user", VU_DEVICE_NET},
    {"vhost-user-net", VU_DEVICE_NET},
    {"-netdev vhost-user", VU_DEVICE_NET},
    {"-netdev type=vhost-user", VU_DEVICE_NET},
    {"crosvm device net", VU_DEVICE_NET},
    {"virtiofsd", VU_DEVICE_FS},
    {"vhost-user-fs", VU_DEVICE_FS},
    {"crosvm device fs", VU_DEVICE_FS},
    {"vhost-user-scsi", VU_DEVICE_SCSI},
    {"vhost-user-gpu", VU_DEVICE_GPU},
    {"vhost-device-gpu", VU_DEVICE_GPU},
    {"crosvm device gpu", VU_DEVICE_GPU},
    {"vhost-user-input", VU_DEVICE_INPUT},
    {"vhost-user-vsock", VU_DEVICE_VSOCK},
    {"vhost-device-vsock", VU_DEVICE_VSOCK},
    {"crosvm device vsock", VU_DEVICE_VSOCK},
    {"cryptodev-vhost-user", VU_DEVICE_CRYPTO},
    {"vhost-user-i2c", VU_DEVICE_I2C},
    {"vhost-device-i2c", VU_DEVICE_I2C},
    {"vhost-user-gpio", VU_DEVICE_GPIO},
    {"vhost-device-gpio", VU_DEVICE_GPIO},
    {"vhost-user-rng", VU_DEVICE_RNG},
    {"vhost-device-rng", VU_DEVICE_RNG},
    {"vhost-user-snd", VU_DEVICE_SOUND},
    {"vhost-device-sound", VU_DEVICE_SOUND},
    {"crosvm device snd", VU_DEVICE_SOUND},
    {"vhost-device-console", VU_DEVICE_CONSOLE},
    {"crosvm device console", VU_DEVICE_CONSOLE},
};

/* Device types as bits of a mask (every type number is below 64). */
static uint64_t cmdline_device_mask(const char *cmdline)
{
	uint64_t mask = 0;

	for (size_t i = 0; i < N_ELEMENTS(cmdline_devices); i++)
		if (strstr(cmdline, cmdline_devices[i].needle) != NULL)
			mask |= VU_BIT(cmdline_devices[i].device);
	return mask;
}

/* Whether the program (the first word's last path component) is name, or
 * starts with it when prefix: a socket path that says "crosvm" is no evidence. */
static bool program_is(const char *cmdline, const char *name, bool prefix)
{
	size_t end = strcspn(cmdline, " ");
	size_t start = end;
	size_t n = strlen(name);

	while (start > 0 && cmdline[start - 1] != '/')
		start--;
	if (end - start < n || strncmp(cmdline + start, name, n) != 0)
		return false;
	return prefix || end - start == n;
}

bool vu_dialect_of_cmdline(const char *cmdline, enum vu_dialect *out)
{
	if (cmdline == NULL || !program_is(cmdline, "crosvm", false))
		return false;
	*out = VU_DIALECT_CROSVM;
	return true;
}

void vu_session_note_cmdline(struct vu_session *s, enum vu_direction side, const char *cmdline)
{
	struct vu_identity *id = &s->identity;
	uint64_t mask, narrowed;
	enum vu_dialect dialect;

	if (cmdline == NULL)
		return;
	mask = cmdline_device_mask(cmdline);
	id->cmdline_mask[side == VU_FROM_BACK] = mask;
	if (vu_dialect_of_cmdline(cmdline, &dialect) && dialect == VU_DIALECT_CROSVM)
		id->crosvm_evidence |= VU_EVIDENCE_CMDLINE;
	if (side == VU_FROM_BACK && program_is(cmdline, "vhost-device-", true))
		id->back_rust_vmm = true;
	/* Sides that name nothing say nothing; the others must agree. */
	narrowed = ~0ull;
	for (size_t i = 0; i < 2; i++)
		if (id->cmdline_mask[i] != 0)
			narrowed &= id->cmdline_mask[i];
	id->device_vote[source_index(VU_EVIDENCE_CMDLINE)] =
	    narrowed != ~0ull && narrowed != 0 && (narrowed & (narrowed - 1)) == 0
	        ? (uint8_t)__builtin_ctzll(narrowed)
	        : VU_DEVICE_UNKNOWN;
	identity_update(s);
}

/* ---- feature bits ------------------------------------------------------------ */

/* virtio spec 1.2, 5.1.3.1 "Feature bit requirements", the ones real net
 * devices keep: an offload that segments needs the checksum offload, ECN and
 * coalescing need segmentation, a control feature needs the control queue.
 * Left out: HOST_ECN needing HOST_TSO4/6, which DPDK's vhost (testpmd
 * net_vhost) breaks when TSO is off (tests/corpus-pcapng/net-*.pcapng). */
static const struct {
	unsigned bit;
	uint64_t needs_any;
} net_requirements[] = {
    {VU_NET_F_GUEST_TSO4, VU_BIT(VU_NET_F_GUEST_CSUM)},
    {VU_NET_F_GUEST_TSO6, VU_BIT(VU_NET_F_GUEST_CSUM)},
    {VU_NET_F_GUEST_ECN, VU_BIT(VU_NET_F_GUEST_TSO4) | VU_BIT(VU_NET_F_GUEST_TSO6)},
    {VU_NET_F_GUEST_UFO, VU_BIT(VU_NET_F_GUEST_CSUM)},
    {VU_NET_F_GUEST_USO4, VU_BIT(VU_NET_F_GUEST_CSUM)},
    {VU_NET_F_GUEST_USO6, VU_BIT(VU_NET_F_GUEST_CSUM)},
    {VU_NET_F_HOST_TSO4, VU_BIT(VU_NET_F_CSUM)},
    {VU_NET_F_HOST_TSO6, VU_BIT(VU_NET_F_CSUM)},
    {VU_NET_F_HOST_UFO, VU_BIT(VU_NET_F_CSUM)},
    {VU_NET_F_HOST_USO, VU_BIT(VU_NET_F_CSUM)},
    {VU_NET_F_RSC_EXT, VU_BIT(VU_NET_F_HOST_TSO4) | VU_BIT(VU_NET_F_HOST_TSO6)},
    {VU_NET_F_CTRL_RX, VU_BIT(VU_NET_F_CTRL_VQ)},
    {VU_NET_F_CTRL_VLAN, VU_BIT(VU_NET_F_CTRL_VQ)},
    {VU_NET_F_GUEST_ANNOUNCE, VU_BIT(VU_NET_F_CTRL_VQ)},
    {VU_NET_F_MQ, VU_BIT(VU_NET_F_CTRL_VQ)},
    {VU_NET_F_CTRL_MAC_ADDR, VU_BIT(VU_NET_F_CTRL_VQ)},
    {VU_NET_F_RSS, VU_BIT(VU_NET_F_CTRL_VQ)},
};

static bool net_requirements_kept(uint64_t offered)
{
	for (size_t i = 0; i < N_ELEMENTS(net_requirements); i++)
		if ((offered & VU_BIT(net_requirements[i].bit)) &&
		    !(offered & net_requirements[i].needs_any))
			return false;
	return true;
}

/* Bits 24-41 are the transport's; every other bit means what the device says. */
static uint64_t device_bits(uint64_t features)
{
	uint64_t transport = 0;

	for (unsigned bit = VU_F_NOTIFY_ON_EMPTY; bit <= VU_F_ADMIN_VQ; bit++)
		transport |= VU_BIT(bit);
	return features & ~transport;
}

static bool offer_fits(enum vu_device_type type, uint64_t offered)
{
	const struct vu_bit_table *t = vu_device_feature_table(type);
	uint64_t bits = device_bits(offered);

	for (unsigned bit = 0; bit < 64; bit++)
		if ((bits & VU_BIT(bit)) && vu_bit_table_lookup(t, bit) == NULL)
			return false;
	return type != VU_DEVICE_NET || net_requirements_kept(offered);
}

/* The one device type the offer fits, or unknown (none, several, or no
 * device bit offered at all). */
enum vu_device_type vu_identify_by_features(uint64_t offered)
{
	size_t count;
	const enum vu_device_type *types = vu_device_types(&count);
	enum vu_device_type found = VU_DEVICE_UNKNOWN;

	if (device_bits(offered) == 0)
		return VU_DEVICE_UNKNOWN;
	for (size_t i = 0; i < count; i++) {
		if (!offer_fits(types[i], offered))
			continue;
		if (found != VU_DEVICE_UNKNOWN)
			return VU_DEVICE_UNKNOWN;
		found = types[i];
	}
	return found;
}

/* ---- the config space ----------------------------------------------------------- */

/* struct virtio_blk_config: blk_size, a u32 at byte 20, is the logical block
 * size, a power of two from 512 up. Net's config has the RSS hash types there,
 * which define bits 0-8 only; no other device's config reaches byte 24 with
 * such a value. */
#define BLK_CONFIG_BLK_SIZE 20u
#define BLK_SIZE_MIN        512u
#define BLK_SIZE_MAX        65536u

static enum vu_device_type identify_by_config(const struct vu_config_state *c)
{
	uint32_t blk_size;

	if (!c->seen || c->offset != 0 || c->size < BLK_CONFIG_BLK_SIZE + 4)
		return VU_DEVICE_UNKNOWN;
	blk_size = (uint32_t)c->data[BLK_CONFIG_BLK_SIZE] |
	           (uint32_t)c->data[BLK_CONFIG_BLK_SIZE + 1] << 8 |
	           (uint32_t)c->data[BLK_CONFIG_BLK_SIZE + 2] << 16 |
	           (uint32_t)c->data[BLK_CONFIG_BLK_SIZE + 3] << 24;
	if (blk_size >= BLK_SIZE_MIN && blk_size <= BLK_SIZE_MAX &&
	    (blk_size & (blk_size - 1)) == 0)
		return VU_DEVICE_BLK;
	return VU_DEVICE_UNKNOWN;
}

/* ---- requests ---------------------------------------------------------------------- */

static const struct {
	enum vu_request_main request;
	enum vu_device_type device;
} device_requests[] = {
    {VU_REQ_SEND_RARP, VU_DEVICE_NET},
    {VU_REQ_NET_SET_MTU, VU_DEVICE_NET},
    {VU_REQ_GPU_SET_SOCKET, VU_DEVICE_GPU},
    {VU_REQ_CREATE_CRYPTO_SESSION, VU_DEVICE_CRYPTO},
    {VU_REQ_CLOSE_CRYPTO_SESSION, VU_DEVICE_CRYPTO},
};

static bool is_upstream(const struct vu_decoded *d, enum vu_channel channel, uint32_t request)
{
	return d->info != NULL && d->info->dialect == VU_DIALECT_QEMU && d->channel == channel &&
	       d->request == request;
}

/* A protocol feature set that holds a bit only crosvm numbers (its
 * SHARED_MEMORY_REGIONS at 31): the back-end's offer, or the front-end's ack. */
static bool protocol_bits_crosvm_only(const struct vu_message *m, struct vu_reader *r,
                                      uint32_t request)
{
	uint32_t flags;
	uint64_t bits;
	bool offer = request == VU_REQ_GET_PROTOCOL_FEATURES;

	if (m->channel != VU_CHANNEL_MAIN || (!offer && request != VU_REQ_SET_PROTOCOL_FEATURES) ||
	    !vu_reader_u32(r, 4, &flags) || ((flags & VU_FLAG_REPLY) != 0) != offer ||
	    !vu_reader_u64(r, VU_HDR_SIZE, &bits))
		return false;
	for (unsigned bit = 0; bit < 64; bit++)
		if ((bits & VU_BIT(bit)) && vu_protocol_bit_dialect_only(VU_DIALECT_CROSVM, bit))
			return true;
	return false;
}

void vu_identify_before(struct vu_session *s, const struct vu_message *m)
{
	struct vu_reader r;
	uint32_t request;
	size_t count;
	const struct vu_request_info *rows = vu_request_dialect_table(VU_DIALECT_CROSVM, &count);

	vu_reader_init(&r, m->bytes, m->len);
	if (s->identity.dialect_forced || !vu_reader_u32(&r, 0, &request))
		return;
	for (size_t i = 0; i < count; i++)
		if (rows[i].dialect_only && rows[i].channel == m->channel &&
		    rows[i].number == request &&
		    !(s->identity.crosvm_evidence & VU_EVIDENCE_REQUEST)) {
			s->identity.crosvm_evidence |= VU_EVIDENCE_REQUEST;
			identity_update(s);
		}
	/* Before the message is decoded, so that it names the bit in that dialect. */
	if (!(s->identity.crosvm_evidence & VU_EVIDENCE_FEATURES) &&
	    protocol_bits_crosvm_only(m, &r, request)) {
		s->identity.crosvm_evidence |= VU_EVIDENCE_FEATURES;
		identity_update(s);
	}
}

/*
 * rust-vmm vhost 0.16 numbered SHMEM 21, the bit upstream gives GPA_ADDRESSES
 * (fixed in rust-vmm/vhost PR #367; crosvm did the same from 2026-03 to
 * 2026-08, google/crosvm a6bc3bc1b..8ae81e773). A back-end that offers bit 21
 * without bit 22 (upstream's SHMEM) is taken to mean SHMEM when it is a
 * rust-vmm vhost-device-* program, or when a shared-memory request comes
 * (GET_SHMEM_CONFIG, BACKEND_SHMEM_MAP/UNMAP), which only SHMEM allows.
 */
static bool shmem_at_gpa_bit(const struct vu_session *s)
{
	/* In crosvm's dialect bit 21 is its SHMEM_MAP, said so, not a doubt. */
	uint64_t offered = vu_protocol_bits_upstream(s->dialect, s->protocol_offered);

	return s->protocol_seen && (offered & VU_BIT(VU_PF_GPA_ADDRESSES)) &&
	       !(offered & VU_BIT(VU_PF_SHMEM));
}

static void report_shmem_at_gpa_bit(struct vu_session *s, struct vu_decoded *d, const char *why)
{
	if (s->identity.shmem_bit_reported || !shmem_at_gpa_bit(s))
		return;
	s->identity.shmem_bit_reported = true;
	vu_decoded_add_findingf(d, VU_FIND_SHMEM_AT_GPA_BIT, 0, 4, "no bit 22; %s", why);
}

void vu_identify_after(struct vu_session *s, struct vu_decoded *d)
{
	if (!d->has_header || d->info == NULL)
		return;
	if (d->channel == VU_CHANNEL_GPU) {
		vote(s, VU_EVIDENCE_REQUEST, VU_DEVICE_GPU);
		return;
	}
	if (d->reply) {
		if (is_upstream(d, VU_CHANNEL_MAIN, VU_REQ_GET_FEATURES)) {
			enum vu_device_type by = vu_identify_by_features(s->features_offered);

			s->identity.device_vote[source_index(VU_EVIDENCE_FEATURES)] = (uint8_t)by;
			identity_update(s);
		} else if (is_upstream(d, VU_CHANNEL_MAIN, VU_REQ_GET_CONFIG)) {
			enum vu_device_type by = identify_by_config(&s->config);

			if (by != VU_DEVICE_UNKNOWN)
				vote(s, VU_EVIDENCE_CONFIG, by);
		} else if (is_upstream(d, VU_CHANNEL_MAIN, VU_REQ_GET_PROTOCOL_FEATURES) &&
		           s->identity.back_rust_vmm) {
			report_shmem_at_gpa_bit(s, d, "a rust-vmm vhost-device back-end");
		}
		return;
	}
	for (size_t i = 0; i < N_ELEMENTS(device_requests); i++)
		if (is_upstream(d, VU_CHANNEL_MAIN, device_requests[i].request))
			vote(s, VU_EVIDENCE_REQUEST, device_requests[i].device);
	if (is_upstream(d, VU_CHANNEL_MAIN, VU_REQ_GET_SHMEM_CONFIG) ||
	    is_upstream(d, VU_CHANNEL_BACKEND, VU_BREQ_SHMEM_MAP) ||
	    is_upstream(d, VU_CHANNEL_BACKEND, VU_BREQ_SHMEM_UNMAP))
		report_shmem_at_gpa_bit(s, d, d->info->name + strlen("VHOST_USER_"));
}

/* The dialect a message is named in: crosvm's rows that take a number
 * upstream also uses give way once the protocol feature that gates the
 * upstream request was acked, which crosvm's numbering did not define while
 * it used those numbers (its table ended at bit 17, then 31). crosvm's own
 * SHMEM_MAP bits (20, 21) count as upstream's SHMEM: with them its
 * GET_SHMEM_CONFIG took upstream's 44 (google/crosvm 729f98cd5). */
enum vu_dialect vu_identify_message_dialect(const struct vu_session *s, enum vu_channel channel,
                                            uint32_t request)
{
	const struct vu_request_info *upstream;

	if (s->dialect != VU_DIALECT_CROSVM)
		return s->dialect;
	upstream = vu_request_lookup(channel, request);
	if (upstream != NULL && upstream->gate != VU_GATE_NONE &&
	    vu_session_acked_upstream(s, (enum vu_protocol_feature)upstream->gate))
		return VU_DIALECT_QEMU;
	return s->dialect;
}
