#!/bin/bash
# --wrap where the front-end listens: QEMU (-chardev server=on, virtio-net-pci,
# the guest pings) listens at P; vhostsniff --wrap P sits on QEMU's own socket;
# DPDK testpmd net_vhost client=1 connects to P, unchanged, and reaches QEMU
# through vhostsniff (the recipe's PASS: packets both ways). vhostsniff saw the
# session's whole negotiation, and it judged the listener a front-end (it
# connected to the original and listened for the back-end). When both peers are
# gone, nothing is left of the wrap: QEMU removes its socket at exit by name,
# which while wrapped is vhostsniff's, so the original's second name goes too.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
source "$(dirname "$0")/lib.sh"
e2e_need qemu-system-x86_64 dpdk-testpmd python3
e2e_setup
e2e_peers_lock
e2e_guest
E2E_VERDICT="testpmd client=1 reached QEMU server=on through vhostsniff --wrap"
P=$E2E_WORK/net.sock
export VHOSTSNIFF
WRAP_CMD='exec "$VHOSTSNIFF" --wrap "$SOCK" -T json -v --sessions 1 >"'"$E2E_WORK"'/vhostsniff.json" 2>"'"$E2E_WORK"'/vhostsniff.log"' \
	WORKDIR=$E2E_WORK/lab timeout 240 "$E2E_LAB/net-qemu-dpdk.sh" run-reverse "$P" >"$E2E_WORK/verdict" 2>"$E2E_WORK/lab.log" || true
grep -q '^PASS' "$E2E_WORK/verdict" ||
	{ tail -n 30 "$E2E_WORK/lab.log" >&2; e2e_fail "the recipe failed: $(cat "$E2E_WORK/verdict")"; }
grep -q "wrapping $P: the front-end listens there" "$E2E_WORK/vhostsniff.log" ||
	e2e_fail "vhostsniff did not take QEMU for the listening front-end: $(cat "$E2E_WORK/vhostsniff.log")"
for ((i = 0; i < 50; i++)); do
	pgrep -f -- "--wrap $P" >/dev/null || break
	sleep 0.2
done
e2e_expect_whole_session "$E2E_WORK/vhostsniff.json" \
	VHOST_USER_GET_FEATURES VHOST_USER_SET_MEM_TABLE VHOST_USER_SET_VRING_KICK
e2e_expect_unwrapped "$E2E_WORK"
e2e_pass
