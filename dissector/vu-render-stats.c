/*
 * The --stats report of a session, as text and as one JSON object: messages
 * per request, the latency of the replies (count, min, median, max),
 * findings by id, and what was negotiated, by name.
 */
#include <string.h>

#include "dissector/vu-dissector.h"

static const char *short_name(const struct vu_request_info *info)
{
	return strncmp(info->name, "VHOST_USER_", 11) == 0 ? info->name + 11 : info->name;
}

static double us(uint64_t ns)
{
	return (double)ns / 1000.0;
}

/* The rows of the request table, both renderings: every request sent or
 * answered at least once, by channel, then by request number. */
struct request_rows {
	struct vu_stats *st;
	size_t ch, i;
	enum vu_dialect dialect; /* the session's, for the names */
};

struct request_row {
	enum vu_channel channel;
	const char *name;
	struct vu_request_stats *rs;
};

static void request_rows_init(struct request_rows *it, struct vu_stats *st,
                              const struct vu_session *s)
{
	it->dialect = s != NULL ? s->dialect : VU_DIALECT_QEMU;
	it->st = st;
	it->ch = 0;
	it->i = 0;
}

static bool request_rows_next(struct request_rows *it, struct request_row *row)
{
	for (; it->ch < VU_CHANNEL_COUNT; it->ch++, it->i = 0)
		while (it->i < VU_STATS_REQUESTS) {
			struct vu_request_stats *rs = &it->st->by[it->ch][it->i];
			const struct vu_request_info *info;

			it->i++;
			if (rs->requests == 0 && rs->replies == 0)
				continue;
			info = vu_request_lookup_dialect(it->dialect, (enum vu_channel)it->ch,
			                                 (uint32_t)(it->i - 1));
			row->channel = (enum vu_channel)it->ch;
			row->name = info != NULL ? short_name(info) : "?";
			row->rs = rs;
			return true;
		}
	return false;
}

static void text_requests(struct vu_stats *st, const struct vu_session *s, struct vu_str *out)
{
	struct request_rows it;
	struct request_row row;

	vu_str_printf(out, "  %-7s %-28s %8s %8s %10s %10s %10s\n", "channel", "request", "sent",
	              "replies", "min us", "median us", "max us");
	for (request_rows_init(&it, st, s); request_rows_next(&it, &row);) {
		struct vu_request_stats *rs = row.rs;

		vu_str_printf(out, "  %-7s %-28s %8llu %8llu", vu_channel_name(row.channel),
		              row.name, (unsigned long long)rs->requests,
		              (unsigned long long)rs->replies);
		if (rs->nlat > 0)
			vu_str_printf(out, " %10.1f %10.1f %10.1f", us(rs->lat_min_ns),
			              us(vu_request_stats_median(rs)), us(rs->lat_max_ns));
		vu_str_append(out, "\n");
	}
}

static void text_findings(const struct vu_stats *st, struct vu_str *out)
{
	size_t count;
	const struct vu_finding_def *defs = vu_finding_defs(&count);
	bool any = false;

	for (size_t i = 0; i < count && i < VU_FIND_COUNT; i++) {
		if (st->findings[i] == 0)
			continue;
		if (!any)
			vu_str_append(out, "  findings:\n");
		any = true;
		vu_str_printf(out, "  %8llu  %-5s %-36s %s\n", (unsigned long long)st->findings[i],
		              vu_severity_name(defs[i].severity), defs[i].key, defs[i].text);
	}
	if (!any)
		vu_str_append(out, "  findings: none\n");
}

static void text_bits(const char *what, enum vu_field_id id, uint64_t value, uint32_t times,
                      const struct vu_session *s, struct vu_str *out)
{
	vu_str_printf(out, "  %-18s 0x%llx ", what, (unsigned long long)value);
	vu_render_bit_names(vu_field_def(id), value, s->device, s->dialect, ",", out);
	if (times > 1)
		vu_str_printf(out, "  (set %u times; the last is in force)", times);
	vu_str_append(out, "\n");
}

static void text_negotiated(const struct vu_session *s, struct vu_str *out)
{
	size_t rings = 0, started = 0;

	vu_str_printf(out, "  negotiated (device %s", vu_device_type_name(s->device));
	if (s->device_evidence != 0) {
		vu_str_append(out, " from ");
		vu_render_evidence(s->device_evidence, ", ", out);
	}
	vu_str_printf(out, "; dialect %s", vu_dialect_name(s->dialect));
	if (s->dialect_evidence != 0) {
		vu_str_append(out, " from ");
		vu_render_evidence(s->dialect_evidence, ", ", out);
	}
	vu_str_append(out, "):\n");
	if (s->features_seen)
		text_bits("features offered", VU_FIELD_FEATURES, s->features_offered, 0, s, out);
	if (s->features_set)
		text_bits("features acked", VU_FIELD_FEATURES, s->features_acked,
		          s->features_set_count, s, out);
	if (s->protocol_seen)
		text_bits("protocol offered", VU_FIELD_PROTOCOL_FEATURES, s->protocol_offered, 0, s,
		          out);
	if (s->protocol_set)
		text_bits("protocol acked", VU_FIELD_PROTOCOL_FEATURES, s->protocol_acked,
		          s->protocol_set_count, s, out);
	if (s->status != 0)
		text_bits("status", VU_FIELD_STATUS, s->status, 0, s, out);
	for (size_t i = 0; i < VU_MAX_VRINGS; i++) {
		rings += s->vrings[i].seen;
		started += s->vrings[i].started;
	}
	vu_str_printf(out, "  %-18s %zu regions, %zu rings set up, %zu started%s%s\n", "state",
	              s->nregions, rings, started, s->backend_channel ? ", back-end channel" : "",
	              s->log.set ? ", dirty log" : "");
}

void vu_render_stats(struct vu_stats *st, const struct vu_session *s, struct vu_str *out)
{
	vu_str_printf(out, "  %llu messages, %llu malformed, %llu unknown\n",
	              (unsigned long long)st->messages, (unsigned long long)st->malformed,
	              (unsigned long long)st->unknown);
	text_requests(st, s, out);
	text_findings(st, out);
	if (s != NULL)
		text_negotiated(s, out);
}

/* ---- JSON --------------------------------------------------------------- */

static void json_latency(struct vu_request_stats *rs, struct vu_str *out)
{
	vu_str_printf(
	    out, ",\"latency_us\":{\"count\":%zu,\"min\":%.1f,\"median\":%.1f,\"max\":%.1f}",
	    rs->nlat, us(rs->lat_min_ns), us(vu_request_stats_median(rs)), us(rs->lat_max_ns));
}

static void json_requests(struct vu_stats *st, const struct vu_session *s, struct vu_str *out)
{
	struct request_rows it;
	struct request_row row;
	bool first = true;

	vu_str_append(out, "\"requests\":[");
	for (request_rows_init(&it, st, s); request_rows_next(&it, &row);) {
		struct vu_request_stats *rs = row.rs;

		vu_str_append(out, first ? "{" : ",{");
		first = false;
		vu_str_printf(out, "\"channel\":\"%s\",\"request\":", vu_channel_name(row.channel));
		vu_str_json_string(out, row.name);
		vu_str_printf(out, ",\"sent\":%llu,\"replies\":%llu,\"findings\":%llu",
		              (unsigned long long)rs->requests, (unsigned long long)rs->replies,
		              (unsigned long long)rs->findings);
		if (rs->nlat > 0)
			json_latency(rs, out);
		vu_str_append(out, "}");
	}
	vu_str_append(out, "]");
}

static void json_findings(const struct vu_stats *st, struct vu_str *out)
{
	size_t count;
	const struct vu_finding_def *defs = vu_finding_defs(&count);
	bool first = true;

	vu_str_append(out, "\"findings\":{");
	for (size_t i = 0; i < count && i < VU_FIND_COUNT; i++) {
		if (st->findings[i] == 0)
			continue;
		if (!first)
			vu_str_append(out, ",");
		first = false;
		vu_str_json_string(out, defs[i].key);
		vu_str_printf(out, ":%llu", (unsigned long long)st->findings[i]);
	}
	vu_str_append(out, "}");
}

static void json_bits(const char *key, enum vu_field_id id, uint64_t value,
                      const struct vu_session *s, struct vu_str *out)
{
	struct vu_str names;

	vu_str_init(&names);
	vu_render_bit_names(vu_field_def(id), value, s->device, s->dialect, "\",\"", &names);
	vu_str_printf(out, ",\"%s\":\"0x%llx\",\"%s.names\":[", key, (unsigned long long)value,
	              key);
	if (value != 0) {
		vu_str_append(out, "\"");
		vu_str_append(out, names.data != NULL ? names.data : "");
		vu_str_append(out, "\"");
	}
	vu_str_append(out, "]");
	vu_str_free(&names);
}

static void json_evidence(unsigned evidence, struct vu_str *out)
{
	if (evidence == 0)
		return;
	vu_str_append(out, "\"");
	vu_render_evidence(evidence, "\",\"", out);
	vu_str_append(out, "\"");
}

void vu_render_json_stats(struct vu_stats *st, const struct vu_session *s, struct vu_str *out)
{
	vu_str_printf(out, "{\"messages\":%llu,\"malformed\":%llu,\"unknown\":%llu,",
	              (unsigned long long)st->messages, (unsigned long long)st->malformed,
	              (unsigned long long)st->unknown);
	json_requests(st, s, out);
	vu_str_append(out, ",");
	json_findings(st, out);
	if (s == NULL) {
		vu_str_append(out, "}");
		return;
	}
	vu_str_printf(out, ",\"device\":\"%s\",\"device_evidence\":[",
	              vu_device_type_name(s->device));
	json_evidence(s->device_evidence, out);
	vu_str_printf(out, "],\"dialect\":\"%s\",\"dialect_evidence\":[",
	              vu_dialect_name(s->dialect));
	json_evidence(s->dialect_evidence, out);
	vu_str_append(out, "]");
	json_bits("features_offered", VU_FIELD_FEATURES, s->features_offered, s, out);
	json_bits("features_acked", VU_FIELD_FEATURES, s->features_acked, s, out);
	json_bits("protocol_features_offered", VU_FIELD_PROTOCOL_FEATURES, s->protocol_offered, s,
	          out);
	json_bits("protocol_features_acked", VU_FIELD_PROTOCOL_FEATURES, s->protocol_acked, s, out);
	vu_str_printf(out, ",\"features_set_count\":%u,\"protocol_features_set_count\":%u",
	              s->features_set_count, s->protocol_set_count);
	json_bits("status", VU_FIELD_STATUS, s->status, s, out);
	vu_str_printf(out, ",\"regions\":%zu,\"started\":%s}", s->nregions,
	              s->started ? "true" : "false");
}
