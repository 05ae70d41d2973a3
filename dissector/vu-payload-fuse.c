/*
 * FUSE over virtio-fs (VIRTIO 1.2 "File System Device", 5.11; Linux uapi
 * linux/fuse.h). A request's readable part is struct fuse_in_header (len,
 * opcode, unique, nodeid, uid, gid, pid, total_extlen, padding: 40 bytes)
 * and the opcode's arguments; its writable part receives struct
 * fuse_out_header (len, error as a negative errno, unique: 16 bytes) and the
 * reply's arguments. Vring 0 is the high-priority queue (FORGET,
 * BATCH_FORGET, INTERRUPT: no reply), the others are request queues.
 *
 * The opcodes and what their arguments hold are rows of vu-fuse.def.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "dissector/vu-payload-int.h"

#define IN_HEADER_SIZE  40u
#define OUT_HEADER_SIZE 16u
#define HIPRIO_VRING    0u

static const struct vu_fuse_op fuse_ops[] = {
#define VU_FUSE(name_, ...) {.name = #name_, __VA_ARGS__},
#include "dissector/vu-fuse.def"
#undef VU_FUSE
};

const struct vu_fuse_op *vu_fuse_ops(size_t *count)
{
	*count = sizeof(fuse_ops) / sizeof(fuse_ops[0]);
	return fuse_ops;
}

static const struct vu_fuse_op *fuse_op_of(uint32_t opcode)
{
	for (size_t i = 0; i < sizeof(fuse_ops) / sizeof(fuse_ops[0]); i++)
		if (fuse_ops[i].opcode == opcode)
			return &fuse_ops[i];
	return NULL;
}

const char *vu_fuse_opcode_name(uint32_t opcode)
{
	const struct vu_fuse_op *op = fuse_op_of(opcode);

	return op != NULL ? op->name : NULL;
}

/* Linux errno numbers: include/uapi/asm-generic/errno-base.h and errno.h
 * (x86 and Arm use them; checked by tests/test-dissector-payload.c). */
static const struct vu_payload_name errnos[] = {
    {1, "EPERM"},
    {2, "ENOENT"},
    {3, "ESRCH"},
    {4, "EINTR"},
    {5, "EIO"},
    {6, "ENXIO"},
    {7, "E2BIG"},
    {8, "ENOEXEC"},
    {9, "EBADF"},
    {10, "ECHILD"},
    {11, "EAGAIN"},
    {12, "ENOMEM"},
    {13, "EACCES"},
    {14, "EFAULT"},
    {15, "ENOTBLK"},
    {16, "EBUSY"},
    {17, "EEXIST"},
    {18, "EXDEV"},
    {19, "ENODEV"},
    {20, "ENOTDIR"},
    {21, "EISDIR"},
    {22, "EINVAL"},
    {23, "ENFILE"},
    {24, "EMFILE"},
    {25, "ENOTTY"},
    {26, "ETXTBSY"},
    {27, "EFBIG"},
    {28, "ENOSPC"},
    {29, "ESPIPE"},
    {30, "EROFS"},
    {31, "EMLINK"},
    {32, "EPIPE"},
    {33, "EDOM"},
    {34, "ERANGE"},
    {35, "EDEADLK"},
    {36, "ENAMETOOLONG"},
    {37, "ENOLCK"},
    {38, "ENOSYS"},
    {39, "ENOTEMPTY"},
    {40, "ELOOP"},
    {42, "ENOMSG"},
    {43, "EIDRM"},
    {44, "ECHRNG"},
    {45, "EL2NSYNC"},
    {46, "EL3HLT"},
    {47, "EL3RST"},
    {48, "ELNRNG"},
    {49, "EUNATCH"},
    {50, "ENOCSI"},
    {51, "EL2HLT"},
    {52, "EBADE"},
    {53, "EBADR"},
    {54, "EXFULL"},
    {55, "ENOANO"},
    {56, "EBADRQC"},
    {57, "EBADSLT"},
    {59, "EBFONT"},
    {60, "ENOSTR"},
    {61, "ENODATA"},
    {62, "ETIME"},
    {63, "ENOSR"},
    {64, "ENONET"},
    {65, "ENOPKG"},
    {66, "EREMOTE"},
    {67, "ENOLINK"},
    {68, "EADV"},
    {69, "ESRMNT"},
    {70, "ECOMM"},
    {71, "EPROTO"},
    {72, "EMULTIHOP"},
    {73, "EDOTDOT"},
    {74, "EBADMSG"},
    {75, "EOVERFLOW"},
    {76, "ENOTUNIQ"},
    {77, "EBADFD"},
    {78, "EREMCHG"},
    {79, "ELIBACC"},
    {80, "ELIBBAD"},
    {81, "ELIBSCN"},
    {82, "ELIBMAX"},
    {83, "ELIBEXEC"},
    {84, "EILSEQ"},
    {85, "ERESTART"},
    {86, "ESTRPIPE"},
    {87, "EUSERS"},
    {88, "ENOTSOCK"},
    {89, "EDESTADDRREQ"},
    {90, "EMSGSIZE"},
    {91, "EPROTOTYPE"},
    {92, "ENOPROTOOPT"},
    {93, "EPROTONOSUPPORT"},
    {94, "ESOCKTNOSUPPORT"},
    {95, "EOPNOTSUPP"},
    {96, "EPFNOSUPPORT"},
    {97, "EAFNOSUPPORT"},
    {98, "EADDRINUSE"},
    {99, "EADDRNOTAVAIL"},
    {100, "ENETDOWN"},
    {101, "ENETUNREACH"},
    {102, "ENETRESET"},
    {103, "ECONNABORTED"},
    {104, "ECONNRESET"},
    {105, "ENOBUFS"},
    {106, "EISCONN"},
    {107, "ENOTCONN"},
    {108, "ESHUTDOWN"},
    {109, "ETOOMANYREFS"},
    {110, "ETIMEDOUT"},
    {111, "ECONNREFUSED"},
    {112, "EHOSTDOWN"},
    {113, "EHOSTUNREACH"},
    {114, "EALREADY"},
    {115, "EINPROGRESS"},
    {116, "ESTALE"},
    {117, "EUCLEAN"},
    {118, "ENOTNAM"},
    {119, "ENAVAIL"},
    {120, "EISNAM"},
    {121, "EREMOTEIO"},
    {122, "EDQUOT"},
    {123, "ENOMEDIUM"},
    {124, "EMEDIUMTYPE"},
    {125, "ECANCELED"},
    {126, "ENOKEY"},
    {127, "EKEYEXPIRED"},
    {128, "EKEYREVOKED"},
    {129, "EKEYREJECTED"},
    {130, "EOWNERDEAD"},
    {131, "ENOTRECOVERABLE"},
    {132, "ERFKILL"},
    {133, "EHWPOISON"},
};

const char *vu_errno_name(int32_t negative_errno)
{
	if (negative_errno >= 0 || negative_errno == INT32_MIN)
		return NULL;
	return VU_PAYLOAD_NAME_OF(errnos, (uint32_t)-negative_errno);
}

/* A NUL-terminated name at offset of the kept bytes: where it starts, how
 * long it is, and whether it runs past them (cut, or no NUL). Returns the
 * offset after its NUL. */
static size_t read_name(struct vu_reader *r, size_t offset, const uint8_t **name, size_t *len,
                        bool *cut)
{
	size_t n = 0;
	uint8_t c = 0;
	bool ended = false;

	while (vu_reader_u8(r, offset + n, &c)) {
		if (c == '\0') {
			ended = true;
			break;
		}
		n++;
	}
	*name = vu_reader_bytes(r, offset, n);
	*len = *name != NULL ? n : 0;
	if (!ended)
		*cut = true;
	return offset + n + 1;
}

/* fuse_setxattr_in is 8 bytes, or 16 with FUSE_SETXATTR_EXT: the size whose
 * layout adds up to the header's len (name, NUL, value of size bytes). */
static bool setxattr_name_at(struct vu_reader *r, uint32_t len, uint8_t *name_at)
{
	static const uint8_t sizes[] = {16, 8};
	uint32_t value_size;

	if (!vu_reader_u32(r, IN_HEADER_SIZE, &value_size))
		return false;
	for (size_t i = 0; i < sizeof(sizes); i++) {
		const uint8_t *name;
		size_t n;
		bool cut = false;
		size_t end = read_name(r, IN_HEADER_SIZE + sizes[i], &name, &n, &cut);

		if (!cut && (uint64_t)end + value_size == len) {
			*name_at = sizes[i];
			return true;
		}
	}
	return false;
}

/* The request's arguments the row names. */
static void decode_args(struct vu_reader *r, const struct vu_fuse_op *op, struct vu_payload_fuse *f)
{
	uint8_t name_at = op->name_at;
	size_t at;

	if (op->io)
		f->has_io = vu_reader_u64(r, IN_HEADER_SIZE + 8, &f->offset) &&
		            vu_reader_u32(r, IN_HEADER_SIZE + 16, &f->size);
	if (op->open_flags)
		f->has_open_flags = vu_reader_u32(r, IN_HEADER_SIZE, &f->open_flags);
	if (op->names == 0 || (op->setxattr && !setxattr_name_at(r, f->len, &name_at)))
		return;
	at = read_name(r, IN_HEADER_SIZE + name_at, &f->name, &f->name_len, &f->name_short);
	if (op->names == 2 && !f->name_short)
		read_name(r, at, &f->name2, &f->name2_len, &f->name_short);
}

static void fuse_decode(const struct vu_payload *p, const struct vu_payload_context *ctx,
                        struct vu_payload_info *info)
{
	struct vu_payload_fuse *f = &info->fuse;
	const struct vu_fuse_op *op;
	struct vu_reader r;

	vu_reader_init(&r, p->out, p->out_kept);
	if (vu_reader_u32(&r, 0, &f->len) && vu_reader_u32(&r, 4, &f->opcode) &&
	    vu_reader_u64(&r, 8, &f->unique) && vu_reader_u64(&r, 16, &f->nodeid) &&
	    vu_reader_u32(&r, 24, &f->uid) && vu_reader_u32(&r, 28, &f->gid) &&
	    vu_reader_u32(&r, 32, &f->pid) && vu_reader_has(&r, 0, IN_HEADER_SIZE)) {
		f->read = VU_PAYLOAD_READ_OK;
		info->request = true;
		op = fuse_op_of(f->opcode);
		if (op != NULL)
			decode_args(&r, op, f);
	} else if (p->phase == VU_PAYLOAD_USED && ctx->has_request && ctx->request.known) {
		/* The completion's readable bytes were not kept again: its request says. */
		f->read = VU_PAYLOAD_READ_OK;
		f->opcode = ctx->request.kind;
		f->nodeid = ctx->request.a;
		f->unique = ctx->request.b;
	} else if (p->phase == VU_PAYLOAD_AVAIL || p->out_kept > 0) {
		f->read = VU_PAYLOAD_READ_SHORT;
	}
	if (p->phase != VU_PAYLOAD_USED || p->in_total == 0)
		return;
	vu_reader_init(&r, p->in, p->in_kept);
	if (vu_reader_u32(&r, 0, &f->out_len) && vu_reader_u32(&r, 4, (uint32_t *)&f->error) &&
	    vu_reader_u64(&r, 8, &f->out_unique))
		f->reply = VU_PAYLOAD_READ_OK;
	else
		f->reply = VU_PAYLOAD_READ_SHORT;
}

static void fuse_request(const struct vu_payload_info *info, struct vu_payload_request *req)
{
	if (info->fuse.read != VU_PAYLOAD_READ_OK)
		return;
	req->known = true;
	req->kind = info->fuse.opcode;
	req->a = info->fuse.nodeid;
	req->b = info->fuse.unique;
}

static const char *error_text(int32_t error, char *buf, size_t cap)
{
	const char *name = vu_errno_name(error);

	if (name != NULL)
		return name;
	snprintf(buf, cap, "%" PRId32, error);
	return buf;
}

static const char *opcode_text(uint32_t opcode, char *buf, size_t cap)
{
	return vu_payload_name_or_number(vu_fuse_opcode_name(opcode), opcode, buf, cap);
}

static const char *queue_name(const struct vu_payload *p)
{
	return p->vring == HIPRIO_VRING ? "hiprio" : "request";
}

/* Linux open(2) access mode (O_ACCMODE 3): the same on every architecture. */
static const char *access_mode(uint32_t flags)
{
	static const char *const modes[] = {"RDONLY", "WRONLY", "RDWR", "ACCMODE"};

	return modes[flags & 3u];
}

static void fuse_text(const struct vu_payload *p, const struct vu_payload_context *ctx,
                      const struct vu_payload_info *info, struct vu_str *out)
{
	const struct vu_payload_fuse *f = &info->fuse;
	char buf[40];

	(void)ctx;
	if (p->vring == HIPRIO_VRING)
		vu_str_append(out, " hiprio");
	if (f->read == VU_PAYLOAD_READ_SHORT)
		vu_str_append(out, " [|fuse]");
	else if (f->read == VU_PAYLOAD_READ_NONE)
		vu_str_append(out, " (request unknown)");
	else
		vu_str_printf(out, " %s unique %" PRIu64 " nodeid %" PRIu64,
		              opcode_text(f->opcode, buf, sizeof(buf)), f->unique, f->nodeid);
	if (p->phase == VU_PAYLOAD_AVAIL && f->read == VU_PAYLOAD_READ_OK) {
		if (f->name != NULL) {
			vu_str_append(out, " name \"");
			vu_payload_put_name(f->name, f->name_len, out);
			vu_str_append(out, "\"");
		}
		if (f->name2 != NULL) {
			vu_str_append(out, " -> \"");
			vu_payload_put_name(f->name2, f->name2_len, out);
			vu_str_append(out, "\"");
		}
		if (f->name_short)
			vu_str_append(out, " [|name]");
		if (f->has_io)
			vu_str_printf(out, " offset %" PRIu64 " size %" PRIu32, f->offset, f->size);
		if (f->has_open_flags)
			vu_str_printf(out, " flags %#" PRIo32 " (%s)", f->open_flags,
			              access_mode(f->open_flags));
		return;
	}
	if (p->phase != VU_PAYLOAD_USED)
		return;
	if (f->reply == VU_PAYLOAD_READ_SHORT) {
		vu_str_append(out, " reply [|fuse]");
	} else if (f->reply == VU_PAYLOAD_READ_OK) {
		vu_str_printf(out, " reply len %" PRIu32, f->out_len);
		if (f->error == 0)
			vu_str_append(out, " ok");
		else
			vu_str_printf(out, " error %s (%" PRId32 ")",
			              error_text(f->error, buf, sizeof(buf)), f->error);
		if (f->read == VU_PAYLOAD_READ_OK && f->out_unique != f->unique)
			vu_str_printf(out, " (reply unique %" PRIu64 ")", f->out_unique);
	}
}

static void fuse_tree(const struct vu_payload *p, const struct vu_payload_context *ctx,
                      const struct vu_payload_info *info, const char *indent, struct vu_str *out)
{
	const struct vu_payload_fuse *f = &info->fuse;

	(void)ctx;
	vu_str_printf(out, "%s%s queue\n", indent, queue_name(p));
	if (f->read == VU_PAYLOAD_READ_OK && info->request)
		vu_str_printf(
		    out,
		    "%sfuse_in_header: len %" PRIu32 ", opcode %" PRIu32 ", unique %" PRIu64
		    ", nodeid %" PRIu64 ", uid %" PRIu32 ", gid %" PRIu32 ", pid %" PRIu32 "\n",
		    indent, f->len, f->opcode, f->unique, f->nodeid, f->uid, f->gid, f->pid);
	if (f->reply == VU_PAYLOAD_READ_OK)
		vu_str_printf(out,
		              "%sfuse_out_header: len %" PRIu32 ", error %" PRId32
		              ", unique %" PRIu64 "\n",
		              indent, f->out_len, f->error, f->out_unique);
}

static void put_json_name(const char *key, const uint8_t *name, size_t len, struct vu_str *out)
{
	if (name == NULL)
		return;
	vu_str_printf(out, ",\"%s\":", key);
	vu_payload_put_json_name(name, len, out);
}

static void fuse_json(const struct vu_payload *p, const struct vu_payload_context *ctx,
                      const struct vu_payload_info *info, struct vu_str *out)
{
	const struct vu_payload_fuse *f = &info->fuse;
	char buf[40];

	(void)ctx;
	vu_str_printf(out, ",\"fuse\":{\"queue\":\"%s\",\"short\":%s", queue_name(p),
	              f->read == VU_PAYLOAD_READ_SHORT || f->reply == VU_PAYLOAD_READ_SHORT
	                  ? "true"
	                  : "false");
	if (f->read == VU_PAYLOAD_READ_OK) {
		vu_str_append(out, ",\"opcode\":");
		vu_str_json_string(out, opcode_text(f->opcode, buf, sizeof(buf)));
		vu_str_printf(out, ",\"unique\":%" PRIu64 ",\"nodeid\":%" PRIu64, f->unique,
		              f->nodeid);
	}
	if (f->read == VU_PAYLOAD_READ_OK && info->request) {
		vu_str_printf(out,
		              ",\"len\":%" PRIu32 ",\"uid\":%" PRIu32 ",\"gid\":%" PRIu32
		              ",\"pid\":%" PRIu32,
		              f->len, f->uid, f->gid, f->pid);
		put_json_name("name", f->name, f->name_len, out);
		put_json_name("name2", f->name2, f->name2_len, out);
		if (f->name_short)
			vu_str_append(out, ",\"name_short\":true");
		if (f->has_io)
			vu_str_printf(out, ",\"offset\":%" PRIu64 ",\"size\":%" PRIu32, f->offset,
			              f->size);
		if (f->has_open_flags)
			vu_str_printf(out, ",\"flags\":%" PRIu32, f->open_flags);
	}
	if (f->reply == VU_PAYLOAD_READ_OK) {
		vu_str_printf(out, ",\"out_len\":%" PRIu32 ",\"error\":%" PRId32, f->out_len,
		              f->error);
		if (f->error != 0) {
			vu_str_append(out, ",\"error_name\":");
			vu_str_json_string(out, error_text(f->error, buf, sizeof(buf)));
		}
		vu_str_printf(out, ",\"out_unique\":%" PRIu64, f->out_unique);
	}
	vu_str_append(out, "}");
}

const struct vu_payload_device vu_payload_device_fs = {
    .device = VU_DEVICE_FS,
    .event = "fuse",
    .decode = fuse_decode,
    .request = fuse_request,
    .text = fuse_text,
    .tree = fuse_tree,
    .json = fuse_json,
};
