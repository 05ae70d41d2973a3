#!/bin/bash
# vhostsniff --replay with the real captures of tests/corpus-pcapng, the live
# peer being another vhostsniff --replay (the other side of a capture) or a
# hand-made back-end (python3, below); no guest, no real peer (those are
# tests/e2e/replay-*.sh).
#   - a capture's back-end (--replay-as back-end) against its own front-end
#     (--replay): both exit 0 and say the sessions are equal; the live session
#     prints and records (-w) as any session, and reads back (-r) with as many
#     messages as the recording
#   - the front-end of QEMU <-> qemu-storage-daemon against the back-end of a
#     read-only export: the front-end player exits 1, names the GET_FEATURES
#     reply's RO bit as the first difference and lists the 4 replies that differ; the back-end player exits 1 too
#     (SET_FEATURES then acks other bits)
#   - a front-end that is another device altogether (virtiofsd's capture): the
#     back-end player answers every request that wants a reply, the recording
#     has it or not, and ends with the session
#   - --replay-session N picks the Nth session of a capture of three
#   - -T json: the live lines, then one JSON document with the verdict
#   - a hand-made back-end that asks on its back-end channel (SET_BACKEND_REQ_FD)
#     with NEED_REPLY: the front-end player answers with a u64 0, and the fds it
#     sends are fresh ones of the recorded kind and size; the same when
#     the back-end connects to the player's relay (--back-listen)
#   - a recorded reply with an fd (GET_INFLIGHT_FD's memfd, from a hand-made
#     pair recorded here): the back-end player's reply carries a fresh memfd of
#     the recorded size
#   - bad arguments, an unreadable capture, a session a capture lacks, a back-end
#     nobody listens on: exit 2, one line on stderr
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -euo pipefail
SRC=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
VHOSTSNIFF=${VHOSTSNIFF:-${top_builddir:-$SRC}/vhostsniff}
C=$SRC/tests/corpus-pcapng
WORK=$(mktemp -d "${TMPDIR:-/tmp}/test-replay.XXXXXX")
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT
export LC_ALL=C
failures=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

show() {
	sed 's/^/  | /' "$@" | cut -c1-200 | tail -n 25
}

# back NAME ARGS...: a back-end player (--replay-as back-end) listening on
# $WORK/NAME.sock, in the background; its output in $WORK/NAME.back.out/.err
back() {
	local name=$1
	shift
	timeout 30 "$VHOSTSNIFF" --replay-as back-end -l "$WORK/$name.sock" "$@" \
		>"$WORK/$name.back.out" 2>"$WORK/$name.back.err" &
	back_pid=$!
	pids+=("$back_pid")
	for _ in $(seq 100); do
		[[ -S $WORK/$name.sock ]] && return 0
		sleep 0.05
	done
	fail "$name: the back-end player does not listen"
	show "$WORK/$name.back.err"
}

# back_wait NAME EXPECTED_STATUS
back_wait() {
	local rc=0
	wait "$back_pid" || rc=$?
	if [[ $rc != "$2" ]]; then
		fail "$1: the back-end player exits $rc, not $2"
		show "$WORK/$1.back.err" "$WORK/$1.back.out"
	fi
}

# front NAME EXPECTED_STATUS ARGS...: a front-end player against $WORK/NAME.sock
front() {
	local name=$1 want=$2 rc=0
	shift 2
	timeout 30 "$VHOSTSNIFF" -c "$WORK/$name.sock" "$@" \
		>"$WORK/$name.front.out" 2>"$WORK/$name.front.err" || rc=$?
	if [[ $rc != "$want" ]]; then
		fail "$name: the front-end player exits $rc, not $want"
		show "$WORK/$name.front.err" "$WORK/$name.front.out"
	fi
}

# expect FILE LINE: FILE holds LINE whole
expect() {
	grep -qxF -- "$2" "$1" || {
		fail "$(basename "$1"): no line '$2'"
		show "$1"
	}
}

# ---- a capture against itself ------------------------------------------------
for cap in blk-qsd-run fs-virtiofsd-run net-qemu-dpdk-run-reverse; do
	back "$cap" --replay "$C/$cap.pcapng"
	front "$cap" 0 --replay "$C/$cap.pcapng" -w "$WORK/$cap.live.pcapng"
	back_wait "$cap" 0
	for side in front back; do
		expect "$WORK/$cap.$side.out" "equal"
		grep -q "^$C/$cap.pcapng#1 and the replay against $WORK/$cap.sock are equal$" \
			"$WORK/$cap.$side.out" || fail "$cap: the $side-end player's verdict is not its last line"
		if [[ -s $WORK/$cap.$side.err ]]; then
			fail "$cap: the $side-end player said something on stderr"
			show "$WORK/$cap.$side.err"
		fi
	done
	# the live session is a session like any other: printed and recorded
	recorded=$("$VHOSTSNIFF" -r "$C/$cap.pcapng" | grep -c '^[0-9:.]* s1 main ' || true)
	live=$(grep -c '^[0-9:.]* s1 main ' "$WORK/$cap.front.out" || true)
	again=$("$VHOSTSNIFF" -r "$WORK/$cap.live.pcapng" | grep -c '^[0-9:.]* s1 main ' || true)
	[[ $recorded -gt 0 && $live == "$recorded" && $again == "$recorded" ]] ||
		fail "$cap: $recorded main-channel messages recorded, $live printed live, $again in the live capture"
done

# ---- the read-only export: the first difference is the GET_FEATURES reply's RO bit
back ro --replay "$C/blk-qsd-writable-off.pcapng"
front ro 1 --replay "$C/blk-qsd-run.pcapng"
back_wait ro 1
[[ $(grep -m1 '^first difference: ' "$WORK/ro.front.out") == "first difference: A message 2 (frame 3), B message 2 (frame 3)" ]] ||
	{ fail "ro: the first difference is not message 2, the GET_FEATURES reply"; show "$WORK/ro.front.out"; }
grep -A1 -m1 '^first difference: ' "$WORK/ro.front.out" | grep -q '^  A: main back>front VHOST_USER_GET_FEATURES \[0x5 reply\]' ||
	fail "ro: the first difference is not the GET_FEATURES reply"
expect "$WORK/ro.front.out" "  features: +RO"
# every reply that differs, by request: both GET_FEATURES replies (RO), the queue
# count (the read-only capture's export has 2) and the config space it gives
[[ $(sed -n '/^the live back-end.s messages that differ from the recording:$/,/^[^ ]/p' "$WORK/ro.front.out" | sed '$d') == \
"the live back-end's messages that differ from the recording:
  VHOST_USER_GET_FEATURES reply: recorded message 2 (frame 3), live message 2 (frame 3)
  VHOST_USER_GET_QUEUE_NUM reply: recorded message 7 (frame 8), live message 7 (frame 8)
  VHOST_USER_GET_FEATURES reply: recorded message 14 (frame 15), live message 14 (frame 15)
  VHOST_USER_GET_CONFIG reply: recorded message 18 (frame 19), live message 18 (frame 19)" ]] ||
	{ fail "ro: the replies that differ are not listed"; show "$WORK/ro.front.out"; }
grep -q ' and the replay against .* differ$' "$WORK/ro.front.out" || fail "ro: no verdict 'differ'"
# the back-end player: QEMU's recording acks no RO, the recorded one did not either,
# but its front-end asked for other things: the requests differ
grep -q '^requests:$' "$WORK/ro.back.out" || { fail "ro: the back-end player shows no request difference"; show "$WORK/ro.back.out"; }

# ---- another device altogether: the back-end player answers and ends --------
back other --replay "$C/blk-qsd-run.pcapng"
front other 1 --replay "$C/fs-virtiofsd-run.pcapng"
back_wait other 1
# every request of the live front-end that wants a reply got one: virtiofsd's
# front-end player waited for none in vain
if grep -q 'no reply' "$WORK/other.front.err"; then fail "other: a request went unanswered"; show "$WORK/other.front.err"; fi
grep -q '^requests:$' "$WORK/other.back.out" || { fail "other: the back-end player shows no request difference"; show "$WORK/other.back.out"; }

# ---- --replay-session: the third session of a capture of three -----------------
back session --replay "$C/ports-blk-net.pcapng" --replay-session 3
front session 0 --replay "$C/ports-blk-net.pcapng" --replay-session 3
back_wait session 0
grep -q "^$C/ports-blk-net.pcapng#3 and " "$WORK/session.front.out" || fail "session: not session 3"
s3=$("$VHOSTSNIFF" -r "$C/ports-blk-net.pcapng" | grep -c ' s3 main ' || true)
[[ $s3 -gt 0 && $(grep -c ' s1 main ' "$WORK/session.front.out") == "$s3" ]] || fail "session: not the $s3 messages of s3"

# ---- -T json: JSON lines, the last one the report --------------------------
back json --replay "$C/blk-qsd-writable-off.pcapng"
front json 1 --replay "$C/blk-qsd-run.pcapng" -T json
back_wait json 1
python3 - "$WORK/json.front.out" <<'EOF' || fail "json: not JSON lines ending with the report"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
report = lines[-1]
assert all("session" in l for l in lines[:-1]), "a live line without its session"
assert report["equal"] is False, report
s = report["sessions"][0]
assert s["first_difference"]["a"]["message"] == 2, s["first_difference"]
assert s["first_difference"]["bits"] == {"a_only": [], "b_only": ["RO"]}, s["first_difference"]
assert [d["a"]["message"] for d in s["live_differs"]] == [2, 7, 14, 18], s["live_differs"]
assert [d["b"]["message"] for d in s["live_differs"]] == [2, 7, 14, 18], s["live_differs"]
EOF

# ---- a hand-made back-end asks on its back-end channel ------------------------
# It answers every request that wants a reply with what the recording of
# blk-qsd-run had (GET_* with fixed words, the rest an ack 0) and, once
# SET_BACKEND_REQ_FD gave it the channel, sends CONFIG_CHANGE_MSG with
# NEED_REPLY on it; it says what came back.
# python3 peer.py SOCKET listen|connect
cat >"$WORK/peer.py" <<'EOF'
import array, os, socket, struct, sys, time
# vhost-user requests (the reference, "Front-end message types" and
# "Back-end message types"): their numbers
GET_FEATURES, GET_PROTOCOL_FEATURES, SET_BACKEND_REQ_FD, GET_QUEUE_NUM = 1, 15, 21, 17
GET_MAX_MEM_SLOTS, GET_CONFIG, GET_VRING_BASE = 36, 24, 11
ADD_MEM_REG, SET_VRING_KICK = 37, 12
BACKEND_CONFIG_CHANGE_MSG = 2
REPLY, NEED_REPLY = 0x4, 0x8
words = {GET_FEATURES: 0x175007e46, GET_PROTOCOL_FEATURES: 0x8f2b, GET_QUEUE_NUM: 1,
         GET_MAX_MEM_SLOTS: 32}
if sys.argv[2] == "listen":
    srv = socket.socket(socket.AF_UNIX)
    srv.bind(sys.argv[1]); srv.listen(1)
    conn, _ = srv.accept()
else:
    conn = socket.socket(socket.AF_UNIX)
    for _ in range(200):
        try:
            conn.connect(sys.argv[1])
            break
        except OSError:
            time.sleep(0.05)
def recv(sock):
    hdr, anc, _, _ = sock.recvmsg(12, socket.CMSG_SPACE(8 * 4))
    if len(hdr) < 12:
        return None
    fds = array.array("i")
    for level, kind, data in anc:
        fds.frombytes(data[: len(data) - len(data) % 4])
    req, flags, size = struct.unpack("<III", hdr)
    payload = b""
    while len(payload) < size:
        payload += sock.recv(size - len(payload))
    return req, flags, payload, list(fds)
channel = None
while True:
    m = recv(conn)
    if m is None:
        break
    req, flags, payload, fds = m
    if req == SET_BACKEND_REQ_FD:
        channel = socket.socket(fileno=fds.pop(0))
    for fd in fds:
        if req in (ADD_MEM_REG, SET_VRING_KICK):
            print(f"request {req} fd:", os.readlink(f"/proc/self/fd/{fd}").split(" ")[0],
                  os.fstat(fd).st_size)
        os.close(fd)
    if req in words:
        conn.sendall(struct.pack("<IIIQ", req, 0x1 | REPLY, 8, words[req]))
    elif req == GET_CONFIG:
        conn.sendall(struct.pack("<III", req, 0x1 | REPLY, len(payload)) + payload)
    elif req == GET_VRING_BASE:
        conn.sendall(struct.pack("<III", req, 0x1 | REPLY, 8) + payload[:8])
    elif flags & NEED_REPLY:
        conn.sendall(struct.pack("<IIIQ", req, 0x1 | REPLY, 8, 0))
    if req == SET_BACKEND_REQ_FD:
        channel.sendall(struct.pack("<III", BACKEND_CONFIG_CHANGE_MSG, 0x1 | NEED_REPLY, 0))
        got = recv(channel)
        print("channel reply:", got and (got[0], hex(got[1]), struct.unpack("<Q", got[2])[0]))
EOF
python3 "$WORK/peer.py" "$WORK/channel.sock" listen >"$WORK/channel.peer" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [[ -S $WORK/channel.sock ]] && break; sleep 0.05; done
front channel 1 --replay "$C/blk-qsd-run.pcapng"
# the same back-end connecting to the player's relay (--back-listen)
python3 "$WORK/peer.py" "$WORK/back-listen.sock" connect >"$WORK/back-listen.peer" 2>&1 &
pids+=($!)
rc=0
timeout 30 "$VHOSTSNIFF" --replay "$C/blk-qsd-run.pcapng" --back-listen "$WORK/back-listen.sock" \
	>"$WORK/back-listen.front.out" 2>"$WORK/back-listen.front.err" || rc=$?
[[ $rc == 1 ]] || { fail "back-listen: exit $rc, not 1"; show "$WORK/back-listen.front.err"; }
for name in channel back-listen; do
	expect "$WORK/$name.peer" "channel reply: (2, '0x5', 0)"
	# fresh fds of the recorded kind and size: QEMU's guest RAM (256 MiB), kicks
	expect "$WORK/$name.peer" "request 37 fd: /memfd:vhostsniff-replay 268435456"
	[[ $(grep -c '^request 12 fd: anon_inode:\[eventfd\] 0$' "$WORK/$name.peer") == 2 ]] ||
		{ fail "$name: not two eventfds for the two SET_VRING_KICKs"; show "$WORK/$name.peer"; }
	grep -q ' backend back>front VHOST_USER_BACKEND_CONFIG_CHANGE_MSG \[0x9 need_reply\]' "$WORK/$name.front.out" &&
		grep -q ' backend front>back VHOST_USER_BACKEND_CONFIG_CHANGE_MSG \[0x5 reply\] size 8 fds 0: ack=0' "$WORK/$name.front.out" ||
		{ fail "$name: the back-end channel's request and its answer are not in the live output"; show "$WORK/$name.front.out"; }
	# it answered what the player waited for: the replies, not a timeout
	if grep -q 'no reply' "$WORK/$name.front.err"; then fail "$name: a reply did not come"; show "$WORK/$name.front.err"; fi
done

# ---- a recorded reply with an fd: the back-end player sends a fresh one -------
# A hand-made pair records GET_INFLIGHT_FD (the reference, "Inflight I/O
# tracking"), whose reply carries the back-end's memfd of the area; the front-end
# then asks the back-end player, and says what fd the reply brought.
cat >"$WORK/inflight.py" <<'EOF'
import os, socket, struct, sys, time
GET_INFLIGHT_FD, REPLY = 31, 0x4
AREA = 8192  # the size of the recorded memfd
def recv(sock):
    hdr, anc, _, _ = sock.recvmsg(12, socket.CMSG_SPACE(4))
    fds = [struct.unpack("<i", d[:4])[0] for _, _, d in anc]
    req, flags, size = struct.unpack("<III", hdr)
    payload = b""
    while len(payload) < size:
        payload += sock.recv(size - len(payload))
    return req, flags, payload, fds
if sys.argv[2] == "back":
    srv = socket.socket(socket.AF_UNIX)
    srv.bind(sys.argv[1]); srv.listen(1)
    conn, _ = srv.accept()
    req, flags, payload, fds = recv(conn)
    area = os.memfd_create("inflight")
    os.ftruncate(area, AREA)
    body = struct.pack("<QQHH", AREA, 0, 1, 128)
    conn.sendmsg([struct.pack("<III", req, 0x1 | REPLY, len(body)) + body],
                 [(socket.SOL_SOCKET, socket.SCM_RIGHTS, struct.pack("<i", area))])
    conn.recv(1)  # until the front-end closes
else:
    conn = socket.socket(socket.AF_UNIX)
    for _ in range(200):
        try:
            conn.connect(sys.argv[1])
            break
        except OSError:
            time.sleep(0.05)
    body = struct.pack("<QQHH", 0, 0, 1, 128)
    conn.sendall(struct.pack("<III", GET_INFLIGHT_FD, 0x1, len(body)) + body)
    req, flags, payload, fds = recv(conn)
    for fd in fds:
        print("reply fd:", os.readlink(f"/proc/self/fd/{fd}").split(" ")[0],
              os.fstat(fd).st_size)
    print("reply:", struct.unpack("<QQHH", payload))
    conn.close()
EOF
python3 "$WORK/inflight.py" "$WORK/inflight-back.sock" back >"$WORK/inflight-back.peer" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [[ -S $WORK/inflight-back.sock ]] && break; sleep 0.05; done
python3 "$WORK/inflight.py" "$WORK/inflight-rec.sock" front >"$WORK/inflight-rec.peer" 2>&1 &
pids+=($!)
timeout 30 "$VHOSTSNIFF" -l "$WORK/inflight-rec.sock" -c "$WORK/inflight-back.sock" --sessions 1 -q \
	-w "$WORK/inflight.pcapng" 2>"$WORK/inflight-rec.err" || fail "inflight: the recording failed"
wait "${pids[-1]}" || true
expect "$WORK/inflight-rec.peer" "reply fd: /memfd:inflight 8192"
back inflight --replay "$WORK/inflight.pcapng"
python3 "$WORK/inflight.py" "$WORK/inflight.sock" front >"$WORK/inflight.peer" 2>&1 || fail "inflight: the front-end failed"
back_wait inflight 0
# a fresh memfd (replay.c names it) of the recorded size, not the recorded one
expect "$WORK/inflight.peer" "reply fd: /memfd:vhostsniff-replay 8192"
expect "$WORK/inflight.peer" "reply: (8192, 0, 1, 128)"
grep -q 'VHOST_USER_GET_INFLIGHT_FD \[0x5 reply\] size 20 fds 1' "$WORK/inflight.back.out" ||
	{ fail "inflight: the live reply is not shown with its fd"; show "$WORK/inflight.back.out"; }

# ---- trouble: exit 2 and one line on stderr, nothing on stdout ----------------
# trouble NAME ARGS...
trouble() {
	local name=$1 rc=0
	shift
	timeout 30 "$VHOSTSNIFF" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || rc=$?
	[[ $rc == 2 ]] || fail "$name: exit $rc, not 2"
	[[ ! -s $WORK/$name.out ]] || { fail "$name: something on stdout"; show "$WORK/$name.out"; }
	[[ $(grep -vc '^Try ' "$WORK/$name.err") == 1 ]] || { fail "$name: not one line on stderr"; show "$WORK/$name.err"; }
}
trouble missing --replay "$WORK/nonexistent.pcapng" -c "$WORK/x.sock"
trouble no-session --replay "$C/blk-qsd-run.pcapng" --replay-session 2 -c "$WORK/x.sock"
trouble not-a-capture --replay "$SRC/tests/test-replay.sh" -c "$WORK/x.sock"
trouble front-given --replay "$C/blk-qsd-run.pcapng" -l "$WORK/x.sock" -c "$WORK/y.sock"
trouble no-back --replay "$C/blk-qsd-run.pcapng"
trouble back-given --replay "$C/blk-qsd-run.pcapng" --replay-as back-end -l "$WORK/x.sock" -c "$WORK/y.sock"
trouble bad-role --replay "$C/blk-qsd-run.pcapng" --replay-as middle -c "$WORK/x.sock"
trouble role-alone --replay-as back-end -l "$WORK/x.sock"
trouble session-alone --replay-session 1 -l "$WORK/x.sock" -c "$WORK/y.sock"
trouble with-read --replay "$C/blk-qsd-run.pcapng" -r "$C/blk-qsd-run.pcapng"
trouble nobody --replay "$C/blk-qsd-run.pcapng" -c "$WORK/nobody.sock" --connect-timeout 0.3
grep -q 'nobody.sock' "$WORK/nobody.err" || { fail "nobody: the error does not name the socket"; show "$WORK/nobody.err"; }
[[ ! -e $WORK/x.sock && ! -e $WORK/y.sock ]] || fail "a socket was made before the arguments were checked"

if ((failures > 0)); then
	echo "$failures failure(s)"
	exit 1
fi
echo "PASS: test-replay"
