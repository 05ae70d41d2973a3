/*
 * pcapng block and option codes, the exported-PDU tags, and the session-facts
 * body: what the capture writer and reader share (doc/capture-format.md).
 */
#ifndef VS_PCAPNG_H
#define VS_PCAPNG_H

#include <glib.h>

#include "vscore/record.h"

#define VS_PCAPNG_BT_SHB           0x0A0D0D0Au
#define VS_PCAPNG_BT_IDB           0x00000001u
#define VS_PCAPNG_BT_EPB           0x00000006u
#define VS_PCAPNG_BYTE_ORDER_MAGIC 0x1A2B3C4Du

#define VS_PCAPNG_OPT_END            0
#define VS_PCAPNG_OPT_COMMENT        1
#define VS_PCAPNG_OPT_SHB_HARDWARE   2
#define VS_PCAPNG_OPT_SHB_OS         3
#define VS_PCAPNG_OPT_SHB_USERAPPL   4
#define VS_PCAPNG_OPT_IF_NAME        2
#define VS_PCAPNG_OPT_IF_DESCRIPTION 3
#define VS_PCAPNG_OPT_IF_TSRESOL     9
#define VS_PCAPNG_OPT_IF_TSOFFSET    14
#define VS_PCAPNG_OPT_EPB_PACKETID   5

#define VS_LINKTYPE_WIRESHARK_UPPER_PDU 252u

/* Exported-PDU tags (big-endian tag and length, then the value). */
#define VS_EXP_PDU_TAG_END            0u
#define VS_EXP_PDU_TAG_DISSECTOR_NAME 12u
/* The name registered with Wireshark's register_dissector(). */
#define VS_DISSECTOR_NAME "vhostuser"
/* Tag 12 with the name NUL-padded to 12 bytes, then the end tag. */
#define VS_EXP_PDU_TAGS_SIZE 20u

/* Largest block a reader accepts; ours are below 3 KiB. */
#define VS_PCAPNG_MAX_BLOCK (64u * 1024 * 1024)

/* The session facts as the body of a SESSION_START/END frame ("key=value\n"...). */
void vs_pcapng_facts_encode(const struct vs_session_facts *facts, GString *out);
/* Parse a body into facts (fields g_strdup'ed; unknown keys ignored). */
void vs_pcapng_facts_decode(const char *body, gsize len, struct vs_session_facts *facts);
/* One readable line: "front-end /a.sock pid 12 (qemu ...), back-end /b.sock pid 13 (...)". */
void vs_pcapng_facts_describe(const struct vs_session_facts *facts, GString *out);

const char *vs_pcapng_role_name(unsigned role); /* "listen", "connect" */

/* The if_name of a session channel's interface: "session 1 main", or
 * "vm1-net0 session 1 main" for a session of the port labelled vm1-net0. */
char *vs_pcapng_iface_name(const char *port, guint32 session, const char *channel);
/* The port label an if_name (len bytes, not NUL-terminated) holds, interned;
 * NULL when it names none (a capture of one unlabelled port). */
const char *vs_pcapng_iface_port(const char *name, gsize len);

#endif
