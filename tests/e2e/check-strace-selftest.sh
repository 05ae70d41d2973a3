#!/bin/bash
# Self-test of check-strace.py without peers: a hand-written strace of a front-end
# (noise on other fds, a call split by another thread, a reply read header then
# payload, the back-end channel socketpair, a second connection) against JSON lines
# that match it, then against JSON lines with one thing wrong each, which must fail.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -euo pipefail
CHECK=$(cd "$(dirname "$0")" && pwd)/check-strace.py
T=$(mktemp -d "${TMPDIR:-/tmp}/check-strace-selftest.XXXXXX")
trap 'rm -rf "$T"' EXIT

hx() { printf '%s' "$1" | od -An -tx1 -v | tr -s ' \n' ' ' | sed 's/^ //; s/ $//; s/ /\\x/g; s/^/\\x/'; }
A=$(hx /t/a.sock)
# headers: request, flags, size (little endian), as strace -xx prints them
GETF='\x01\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00'
GETF_R='\x01\x00\x00\x00\x05\x00\x00\x00\x08\x00\x00\x00'
FEAT='\x00\x00\x00\x40\x01\x00\x00\x00'
REQFD='\x15\x00\x00\x00\x09\x00\x00\x00\x00\x00\x00\x00'
REQFD_R='\x15\x00\x00\x00\x05\x00\x00\x00\x08\x00\x00\x00'
ZERO8='\x00\x00\x00\x00\x00\x00\x00\x00'
CALL='\x0d\x00\x00\x00\x01\x00\x00\x00\x08\x00\x00\x00'
IOTLB='\x01\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00'

cat >"$T/front.strace" <<EOF
100 10:00:00.000001 write(3, "\x41\x42", 2) = 2
100 10:00:00.000002 connect(5, {sa_family=AF_UNIX, sun_path="$A"}, 110) = 0
100 10:00:00.000003 socketpair(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0, [7, 8]) = 0
100 10:00:00.000004 sendmsg(5, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="$GETF", iov_len=12}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 12
101 10:00:00.000005 read(9,  <unfinished ...>
100 10:00:00.000006 recvmsg(5, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="$GETF_R", iov_len=12}], msg_iovlen=1, msg_controllen=0, msg_flags=MSG_CMSG_CLOEXEC}, MSG_CMSG_CLOEXEC) = 12
101 10:00:00.000007 <... read resumed>"\x01\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00", 12) = 12
100 10:00:00.000008 recvfrom(5, "$FEAT", 8, 0, NULL, NULL) = 8
100 10:00:00.000009 sendmsg(5, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="$REQFD", iov_len=12}], msg_iovlen=1, msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[8]}], msg_controllen=24, msg_flags=0}, 0) = 12
100 10:00:00.000010 close(8) = 0
100 10:00:00.000011 recvmsg(5, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="$REQFD_R", iov_len=12}], msg_iovlen=1, msg_controllen=0, msg_flags=MSG_CMSG_CLOEXEC}, MSG_CMSG_CLOEXEC) = 12
100 10:00:00.000012 read(5, "$ZERO8", 8) = 8
100 10:00:00.000013 sendmsg(5, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="$CALL", iov_len=12}, {iov_base="$ZERO8", iov_len=8}], msg_iovlen=2, msg_control=[{cmsg_len=24, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[10, 11]}], msg_controllen=24, msg_flags=0}, 0) = 20
100 10:00:00.000014 recvmsg(7, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="$IOTLB", iov_len=12}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 12
100 10:00:00.000015 recvmsg(5, 0x7ffc, MSG_DONTWAIT) = -1 EAGAIN (Resource temporarily unavailable)
100 10:00:00.000016 close(5) = 0
100 10:00:00.000017 write(5, "$GETF", 12) = 12
102 10:00:01.000001 connect(5, {sa_family=AF_UNIX, sun_path="$A"}, 110) = 0
100 10:00:01.000002 writev(5, [{iov_base="$GETF", iov_len=12}], 1) = 12
100 10:00:01.000003 +++ exited with 0 +++
EOF

msg() { # session channel from request flags size fds
    local r=false n=false
    (($5 & 4)) && r=true
    (($5 & 8)) && n=true
    printf '{"ts":1.5,"session":%s,"channel":"%s","from":"%s","request":%s,"name":"X","flags":%s,"reply":%s,"need_reply":%s,"size":%s,"fds":%s,"payload":{},"malformed":false,"findings":[]}\n' \
        "$1" "$2" "$3" "$4" "$5" "$r" "$n" "$6" "$7"
}
ev() { printf '{"ts":1.0,"session":%s,"event":"%s"}\n' "$1" "$2"; }
good() {
    ev 1 session_start
    msg 1 main front 1 1 0 0
    msg 1 main back 1 5 8 0
    msg 1 main front 21 9 0 1
    msg 1 main back 21 5 8 0
    msg 1 main front 13 1 8 2
    msg 1 backend back 1 1 0 0
    ev 1 session_end
    ev 2 session_start
    msg 2 main front 1 1 0 0
    ev 2 session_end
}

fails=0
expect() { # expect 0|1 DESCRIPTION [OPTION...]  (JSON on stdin)
    local want=$1 rc=0
    cat >"$T/v.json"
    python3 "$CHECK" --strace "$T/front.strace" --json "$T/v.json" --socket /t/a.sock \
        --sessions 2 --require 1:1,21,13 "${@:3}" >"$T/out" 2>&1 || rc=$?
    if [[ $rc -eq $want ]]; then
        echo "ok: $2 (exit $rc)"; [[ -z ${VERBOSE:-} ]] || sed "s/^/    /" "$T/out"
    else
        echo "NOT OK: $2: exit $rc, expected $want"; cat "$T/out"; fails=$((fails + 1))
    fi
}

good | expect 0 "matching lines"
good | sed '3d' | expect 1 "a reply missing"
good | sed '4s/"fds":1/"fds":0/' | expect 1 "an fd missing"
good | sed '6s/"fds":2/"fds":1/' | expect 1 "one of two fds missing"
good | sed '3s/"from":"back"/"from":"front"/' | expect 1 "wrong direction"
good | sed '2{h;d};3{G}' | expect 1 "request and reply swapped"
good | sed '7d' | expect 1 "back-end channel message missing"
good | sed '7s/"channel":"backend"/"channel":"main"/' | expect 1 "back-end channel message on main"
good | sed '3s/"flags":5,"reply":true/"flags":1,"reply":false/' | expect 1 "reply flag lost"
good | sed '3s/"reply":true/"reply":false/' | expect 1 "reply key inconsistent with flags"
good | sed '8,11d' | expect 1 "second session missing"
good | sed '9d' | expect 1 "session_start missing"
good | sed '2s/"malformed":false/"malformed":true/' | expect 1 "real message marked malformed"
good | sed '2s/,"payload":{}//' | expect 1 "key missing"
good | sed '2s/^{/{broken/' | expect 1 "not JSON"
{ good; msg 3 main front 1 1 0 0; } | expect 1 "messages of a third session"
good | sed '6s/"request":13/"request":12/' | expect 1 "wrong request (and --require)"
finding() { # severity id: the first message of session 1 carries that finding
    good | sed "2s/\"findings\":\[\]/\"findings\":[{\"id\":\"$2\",\"severity\":\"$1\",\"message\":\"m\"}]/"
}
finding error x.y | expect 1 "an error finding"
finding error x.y | expect 0 "an error finding allowed" --allow-finding x.y
finding warn x.y | expect 0 "a warning"
finding warn x.y | expect 1 "a warning, with --no-warnings" --no-warnings
finding warn x.y | expect 0 "a warning allowed, with --no-warnings" --no-warnings --allow-finding x.y
finding note x.y | expect 0 "a note, with --no-warnings" --no-warnings
finding warn sequence.reply_late | expect 0 "a late reply, with --no-warnings" --no-warnings
finding error sequence.no_reply | expect 1 "no reply at all, with --no-warnings" --no-warnings

if [[ $fails -gt 0 ]]; then
    echo "FAIL: $fails case(s)"
    exit 1
fi
echo "PASS: check-strace.py tells matching from differing output"
