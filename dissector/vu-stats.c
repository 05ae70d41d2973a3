/*
 * Statistics of a session for --stats: messages per request, the latency of
 * every matched reply (kept whole, so the median is exact), findings by id.
 */
#include <stdlib.h>
#include <string.h>

#include "dissector/vu-dissector.h"

void vu_stats_init(struct vu_stats *st)
{
	memset(st, 0, sizeof(*st));
}

void vu_stats_free(struct vu_stats *st)
{
	for (size_t ch = 0; ch < VU_CHANNEL_COUNT; ch++)
		for (size_t i = 0; i < VU_STATS_REQUESTS; i++)
			free(st->by[ch][i].lat_ns);
	memset(st, 0, sizeof(*st));
}

static void latency_add(struct vu_request_stats *rs, uint64_t ns)
{
	if (rs->nlat == rs->cap_lat) {
		size_t cap = rs->cap_lat > 0 ? 2 * rs->cap_lat : 16;
		uint64_t *grown = realloc(rs->lat_ns, cap * sizeof(*grown));

		if (grown == NULL)
			return; /* the median then covers what fitted; min and max stay exact */
		rs->lat_ns = grown;
		rs->cap_lat = cap;
	}
	rs->lat_ns[rs->nlat++] = ns;
}

void vu_stats_add(struct vu_stats *st, const struct vu_decoded *d)
{
	struct vu_request_stats *rs = NULL;

	for (size_t i = 0; i < d->nfindings; i++)
		if (d->findings[i].code < VU_FIND_COUNT)
			st->findings[d->findings[i].code]++;
	if (!d->has_header)
		return; /* a session event: only its findings count */
	st->messages++;
	if (d->malformed)
		st->malformed++;
	if (d->info == NULL || (size_t)d->channel >= VU_CHANNEL_COUNT ||
	    d->request >= VU_STATS_REQUESTS) {
		st->unknown++;
		return;
	}
	rs = &st->by[d->channel][d->request];
	rs->findings += d->nfindings;
	if (!d->reply) {
		rs->requests++;
		return;
	}
	rs->replies++;
	if (d->latency_ns == 0)
		return;
	if (rs->lat_sum_ns == 0 || d->latency_ns < rs->lat_min_ns)
		rs->lat_min_ns = d->latency_ns;
	if (d->latency_ns > rs->lat_max_ns)
		rs->lat_max_ns = d->latency_ns;
	rs->lat_sum_ns += d->latency_ns;
	latency_add(rs, d->latency_ns);
}

static int compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

uint64_t vu_request_stats_median(struct vu_request_stats *rs)
{
	if (rs->nlat == 0)
		return 0;
	qsort(rs->lat_ns, rs->nlat, sizeof(rs->lat_ns[0]), compare_u64);
	if (rs->nlat % 2 == 1)
		return rs->lat_ns[rs->nlat / 2];
	return (rs->lat_ns[rs->nlat / 2 - 1] + rs->lat_ns[rs->nlat / 2]) / 2;
}
