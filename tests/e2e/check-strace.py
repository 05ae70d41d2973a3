#!/usr/bin/env python3
"""Compare the messages vhostsniff printed with what the front-end really sent and
received.

vhostsniff's -T json output (one object per line) is checked against an strace of
the front-end process (QEMU or DPDK virtio-user), taken with

    strace -f -xx -s 65536 -e trace=sendmsg,recvmsg,sendto,recvfrom,read,write,
                                    readv,writev,connect,bind,accept,accept4,
                                    socketpair,close

The front-end's vhost-user socket is found by its path: a connect() to it (the
front-end is the client) or an accept() on a socket bound to it (the front-end
listens). Every connection is one session, in order. The back-end channel is the
end of a socketpair() that the front-end kept when it passed the other end with
SET_BACKEND_REQ_FD (request 21). The bytes the front-end moved on those fds are
framed into vhost-user messages (12-byte header: request, flags, size); the fds a
call carried belong to the message its first byte belongs to (the kernel hands fds
over with the bytes of the sendmsg that carried them).

For each session and channel, the two lists must be equal, in order: direction
(front = sent by the front-end, back = received by it), request, flags (so the reply
and need-reply bits), size and fd count. The JSON lines must also carry the keys the
relay promises (issue 4) and be consistent with themselves. Exit status 0 when
everything matches, 1 otherwise (the differences are printed).
"""

import argparse
import json
import os
import re
import sys

HEADER_SIZE = 12
FLAG_REPLY = 0x4
FLAG_NEED_REPLY = 0x8
REQ_SET_BACKEND_REQ_FD = 21

MESSAGE_KEYS = {
    "ts": (int, float),
    "session": int,
    "channel": str,
    "from": str,
    "request": int,
    "name": str,
    "flags": int,
    "reply": bool,
    "need_reply": bool,
    "size": int,
    "fds": int,
    "payload": dict,
    "malformed": bool,
    "findings": list,
}

# Warnings that say how long a peer took: a loaded machine draws them from a
# healthy peer (DPDK's ack of SET_MEM_TABLE took over 5 s beside other tests),
# and tests never assert timings.
TIMING_WARNINGS = {"sequence.reply_late"}

STRING_RE = re.compile(r'"((?:\\x[0-9a-f]{2})*)"(\.\.\.)?')
IOV_RE = re.compile(r'iov_base="((?:\\x[0-9a-f]{2})*)"(\.\.\.)?')
SCM_RE = re.compile(r"cmsg_type=SCM_RIGHTS(?:, cmsg_data=\[([0-9, ]*)\])?")
SUN_PATH_RE = re.compile(r'sun_path="((?:\\x[0-9a-f]{2}|[^"\\])*)"')
LINE_RE = re.compile(r"^(?:(\d+)\s+)?(?:\d\d:\d\d:\d\d(?:\.\d+)?\s+)?(.*)$")
RESUMED_RE = re.compile(r"^<\.\.\. (\w+) resumed>(.*)$")
CALL_RE = re.compile(r"^(\w+)\((.*)\)\s+=\s+(-?\d+|\?)(.*)$", re.S)


class Error(Exception):
    pass


def hex_string(text):
    return bytes.fromhex(text.replace("\\x", ""))


def strace_path(text):
    """sun_path as strace -xx prints it (all hex) or plain."""
    if text.startswith("\\x"):
        return hex_string(text).decode(errors="replace")
    return text


def strace_calls(path):
    """Yield (line number, name, args, ret, what follows ret) in completion order, joining
    '<unfinished ...>' with '<... NAME resumed>'."""
    pending = {}
    with open(path, errors="replace") as f:
        for lineno, raw in enumerate(f, 1):
            m = LINE_RE.match(raw.rstrip("\n"))
            pid, body = m.group(1) or "0", m.group(2)
            if body.startswith(("+++", "---")):
                continue
            if body.endswith("<unfinished ...>"):
                pending[pid] = body[: -len("<unfinished ...>")].rstrip()
                continue
            r = RESUMED_RE.match(body)
            if r:
                if pid not in pending:
                    raise Error(f"{path}:{lineno}: resumed call without start")
                body = pending.pop(pid) + r.group(2)
            c = CALL_RE.match(body)
            if not c:
                continue
            ret = int(c.group(3)) if c.group(3) != "?" else None
            yield lineno, c.group(1), c.group(2), ret, c.group(4)


class Stream:
    """The bytes one fd moved in one direction, with the calls that moved them."""

    def __init__(self):
        self.data = bytearray()
        self.calls = []  # (offset, call index, fd count)

    def add(self, data, nfds, index):
        self.calls.append((len(self.data), index, nfds))
        self.data += data

    def messages(self):
        """Frame into messages: (call index of the first byte, request, flags, size,
        fds). A trailing incomplete message is returned separately."""
        out, p, ci = [], 0, 0
        calls = self.calls
        while p + HEADER_SIZE <= len(self.data):
            req, flags, size = (int.from_bytes(self.data[p + i : p + i + 4], "little")
                                for i in (0, 4, 8))
            end = p + HEADER_SIZE + size
            if end > len(self.data):
                break
            while ci + 1 < len(calls) and calls[ci + 1][0] <= p:
                ci += 1
            first_call = calls[ci][1]
            nfds = sum(n for off, _, n in calls if p <= off < end)
            out.append((first_call, req, flags, size, nfds))
            p = end
        rest = len(self.data) - p
        return out, rest


class Conn:
    def __init__(self, session, channel, fd):
        self.session, self.channel, self.fd = session, channel, fd
        self.sent, self.received = Stream(), Stream()


def parse_strace(path, sock_path):
    """Return the list of connections (main and back-end channel) of the front-end."""
    sock_path = os.path.normpath(sock_path)
    conns = []
    open_conns = {}  # fd -> Conn
    listening = set()
    pairs = {}
    sessions = 0
    notes = []
    for index, (lineno, name, args, ret, tail) in enumerate(strace_calls(path)):
        fd_m = re.match(r"\s*(\d+)", args)
        fd = int(fd_m.group(1)) if fd_m else None
        if name == "connect":
            p = SUN_PATH_RE.search(args)
            if p and os.path.normpath(strace_path(p.group(1))) == sock_path and \
                    (ret == 0 or "EINPROGRESS" in tail):
                sessions += 1
                open_conns[fd] = Conn(sessions, "main", fd)
                conns.append(open_conns[fd])
            continue
        if name == "bind":
            p = SUN_PATH_RE.search(args)
            if ret == 0 and p and os.path.normpath(strace_path(p.group(1))) == sock_path:
                listening.add(fd)
            continue
        if name in ("accept", "accept4"):
            if fd in listening and ret is not None and ret >= 0:
                sessions += 1
                open_conns[ret] = Conn(sessions, "main", ret)
                conns.append(open_conns[ret])
            continue
        if name == "socketpair":
            m = re.search(r"\[(\d+), (\d+)\]", args)
            if ret == 0 and m:
                a, b = int(m.group(1)), int(m.group(2))
                pairs[a], pairs[b] = b, a
            continue
        if name == "close":
            if ret == 0:
                open_conns.pop(fd, None)
                listening.discard(fd)
                other = pairs.pop(fd, None)
                if other is not None:
                    pairs.pop(other, None)
            continue
        conn = open_conns.get(fd)
        if conn is None or ret is None or ret <= 0:
            continue
        if name in ("sendmsg", "recvmsg", "readv", "writev"):
            parts = IOV_RE.findall(args)
        else:
            parts = STRING_RE.findall(args)[:1]
        if any(trunc for _, trunc in parts):
            raise Error(f"{path}:{lineno}: data truncated by strace (-s too small)")
        data = b"".join(hex_string(s) for s, _ in parts)[:ret]
        if len(data) != ret:
            raise Error(f"{path}:{lineno}: {name} returned {ret} but shows {len(data)} bytes")
        if name in ("recvmsg", "recvfrom") and "MSG_PEEK" in args.rsplit("}", 1)[-1]:
            continue
        fds = []
        for m in SCM_RE.finditer(args):
            if m.group(1):
                fds += [int(x) for x in m.group(1).split(",") if x.strip()]
        if "MSG_CTRUNC" in args:
            notes.append(f"{path}:{lineno}: control data truncated (MSG_CTRUNC)")
        sending = name in ("sendmsg", "sendto", "write", "writev")
        stream = conn.sent if sending else conn.received
        if sending and conn.channel == "main" and fds:
            # SET_BACKEND_REQ_FD: the front-end keeps the other end of the pair
            before = len(stream.data)
            whole = stream.data + data
            if before + HEADER_SIZE <= len(whole) and \
                    int.from_bytes(whole[before : before + 4], "little") == REQ_SET_BACKEND_REQ_FD:
                kept = pairs.get(fds[0])
                if kept is not None:
                    bc = Conn(conn.session, "backend", kept)
                    open_conns[kept] = bc
                    conns.append(bc)
        stream.add(data, len(fds), index)
    return conns, sessions, notes


def strace_messages(conns):
    """{(session, channel): [(from, request, flags, size, fds), ...]} in call order."""
    out = {}
    problems = []
    for c in conns:
        sent, rest_s = c.sent.messages()
        received, rest_r = c.received.messages()
        if rest_s or rest_r:
            problems.append(f"strace: session {c.session} {c.channel}: incomplete message at "
                            f"the end ({rest_s} bytes sent, {rest_r} bytes received)")
        merged = [(m[0], "front", m[1:]) for m in sent] + [(m[0], "back", m[1:]) for m in received]
        merged.sort(key=lambda x: x[0])
        out.setdefault((c.session, c.channel), []).extend(
            (who,) + rest for _, who, rest in merged)
    return out, problems


def load_json(path, allow_malformed, findings=None):
    """Return ({(session, channel): [msg tuple]}, [session ids in order], events, problems).
    Every finding of a line is appended to findings as (session, what, finding object)."""
    msgs, order, events, problems = {}, [], {}, []
    if findings is None:
        findings = []
    with open(path, errors="replace") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as e:
                problems.append(f"{path}:{lineno}: not JSON ({e})")
                continue
            if not isinstance(obj, dict):
                problems.append(f"{path}:{lineno}: not an object")
                continue
            sess = obj.get("session")
            if not isinstance(sess, int) or isinstance(sess, bool):
                problems.append(f"{path}:{lineno}: no integer 'session'")
                continue
            if sess not in order:
                order.append(sess)
            for f in obj.get("findings", []) if isinstance(obj.get("findings"), list) else []:
                if isinstance(f, dict):
                    findings.append((sess, obj.get("name", obj.get("event", "?")), f))
                else:
                    problems.append(f"{path}:{lineno}: a finding is not an object: {f!r}")
            if "event" in obj:
                events.setdefault(sess, []).append(obj["event"])
                continue
            for key, typ in MESSAGE_KEYS.items():
                v = obj.get(key)
                if v is None or not isinstance(v, typ) or \
                        (typ in (int, (int, float)) and isinstance(v, bool)):
                    problems.append(f"{path}:{lineno}: key '{key}' missing or not {typ}")
            if any(p.startswith(f"{path}:{lineno}:") for p in problems):
                continue
            if obj["channel"] not in ("main", "backend"):
                problems.append(f"{path}:{lineno}: channel {obj['channel']!r}")
            if obj["from"] not in ("front", "back"):
                problems.append(f"{path}:{lineno}: from {obj['from']!r}")
            if obj["reply"] != bool(obj["flags"] & FLAG_REPLY):
                problems.append(f"{path}:{lineno}: reply={obj['reply']} but flags=0x{obj['flags']:x}")
            if obj["need_reply"] != bool(obj["flags"] & FLAG_NEED_REPLY):
                problems.append(f"{path}:{lineno}: need_reply={obj['need_reply']} "
                                f"but flags=0x{obj['flags']:x}")
            if obj["malformed"] and not allow_malformed:
                problems.append(f"{path}:{lineno}: a real peer's message marked malformed: "
                                f"{obj['name']} {obj['findings']}")
            msgs.setdefault((sess, obj["channel"]), []).append(
                (obj["from"], obj["request"], obj["flags"], obj["size"], obj["fds"]))
    return msgs, order, events, problems


def show(m):
    who, req, flags, size, fds = m
    s = f"{who:5} req={req:<2} flags=0x{flags:02x} size={size:<4} fds={fds}"
    return s + (" (reply)" if flags & FLAG_REPLY else "")


def compare(label, want, got):
    """Problems (list of strings) when the two message lists differ."""
    if want == got:
        return []
    n = next((i for i, (a, b) in enumerate(zip(want, got)) if a != b), min(len(want), len(got)))
    lines = [f"{label}: strace has {len(want)} messages, vhostsniff {len(got)}; "
             f"first difference at #{n}:"]
    for i in range(max(0, n - 3), min(max(len(want), len(got)), n + 4)):
        a = show(want[i]) if i < len(want) else "-"
        b = show(got[i]) if i < len(got) else "-"
        lines.append(f"  {'>' if i == n else ' '}#{i:<3} strace: {a:52} vhostsniff: {b}")
    return ["\n".join(lines)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--strace", required=True, help="strace file of the front-end")
    ap.add_argument("--json", required=True, help="vhostsniff -T json output")
    ap.add_argument("--socket", required=True,
                    help="the path the front-end connects to or listens on")
    ap.add_argument("--sessions", type=int, default=1, help="sessions expected (default 1)")
    ap.add_argument("--allow-malformed", action="store_true")
    ap.add_argument("--allow-finding", action="append", default=[], metavar="ID",
                    help="an error-severity finding this scenario provokes on purpose "
                         "(real peers otherwise produce none)")
    ap.add_argument("--no-warnings", action="store_true",
                    help="a warning fails too, as an error does: the scenario is a "
                         "healthy session, which draws notes at most (and the "
                         "warnings of timing, which the machine's load decides)")
    ap.add_argument("--require", action="append", default=[], metavar="N:REQ,REQ,...",
                    help="the N-th session's front-end requests on the main channel "
                         "include these, in this order (the session did real work)")
    a = ap.parse_args()

    try:
        conns, nsess, notes = parse_strace(a.strace, a.socket)
    except (Error, OSError) as e:
        print(f"check-strace: {e}")
        return 1
    want, problems = strace_messages(conns)
    findings = []
    got, order, events, jproblems = load_json(a.json, a.allow_malformed, findings)
    problems += jproblems
    # Real peers: no error-severity finding (with --no-warnings, no warning
    # either); the others are listed.
    failing = ("error", "warn") if a.no_warnings else ("error",)
    for sess, what, f in findings:
        line = (f"session {sess} {what}: {f.get('severity')} {f.get('id')}: "
                f"{f.get('message')}")
        timing = f.get("severity") == "warn" and f.get("id") in TIMING_WARNINGS
        if (f.get("severity") in failing and f.get("id") not in a.allow_finding
                and not timing):
            kind = "an error" if f.get("severity") == "error" else "a warning"
            problems.append(f"vhostsniff found {kind} in a real session: {line}")
        else:
            print(f"check-strace: finding: {line}")
    for n in notes:
        print(f"check-strace: note: {n}")

    if nsess != a.sessions:
        problems.append(f"strace: {nsess} connection(s) on {a.socket}, expected {a.sessions}")
    if len(order) != a.sessions:
        problems.append(f"vhostsniff: {len(order)} session(s) {order}, expected {a.sessions}")
    for k, sid in enumerate(order, 1):
        ev = events.get(sid, [])
        if "session_start" not in ev or "session_end" not in ev:
            problems.append(f"vhostsniff: session {sid}: events {ev}, "
                            "expected session_start and session_end")
        for channel in ("main", "backend"):
            w = want.get((k, channel), [])
            g = got.get((sid, channel), [])
            if channel == "main" and not w:
                problems.append(f"strace: session {k}: no vhost-user message on {a.socket}")
            problems += compare(f"session {sid} ({channel})", w, g)
            if w or g:
                print(f"check-strace: session {sid} {channel}: strace {len(w)} messages "
                      f"({sum(m[0] == 'front' for m in w)} sent, "
                      f"{sum(m[0] == 'back' for m in w)} received, "
                      f"{sum(m[4] for m in w)} fds), vhostsniff {len(g)}")
    for spec in a.require:
        n, _, reqs = spec.partition(":")
        wanted = [int(r) for r in reqs.split(",")]
        if int(n) > len(order):
            problems.append(f"--require {spec}: there is no session #{n}")
            continue
        sent = (m[1] for m in got.get((order[int(n) - 1], "main"), []) if m[0] == "front")
        missing = [r for r in wanted if not any(r == x for x in sent)]
        if missing:
            problems.append(f"session #{n}: the front-end requests {wanted} do not all appear "
                            f"in this order (missing from {missing[0]} on)")
    extra = sorted({s for s, _ in got} - set(order))
    if extra:
        problems.append(f"vhostsniff: messages for unknown sessions {extra}")

    for p in problems:
        print(f"check-strace: FAIL: {p}")
    if problems:
        return 1
    print(f"check-strace: OK: {len(order)} session(s), every message matches the front-end's strace")
    return 0


if __name__ == "__main__":
    sys.exit(main())
