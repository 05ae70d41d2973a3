/*
 * What the session state machine (vu-session.c) asks of the device and
 * dialect identification (vu-identify.c); not part of the library's API.
 */
#ifndef VU_SESSION_INT_H
#define VU_SESSION_INT_H

#include "dissector/vu-dissector.h"

/* Before m is decoded: a request number only one dialect uses tells it. */
void vu_identify_before(struct vu_session *s, const struct vu_message *m);
/* After d was applied to the session: what it shows of device and dialect
 * (may add a finding to d). */
void vu_identify_after(struct vu_session *s, struct vu_decoded *d);
/* The dialect a request number on channel is named in, in this session. */
enum vu_dialect vu_identify_message_dialect(const struct vu_session *s, enum vu_channel channel,
                                            uint32_t request);
/* The one device type an offer of feature bits fits, or VU_DEVICE_UNKNOWN. */
enum vu_device_type vu_identify_by_features(uint64_t offered);

#endif
