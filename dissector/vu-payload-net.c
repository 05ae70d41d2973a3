/*
 * virtio-net (VIRTIO 1.2 "Network Device", 5.1.6; Linux uapi
 * linux/virtio_net.h). Every buffer starts with struct virtio_net_hdr:
 * flags u8, gso_type u8, hdr_len le16, gso_size le16, csum_start le16,
 * csum_offset le16 (10 bytes), then num_buffers le16 when VERSION_1 or
 * MRG_RXBUF is negotiated (12 bytes, struct virtio_net_hdr_v1 /
 * virtio_net_hdr_mrg_rxbuf), then hash_value le32, hash_report le16 and
 * padding le16 with HASH_REPORT (20 bytes, virtio_net_hdr_v1_hash). The
 * Ethernet frame follows.
 *
 * Vring 2k is the receive queue of pair k (the device writes the frame: the
 * used part), 2k+1 its transmit queue (the driver's frame: the readable
 * part). With CTRL_VQ the control queue is the last vring (2 * pairs, an odd
 * count of vrings): struct virtio_net_ctrl_hdr (class u8, cmd u8) and the
 * command's data readable, the ack byte writable.
 */
#include <inttypes.h>
#include <stdio.h>

#include "dissector/vu-payload-int.h"

#define HDR_LEGACY_SIZE 10u
#define HDR_V1_SIZE     12u
#define HDR_HASH_SIZE   20u

/* VIRTIO_NET_HDR_F_* (Linux uapi) */
static const struct vu_payload_name hdr_flags[] = {
    {1, "NEEDS_CSUM"},
    {2, "DATA_VALID"},
    {4, "RSC_INFO"},
};

/* VIRTIO_NET_HDR_GSO_* (Linux uapi; UDP_L4 5 from Linux 6.2's, VIRTIO 1.2 5.1.6) */
#define GSO_ECN 0x80u
static const struct vu_payload_name gso_types[] = {
    {0, "NONE"}, {1, "TCPV4"}, {3, "UDP"}, {4, "TCPV6"}, {5, "UDP_L4"},
};

/* VIRTIO_NET_CTRL_* classes and their commands (Linux uapi virtio_net.h). */
static const struct vu_payload_name ctrl_classes[] = {
    {0, "RX"},        {1, "MAC"}, {2, "VLAN"}, {3, "ANNOUNCE"}, {4, "MQ"}, {5, "GUEST_OFFLOADS"},
    {6, "NOTF_COAL"},
};

#define CTRL_CMD(class_, cmd_) ((uint32_t)(class_) << 8 | (cmd_))
static const struct vu_payload_name ctrl_commands[] = {
    {CTRL_CMD(0, 0), "PROMISC"},    {CTRL_CMD(0, 1), "ALLMULTI"},
    {CTRL_CMD(0, 2), "ALLUNI"},     {CTRL_CMD(0, 3), "NOMULTI"},
    {CTRL_CMD(0, 4), "NOUNI"},      {CTRL_CMD(0, 5), "NOBCAST"},
    {CTRL_CMD(1, 0), "TABLE_SET"},  {CTRL_CMD(1, 1), "ADDR_SET"},
    {CTRL_CMD(2, 0), "ADD"},        {CTRL_CMD(2, 1), "DEL"},
    {CTRL_CMD(3, 0), "ACK"},        {CTRL_CMD(4, 0), "VQ_PAIRS_SET"},
    {CTRL_CMD(4, 1), "RSS_CONFIG"}, {CTRL_CMD(4, 2), "HASH_CONFIG"},
    {CTRL_CMD(5, 0), "SET"},        {CTRL_CMD(6, 0), "TX_SET"},
    {CTRL_CMD(6, 1), "RX_SET"},
};

/* VIRTIO_NET_OK, VIRTIO_NET_ERR */
static const struct vu_payload_name ctrl_acks[] = {{0, "OK"}, {1, "ERR"}};

const char *vu_net_gso_name(uint8_t gso_type)
{
	return VU_PAYLOAD_NAME_OF(gso_types, gso_type & ~GSO_ECN);
}

static uint8_t hdr_size(uint64_t acked)
{
	if ((acked & VU_BIT(VU_NET_F_HASH_REPORT)) != 0)
		return HDR_HASH_SIZE;
	if ((acked & (VU_BIT(VU_F_VERSION_1) | VU_BIT(VU_NET_F_MRG_RXBUF))) != 0)
		return HDR_V1_SIZE;
	return HDR_LEGACY_SIZE;
}

static bool is_ctrl(const struct vu_payload *p, const struct vu_payload_context *ctx)
{
	return (ctx->acked_features & VU_BIT(VU_NET_F_CTRL_VQ)) != 0 && ctx->nvrings % 2 == 1 &&
	       p->vring + 1u == ctx->nvrings;
}

static void decode_ctrl(const struct vu_payload *p, struct vu_payload_net *n)
{
	struct vu_reader r;

	vu_reader_init(&r, p->out, p->out_kept);
	if (vu_reader_u8(&r, 0, &n->ctrl_class) && vu_reader_u8(&r, 1, &n->ctrl_cmd))
		n->read = VU_PAYLOAD_READ_OK;
	else
		n->read = VU_PAYLOAD_READ_SHORT;
	if (p->phase == VU_PAYLOAD_USED && p->in_total > 0 && p->in_kept == p->in_total) {
		vu_reader_init(&r, p->in, p->in_kept);
		n->has_ctrl_ack = vu_reader_u8(&r, p->in_total - 1u, &n->ctrl_ack);
	}
}

static void net_decode(const struct vu_payload *p, const struct vu_payload_context *ctx,
                       struct vu_payload_info *info)
{
	struct vu_payload_net *n = &info->net;
	struct vu_reader r;
	uint32_t total;

	n->hdr_size = hdr_size(ctx->acked_features);
	n->pair = p->vring / 2u;
	if (is_ctrl(p, ctx)) {
		n->ctrl = true;
		info->request = true;
		decode_ctrl(p, n);
		/* the ack is the last writable byte, kept apart from a cut written part */
		if (p->phase == VU_PAYLOAD_USED && info->has_in_tail) {
			n->has_ctrl_ack = true;
			n->ctrl_ack = info->in_tail;
		}
		return;
	}
	n->tx = p->vring % 2u == 1u;
	n->rx = !n->tx;
	/* The frame is what the driver wrote (tx: readable) or the device wrote (rx: used). */
	if (n->tx) {
		vu_reader_init(&r, p->out, p->out_kept);
		total = p->out_total;
		info->request = true;
		if (p->phase == VU_PAYLOAD_USED && p->out_kept == 0)
			return; /* a completion whose frame was shown with its request */
	} else if (p->phase == VU_PAYLOAD_USED && ctx->continuation) {
		/* the rest of a frame begun in an earlier buffer: all of it is frame */
		n->continuation = true;
		n->read = VU_PAYLOAD_READ_OK;
		n->frame_len = p->used_len < p->in_total ? p->used_len : p->in_total;
		return;
	} else if (p->phase == VU_PAYLOAD_USED) {
		vu_reader_init(&r, p->in, p->in_kept);
		total = p->used_len < p->in_total ? p->used_len : p->in_total;
	} else {
		return; /* an empty receive buffer */
	}
	if (vu_reader_u8(&r, 0, &n->flags) && vu_reader_u8(&r, 1, &n->gso_type) &&
	    vu_reader_u16(&r, 2, &n->hdr_len) && vu_reader_u16(&r, 4, &n->gso_size) &&
	    vu_reader_u16(&r, 6, &n->csum_start) && vu_reader_u16(&r, 8, &n->csum_offset) &&
	    (n->hdr_size == HDR_LEGACY_SIZE || vu_reader_u16(&r, 10, &n->num_buffers)) &&
	    vu_reader_has(&r, 0, n->hdr_size)) {
		n->read = VU_PAYLOAD_READ_OK;
		n->has_num_buffers = n->hdr_size != HDR_LEGACY_SIZE;
	} else {
		n->read = VU_PAYLOAD_READ_SHORT;
	}
	n->frame_len = total > n->hdr_size ? total - n->hdr_size : 0;
}

/* ---- the frame: a short Ethernet summary, as tcpdump -e prints it ------------ */

#define ETHERTYPE_IPV4 0x0800u
#define ETHERTYPE_ARP  0x0806u
#define ETHERTYPE_VLAN 0x8100u
#define ETHERTYPE_IPV6 0x86ddu
#define IPPROTO_ICMP_  1u
#define IPPROTO_TCP_   6u
#define IPPROTO_UDP_   17u

static void put_mac(struct vu_reader *r, size_t at, struct vu_str *out)
{
	const uint8_t *m = vu_reader_bytes(r, at, 6);

	if (m != NULL)
		vu_str_printf(out, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4],
		              m[5]);
}

static void put_ipv4(struct vu_reader *r, size_t at, struct vu_str *out)
{
	const uint8_t *a = vu_reader_bytes(r, at, 4);

	if (a != NULL)
		vu_str_printf(out, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
}

static void put_arp(struct vu_reader *r, size_t at, struct vu_str *out)
{
	uint16_t op;

	/* Ethernet/IPv4 ARP: htype 2, ptype 2, hlen 1, plen 1, op 2, sha 6, spa 4, tha 6, tpa 4 */
	if (!vu_reader_be16(r, at + 6, &op) || !vu_reader_has(r, at, 28)) {
		vu_str_append(out, ", ARP [|arp]");
		return;
	}
	if (op == 1) {
		vu_str_append(out, ", ARP who-has ");
		put_ipv4(r, at + 24, out);
		vu_str_append(out, " tell ");
		put_ipv4(r, at + 14, out);
	} else if (op == 2) {
		vu_str_append(out, ", ARP ");
		put_ipv4(r, at + 14, out);
		vu_str_append(out, " is-at ");
		put_mac(r, at + 8, out);
	} else {
		vu_str_printf(out, ", ARP op %u", op);
	}
}

static void put_ip(struct vu_reader *r, size_t at, struct vu_str *out)
{
	uint8_t vihl, proto, type;
	uint16_t id, seq;
	size_t ihl;

	if (!vu_reader_u8(r, at, &vihl) || !vu_reader_u8(r, at + 9, &proto) ||
	    !vu_reader_has(r, at, 20)) {
		vu_str_append(out, ", IPv4 [|ip]");
		return;
	}
	ihl = (size_t)(vihl & 15u) * 4u;
	vu_str_append(out, ", IPv4 ");
	put_ipv4(r, at + 12, out);
	vu_str_append(out, " > ");
	put_ipv4(r, at + 16, out);
	switch (proto) {
	case IPPROTO_ICMP_:
		if (!vu_reader_u8(r, at + ihl, &type)) {
			vu_str_append(out, " ICMP [|icmp]");
		} else if ((type == 8 || type == 0) && vu_reader_be16(r, at + ihl + 4, &id) &&
		           vu_reader_be16(r, at + ihl + 6, &seq)) {
			vu_str_printf(out, " ICMP echo %s id %u seq %u",
			              type == 8 ? "request" : "reply", id, seq);
		} else {
			vu_str_printf(out, " ICMP type %u", type);
		}
		break;
	case IPPROTO_TCP_:
	case IPPROTO_UDP_:
		if (vu_reader_be16(r, at + ihl, &id) && vu_reader_be16(r, at + ihl + 2, &seq))
			vu_str_printf(out, " %s %u > %u", proto == IPPROTO_TCP_ ? "TCP" : "UDP", id,
			              seq);
		else
			vu_str_printf(out, " %s [|%s]", proto == IPPROTO_TCP_ ? "TCP" : "UDP",
			              proto == IPPROTO_TCP_ ? "tcp" : "udp");
		break;
	default:
		vu_str_printf(out, " proto %u", proto);
	}
}

static void put_ethernet(const uint8_t *frame, size_t len, struct vu_str *out)
{
	struct vu_reader r;
	uint16_t type;
	size_t at = 12;

	vu_reader_init(&r, frame, len);
	if (!vu_reader_has(&r, 0, 14)) {
		vu_str_append(out, " [|ether]");
		return;
	}
	vu_str_append(out, " ");
	put_mac(&r, 6, out);
	vu_str_append(out, " > ");
	put_mac(&r, 0, out);
	vu_reader_be16(&r, at, &type);
	while (type == ETHERTYPE_VLAN && vu_reader_be16(&r, at + 4, &type))
		at += 4;
	at += 2;
	switch (type) {
	case ETHERTYPE_IPV4:
		put_ip(&r, at, out);
		break;
	case ETHERTYPE_ARP:
		put_arp(&r, at, out);
		break;
	case ETHERTYPE_IPV6:
		vu_str_append(out, ", IPv6");
		break;
	default:
		vu_str_printf(out, ", ethertype 0x%04x", type);
	}
}

/* ---- rendering -------------------------------------------------------------- */

static void put_flag_names(uint8_t flags, struct vu_str *out)
{
	const char *sep = "";

	for (size_t i = 0; i < sizeof(hdr_flags) / sizeof(hdr_flags[0]); i++)
		if ((flags & hdr_flags[i].value) != 0) {
			vu_str_printf(out, "%s%s", sep, hdr_flags[i].name);
			sep = "|";
		}
}

static const char *gso_text(uint8_t gso_type, char *buf, size_t cap)
{
	const char *name = vu_net_gso_name(gso_type);

	if (name == NULL)
		snprintf(buf, cap, "unknown (%u)", gso_type & ~GSO_ECN);
	else
		snprintf(buf, cap, "%s%s", name, (gso_type & GSO_ECN) != 0 ? "|ECN" : "");
	return buf;
}

static void put_queue(const struct vu_payload_net *n, struct vu_str *out)
{
	if (n->ctrl)
		vu_str_append(out, "ctrl");
	else
		vu_str_printf(out, "%s%u", n->rx ? "rx" : "tx", n->pair);
}

static void ctrl_text(const struct vu_payload *p, const struct vu_payload_net *n,
                      struct vu_str *out)
{
	char cbuf[32], mbuf[32], abuf[32];

	if (n->read != VU_PAYLOAD_READ_OK) {
		vu_str_append(out, " [|ctrl]");
	} else {
		vu_str_printf(
		    out, " %s",
		    vu_payload_name_or_number(VU_PAYLOAD_NAME_OF(ctrl_classes, n->ctrl_class),
		                              n->ctrl_class, cbuf, sizeof(cbuf)));
		vu_str_printf(
		    out, " %s",
		    vu_payload_name_or_number(
		        VU_PAYLOAD_NAME_OF(ctrl_commands, CTRL_CMD(n->ctrl_class, n->ctrl_cmd)),
		        n->ctrl_cmd, mbuf, sizeof(mbuf)));
	}
	if (p->phase == VU_PAYLOAD_USED && n->has_ctrl_ack)
		vu_str_printf(out, " ack %s",
		              vu_payload_name_or_number(VU_PAYLOAD_NAME_OF(ctrl_acks, n->ctrl_ack),
		                                        n->ctrl_ack, abuf, sizeof(abuf)));
}

/* The frame's bytes kept after the header. */
static const uint8_t *frame_of(const struct vu_payload *p, const struct vu_payload_net *n,
                               size_t *len)
{
	const uint8_t *bytes = n->tx ? p->out : p->in;
	size_t kept = n->tx ? p->out_kept : p->in_kept;

	*len = kept > n->hdr_size ? kept - n->hdr_size : 0;
	return kept > n->hdr_size ? bytes + n->hdr_size : NULL;
}

static void net_text(const struct vu_payload *p, const struct vu_payload_context *ctx,
                     const struct vu_payload_info *info, struct vu_str *out)
{
	const struct vu_payload_net *n = &info->net;
	const uint8_t *frame;
	size_t len;
	char buf[32];

	(void)ctx;
	vu_str_append(out, " ");
	put_queue(n, out);
	if (n->ctrl) {
		ctrl_text(p, n, out);
		return;
	}
	if (n->read == VU_PAYLOAD_READ_NONE) {
		if (n->rx)
			vu_str_printf(out, " buffer %" PRIu32, p->in_total);
		else
			vu_str_append(out, " sent");
		return;
	}
	if (n->read == VU_PAYLOAD_READ_SHORT) {
		vu_str_append(out, " [|virtio-net]");
		return;
	}
	if (n->continuation) {
		vu_str_printf(out, " continued len %" PRIu32, n->frame_len);
		return;
	}
	vu_str_printf(out, " len %" PRIu32, n->frame_len);
	if (n->flags != 0) {
		vu_str_append(out, " ");
		put_flag_names(n->flags, out);
	}
	if (n->gso_type != 0)
		vu_str_printf(out, " gso %s size %u", gso_text(n->gso_type, buf, sizeof(buf)),
		              n->gso_size);
	if (n->has_num_buffers && n->rx && n->num_buffers > 1)
		vu_str_printf(out, " buffers %u", n->num_buffers);
	frame = frame_of(p, n, &len);
	if (frame != NULL)
		put_ethernet(frame, len, out);
}

static void net_tree(const struct vu_payload *p, const struct vu_payload_context *ctx,
                     const struct vu_payload_info *info, const char *indent, struct vu_str *out)
{
	const struct vu_payload_net *n = &info->net;
	char buf[32];

	(void)p;
	(void)ctx;
	if (n->ctrl || n->read != VU_PAYLOAD_READ_OK || n->continuation)
		return;
	vu_str_printf(out, "%svirtio_net_hdr (%u bytes): flags 0x%02x <", indent, n->hdr_size,
	              n->flags);
	put_flag_names(n->flags, out);
	vu_str_printf(out, ">, gso_type %s, hdr_len %u, gso_size %u, csum_start %u, csum_offset %u",
	              gso_text(n->gso_type, buf, sizeof(buf)), n->hdr_len, n->gso_size,
	              n->csum_start, n->csum_offset);
	if (n->has_num_buffers)
		vu_str_printf(out, ", num_buffers %u", n->num_buffers);
	vu_str_append(out, "\n");
}

static void net_json(const struct vu_payload *p, const struct vu_payload_context *ctx,
                     const struct vu_payload_info *info, struct vu_str *out)
{
	const struct vu_payload_net *n = &info->net;
	char buf[32];

	(void)p;
	(void)ctx;
	vu_str_append(out, ",\"net\":{\"queue\":\"");
	put_queue(n, out);
	vu_str_printf(out, "\",\"short\":%s", n->read == VU_PAYLOAD_READ_SHORT ? "true" : "false");
	if (n->ctrl) {
		if (n->read == VU_PAYLOAD_READ_OK)
			vu_str_printf(out, ",\"class\":%u,\"cmd\":%u", n->ctrl_class, n->ctrl_cmd);
		if (n->has_ctrl_ack)
			vu_str_printf(out, ",\"ack\":%u", n->ctrl_ack);
	} else if (n->continuation) {
		vu_str_printf(out, ",\"continuation\":true,\"len\":%" PRIu32, n->frame_len);
	} else if (n->read == VU_PAYLOAD_READ_OK) {
		vu_str_printf(out,
		              ",\"hdr_size\":%u,\"len\":%" PRIu32 ",\"flags\":%u,\"gso_type\":",
		              n->hdr_size, n->frame_len, n->flags);
		vu_str_json_string(out, gso_text(n->gso_type, buf, sizeof(buf)));
		vu_str_printf(
		    out, ",\"hdr_len\":%u,\"gso_size\":%u,\"csum_start\":%u,\"csum_offset\":%u",
		    n->hdr_len, n->gso_size, n->csum_start, n->csum_offset);
		if (n->has_num_buffers)
			vu_str_printf(out, ",\"num_buffers\":%u", n->num_buffers);
	}
	vu_str_append(out, "}");
}

const struct vu_payload_device vu_payload_device_net = {
    .device = VU_DEVICE_NET,
    .event = "net",
    .decode = net_decode,
    .text = net_text,
    .tree = net_tree,
    .json = net_json,
};
