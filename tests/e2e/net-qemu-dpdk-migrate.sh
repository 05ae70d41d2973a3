#!/bin/bash
# End to end, live migration: a guest with vhost-user-net moves from one QEMU to
# another while it pings. Source: QEMU <-> vhostsniff <-> testpmd net_vhost;
# destination: QEMU -incoming <-> a second vhostsniff <-> a second testpmd
# (net-qemu-dpdk.sh run-migrate). When the migration starts QEMU asks the back-end
# to log its writes to guest memory: SET_FEATURES with LOG_ALL, then SET_LOG_BASE
# with the log's memfd, which DPDK answers (QEMU waits for that reply).
# PASS: the migration completed and the guest kept pinging through the destination's
# testpmd; each vhostsniff's JSON equals its QEMU's strace (no malformed message, no
# error finding) and its capture reads back the same; the source's session has
# SET_LOG_BASE with one fd and its reply, SET_FEATURES with LOG_ALL, SET_VRING_ADDR
# with the log flag; the destination's session set up the vrings. Both run with
# --rings: the source's dirty log (the log's memfd, read by vhostsniff) shows pages
# DPDK marked dirty while the guest pinged during the migration.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_need qemu-system-x86_64 dpdk-testpmd
e2e_setup
e2e_guest
E2E_SNIFF_ARGS=--rings e2e_run net-qemu-dpdk.sh run-migrate listen 1
# the source: the handshake, the device started, then the dirty log for the migration
# (QEMU's vhost_migration_log: the log first, then LOG_ALL and the vrings' log flag)
e2e_check qemu 1 --require 1:1,15,16,21,5,8,10,9,12,6,2,9
# VHOST_F_LOG_ALL: bit 26 (virtio 1.3, 6 "Reserved Feature Bits"; vhost-user.rst)
e2e_expect_json "source: SET_FEATURES with LOG_ALL" \
    "L.get('request') == 2 and L.get('from') == 'front' and L['payload'].get('features', 0) >> 26 & 1"
e2e_expect_json "source: SET_LOG_BASE with the log's fd" \
    "L.get('request') == 6 and L.get('from') == 'front' and not L['reply'] and L['fds'] == 1"
e2e_expect_json "source: the back-end's reply to SET_LOG_BASE" \
    "L.get('request') == 6 and L.get('from') == 'back' and L['reply']"
e2e_expect_json "source: SET_VRING_ADDR with the log flag" \
    "L.get('request') == 9 and L.get('from') == 'front' and L['payload'].get('vring.addr_flags.log') is True"
e2e_expect_json "source: the dirty log counted, at its SET_LOG_BASE" \
    "L.get('event') == 'log' and L.get('cause') == 'SET_LOG_BASE' and L.get('status') == 'ok'"
e2e_expect_json "source: dirty pages in the log while the guest pinged" \
    "L.get('event') == 'log' and L.get('dirty', 0) > 0"
# the destination: a session of its own that started the device after the switch
E2E_TAG=-dst e2e_check qemu-dst 1 --require 1:1,15,16,21,5,8,10,9,12
e2e_expect_json "destination: its session" "L.get('event') == 'session_start'" "$E2E_WORK/vhostsniff-dst.json"
e2e_expect_vrings 2 "$E2E_WORK/vhostsniff-dst.json"
e2e_pass
