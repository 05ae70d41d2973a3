#!/usr/bin/env python3
"""make bench: what vhostsniff costs, side by side with the floor (issue 9).

Every figure is measured in this one run against its floor, the variants of
a figure alternate in order from one round to the next (so that neither
always runs on a warmer or quieter machine), and each is repeated: the table
gives the median and the range (min-max). The machine is shared (2 cores,
other jobs running): CPU time per operation (schedstat, rusage) is steadier
than wall time, and ratios mean more than absolute figures.

  1. round trips, without and with one fd: direct socketpair, a bare relay
     (bench/bare-relay: bytes and fds, nothing else) as a thread of the
     front-end's process and as a process, the exact floor (bench/bare-relay
     --exact: framed, fds placed exactly with peek + take, nothing recorded),
     the recording floor (--exact --record FILE: the exact floor keeping
     every message, its bytes, direction and time, in a pcapng file with the
     least work a recorder can do: what recording costs by itself),
     vhostsniff -q, -q -w FILE and -T json >/dev/null, and the direct
     socketpair with both peers traced by strace -f, what people use
     today to see the messages                          (bench/relay-bench rtt)
  1b. the round trips of the bare relay, the exact and recording floors and
     vhostsniff -w with everything on one CPU (taskset): no wake-up crosses
     CPUs, so a round trip is the work on its path, steady from run to run
  2. a one-way flood of 20-byte messages                (bench/relay-bench flood)
  3. offline decode, vhostsniff -r -T json vs tshark -T json with our plugin
  4. a real session: QEMU + qemu-storage-daemon vhost-user-blk, TCG guest
     boots until it has read its disk, direct vs through vhostsniff -q -w
  5. memory the UI holds per message at 1,000,000 messages (bench/tui-memory)
  6. the relay's CPU time per round trip, all threads (from 1.)
  8. --rings: the pipeline's CPU per ring snapshot, rings idle and with
     requests in flight                                  (bench/ring-bench)
  9. --kicks: the one-way time of a kick and of a call through the eventfd
     interposer, against a direct eventfd                (bench/kick-bench)
  10. --packets: the walker's rate recording 64-byte frames from a synthetic
      ring, without and with -w                           (bench/packet-bench)
  11. user-space instructions per flood message and per round trip of the
      exact and recording floors and vhostsniff -w (callgrind): exact counts,
      so that a change shows by itself on a shared machine

Environment: top_srcdir, top_builddir (set by make). Options: --quick (fewer,
shorter runs, to try the script), --results FILE (markdown written there),
--against BUILDDIR (another build, e.g. of the previous commit: its vhostsniff
-q -w joins the round trips and its -r -T json the decode, in the same rounds,
and the report gives this build's CPU over that one's; `make bench
BENCH_AGAINST=DIR` passes it).
"""
import argparse
import fcntl
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

SRC = os.path.abspath(os.environ.get("top_srcdir", os.path.join(os.path.dirname(__file__), "..")))
BUILD = os.path.abspath(os.environ.get("top_builddir", "."))
SNIFF = os.path.join(BUILD, "vhostsniff")
RELAY_BENCH = os.path.join(BUILD, "bench", "relay-bench")
BARE = os.path.join(BUILD, "bench", "bare-relay")
CAPTURE_GEN = os.path.join(BUILD, "bench", "capture-gen")
TUI_MEMORY = os.path.join(BUILD, "bench", "tui-memory")
RING_BENCH = os.path.join(BUILD, "bench", "ring-bench")
KICK_BENCH = os.path.join(BUILD, "bench", "kick-bench")
KICK_MODES = ("direct", "kick", "call")
PACKET_BENCH = os.path.join(BUILD, "bench", "packet-bench")
PLUGIN = os.path.join(BUILD, "plugins", ".libs", "vhostuser.so")
PEERS_LOCK = "/tmp/vhostsniff-peers.lock"
# --against: the vhostsniff of another build, measured beside this one
BASE_SNIFF = None

T_START = time.monotonic()


def log(msg):
    print("[bench %5.0f s] %s" % (time.monotonic() - T_START, msg), file=sys.stderr, flush=True)


def fail(msg):
    print("bench: " + msg, file=sys.stderr)
    sys.exit(1)


def stats(values):
    """median, min, max"""
    return statistics.median(values), min(values), max(values)


def fmt_range(values, unit="", scale=1.0, digits=1):
    med, lo, hi = stats([v * scale for v in values])
    f = "%%.%df" % digits
    return (f + "%s [" + f + "–" + f + "]") % (med, unit, lo, hi)


def alternate(items, round_no):
    return list(items) if round_no % 2 == 0 else list(reversed(items))


class Work:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="vhostsniff-bench.")
        os.chmod(self.dir, 0o755)

    def path(self, name):
        return os.path.join(self.dir, name)

    def clean(self):
        shutil.rmtree(self.dir, ignore_errors=True)


# ---- 1, 2, 6: relays ----------------------------------------------------------

def relay_variants(work):
    """name -> (description, argv tail for relay-bench)"""
    a, b = work.path("a.sock"), work.path("b.sock")
    cap = work.path("relay.pcapng")
    sniff = [SNIFF, "-l", a, "-c", b]
    return {
        "direct": ("socketpair, no relay", ["--via", "direct"]),
        "thread": ("bare relay, thread of the front-end's process", ["--via", "thread"]),
        "bare": ("bare relay process (bench/bare-relay)", ["--via", "exec", a, b, "--", BARE, a, b]),
        "exact": ("exact floor process (bench/bare-relay --exact)",
                  ["--via", "exec", a, b, "--", BARE, "--exact", a, b]),
        "record": ("recording floor process (bench/bare-relay --exact --record FILE)",
                   ["--via", "exec", a, b, "--", BARE, "--exact", "--record", work.path("floor.pcapng"), a, b]),
        "strace": ("socketpair, both peers traced by strace -f", ["--via", "direct"]),
        "q": ("vhostsniff -q", ["--via", "exec", a, b, "--"] + sniff[:1] + ["-q"] + sniff[1:]),
        "w": ("vhostsniff -q -w FILE", ["--via", "exec", a, b, "--"] + sniff[:1] + ["-q", "-w", cap] + sniff[1:]),
        "json": ("vhostsniff -T json >/dev/null",
                 ["--via", "exec", a, b, "--", "sh", "-c",
                  "exec \"$0\" -T json \"$@\" >/dev/null", SNIFF, "-l", a, "-c", b]),
        "w_base": ("vhostsniff -q -w FILE of --against's build",
                   ["--via", "exec", a, b, "--", BASE_SNIFF, "-q", "-w", cap, "-l", a, "-c", b]),
    }


def strace_prefix(work):
    """strace -f as one would run it on the peers to see their messages"""
    return ["strace", "-f", "-qq", "-xx", "-s", "4096", "-e", "trace=read,write,recvmsg,sendmsg",
            "-o", work.path("strace.out")]


def relay_run(mode, n, with_fd, tail, prefix=()):
    argv = list(prefix) + [RELAY_BENCH, mode, str(n)] + (["--fd"] if with_fd else []) + tail
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=300)
    m = re.search(r"wall_ns=([\d.]+) cpu_ns=([\d.]+)", p.stdout)
    if p.returncode != 0 or m is None:
        fail("%s failed (%d): %s %s" % (" ".join(argv), p.returncode, p.stdout, p.stderr))
    if "not decoded" in p.stderr:
        log("warning: vhostsniff dropped records: " + p.stderr.strip().splitlines()[-1])
    if "not recorded" in p.stderr:
        log("warning: the recording floor dropped messages: " + p.stderr.strip().splitlines()[-1])
    return float(m.group(1)), float(m.group(2)), p.stderr


def bench_round_trips(work, rounds, n):
    variants = relay_variants(work)
    names = ["direct", "thread", "bare", "exact", "record", "q", "w", "json"] + (["w_base"] if BASE_SNIFF else [])
    if shutil.which("strace") is not None:
        names.append("strace")
    else:
        log("round trips: strace is not installed; its row is left out")
    runs = {(v, fd): {"wall": [], "cpu": []} for v in names for fd in (False, True)}
    for r in range(rounds):
        for fd in alternate([False, True], r):
            for v in alternate(names, r):
                wall, cpu, _ = relay_run("rtt", n, fd, variants[v][1],
                                         strace_prefix(work) if v == "strace" else ())
                runs[(v, fd)]["wall"].append(wall)
                runs[(v, fd)]["cpu"].append(cpu)
        log("round trips: round %d/%d done" % (r + 1, rounds))
    return variants, runs


def one_cpu():
    """taskset prefix that puts a run and all its threads on the last CPU"""
    return ["taskset", "-c", str(max(os.sched_getaffinity(0)))]


def bench_round_trips_one_cpu(work, rounds, n):
    """1b: the same round trips with both peers and the relay on one CPU: no
    wake-up crosses CPUs, so a round trip is the sum of the work on its path,
    not the time an idle CPU takes to wake (tens of µs in a VM, and as
    varied)"""
    variants = relay_variants(work)
    names = ["bare", "exact", "record", "w"] + (["w_base"] if BASE_SNIFF else [])
    runs = {(v, fd): {"wall": [], "cpu": []} for v in names for fd in (False, True)}
    for r in range(rounds):
        for fd in alternate([False, True], r):
            for v in alternate(names, r):
                wall, cpu, _ = relay_run("rtt", n, fd, variants[v][1], one_cpu())
                runs[(v, fd)]["wall"].append(wall)
                runs[(v, fd)]["cpu"].append(cpu)
        log("round trips on one CPU: round %d/%d done" % (r + 1, rounds))
    return variants, runs


def callgrind_ir(work, mode, n, tail_cmd):
    """user-space instructions of the relay command in relay-bench MODE N (callgrind)"""
    a, b = work.path("a.sock"), work.path("b.sock")
    out = work.path("callgrind.out")
    m, fd = ("rtt", True) if mode == "rttfd" else (mode, False)
    relay_run(m, n, fd, ["--via", "exec", a, b, "--", "valgrind", "-q", "--tool=callgrind",
                         "--callgrind-out-file=" + out] + tail_cmd(a, b))
    with open(out) as f:
        for line in f:
            if line.startswith("summary:") or line.startswith("totals:"):
                return int(line.split()[1])
    fail("no totals in " + out)


def bench_instructions(work):
    """11: user-space instructions per message (flood) and per round trip
    (callgrind, all threads): exact, unlike times, so each change shows alone.
    The difference of two run lengths leaves out start-up and the end."""
    cap = work.path("ir.pcapng")
    tails = {
        "exact": lambda a, b: [BARE, "--exact", a, b],
        "record": lambda a, b: [BARE, "--exact", "--record", work.path("floor.pcapng"), a, b],
        "w": lambda a, b: [SNIFF, "-q", "-w", cap, "-l", a, "-c", b],
    }
    if BASE_SNIFF:
        tails["w_base"] = lambda a, b: [BASE_SNIFF, "-q", "-w", cap, "-l", a, "-c", b]
    res = {}
    for mode, (n1, n2) in (("flood", (4000, 12000)), ("rtt", (2000, 6000)), ("rttfd", (2000, 6000))):
        for v, tail in tails.items():
            res[(mode, v)] = (callgrind_ir(work, mode, n2, tail) - callgrind_ir(work, mode, n1, tail)) / (n2 - n1)
        log("instructions: %s done" % mode)
    return res


def bench_flood(work, rounds, n):
    variants = relay_variants(work)
    names = ["direct", "bare", "exact", "record", "q", "w"]
    runs = {v: {"wall": [], "cpu": []} for v in names}
    for r in range(rounds):
        for v in alternate(names, r):
            wall, cpu, _ = relay_run("flood", n, False, variants[v][1])
            runs[v]["wall"].append(wall)
            runs[v]["cpu"].append(cpu)
        log("flood: round %d/%d done" % (r + 1, rounds))
    return variants, runs


# ---- 3: offline decode ---------------------------------------------------------

def timed(argv, env=None, stdout=subprocess.DEVNULL):
    """wall s, CPU s (user + sys of the child)"""
    t0 = time.monotonic()
    p = subprocess.Popen(argv, env=env, stdout=stdout, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        fail("%s failed: %s" % (" ".join(argv), err[-500:]))
    return wall, ru.ru_utime + ru.ru_stime


def tshark_setup(work):
    """tshark loads the build tree's plugin (tests/test-capture-lib.sh does the same)."""
    if shutil.which("tshark") is None:
        fail("tshark is not installed (tools/install-deps.sh)")
    ver = re.search(r"TShark \(Wireshark\) (\d+\.\d+)", subprocess.run(
        ["tshark", "--version"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        text=True).stdout).group(1)
    plugdir = work.path("wsplugins")
    os.makedirs(os.path.join(plugdir, ver, "epan"))
    shutil.copy(PLUGIN, os.path.join(plugdir, ver, "epan", "vhostuser.so"))
    home = work.path("home")
    os.makedirs(home)
    os.chmod(home, 0o777)
    for d in (plugdir, os.path.join(plugdir, ver), os.path.join(plugdir, ver, "epan")):
        os.chmod(d, 0o755)
    pre = ["env", "HOME=" + home, "WIRESHARK_PLUGIN_DIR=" + plugdir]
    # as root tshark ignores WIRESHARK_PLUGIN_DIR (wireshark-facts §1): run it as nobody
    if os.getuid() == 0:
        pre = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + pre
    out = subprocess.run(pre + ["tshark", "-G", "plugins"], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True).stdout
    if "vhostuser.so" not in out:
        fail("tshark does not load the plugin from %s" % plugdir)
    return pre


def bench_decode(work, rounds, big_n, subset_n):
    pre = tshark_setup(work)
    big, sub = work.path("big.pcapng"), work.path("subset.pcapng")
    for path, n in ((big, big_n), (sub, subset_n)):
        subprocess.run([CAPTURE_GEN, path, str(n)], check=True, stdout=subprocess.DEVNULL)
        os.chmod(path, 0o644)
    log("decode: captures of %d and %d messages made" % (big_n, subset_n))
    res = {"sniff_big": [], "sniff_sub": [], "tshark_sub": []}
    if BASE_SNIFF:
        res["base_big"] = []
    tshark_rounds = max(1, rounds // 2)
    for r in range(rounds):
        order = ["sniff_big", "sniff_sub", "tshark_sub"] + (["base_big"] if BASE_SNIFF else [])
        for what in alternate(order, r):
            if what == "tshark_sub":
                if len(res["tshark_sub"]) >= tshark_rounds:
                    continue
                res[what].append(timed(pre + ["tshark", "-r", sub, "-T", "json"]))
            elif what == "base_big":
                res[what].append(timed([BASE_SNIFF, "-r", big, "-T", "json"]))
            else:
                res[what].append(timed([SNIFF, "-r", big if what == "sniff_big" else sub, "-T", "json"]))
        log("decode: round %d/%d done" % (r + 1, rounds))
    return res, os.path.getsize(big)


# ---- 4: a real session -----------------------------------------------------------

def wait_for(cond, secs, what):
    deadline = time.monotonic() + secs
    while not cond():
        if time.monotonic() > deadline:
            fail("timeout waiting for " + what)
        time.sleep(0.01)


def stop(p, sig=signal.SIGTERM):
    if p.poll() is None:
        p.send_signal(sig)
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def task_cpu_ns(pid):
    """CPU time of every thread of pid (schedstat, ns)"""
    total = 0
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/schedstat" % (pid, tid)) as f:
                total += int(f.read().split()[0])
        except OSError:
            pass
    return total


def session_once(work, guest, through, k):
    recipe = os.path.join(SRC, "tests", "lab", "blk-qsd.sh")
    wd = work.path("session-%d" % k)
    os.makedirs(wd)
    sock_b = os.path.join(wd, "b.sock")
    sock_a = os.path.join(wd, "a.sock") if through else sock_b
    env = dict(os.environ, GUEST_DIR=guest, VHLAB_ACCEL="tcg", TIMEOUT="120")
    logf = open(os.path.join(wd, "peers.log"), "w")
    qsd = subprocess.Popen([recipe, "backend", wd, sock_b], env=env, stdout=logf, stderr=logf)
    sniff = None
    try:
        wait_for(lambda: os.path.exists(sock_b) or qsd.poll() is not None, 30, "qemu-storage-daemon")
        if qsd.poll() is not None:
            fail("qemu-storage-daemon exited; see " + wd)
        if through:
            sniff = subprocess.Popen([SNIFF, "-q", "-w", os.path.join(wd, "s.pcapng"), "-l", sock_a,
                                      "-c", sock_b], stdout=logf, stderr=logf)
            wait_for(lambda: os.path.exists(sock_a), 10, "vhostsniff")
        console = os.path.join(wd, "console.log")
        t0 = time.monotonic()
        front = subprocess.Popen([recipe, "frontend", wd, sock_a], env=env,
                                 stdout=subprocess.PIPE, stderr=logf, text=True)
        t_read = None
        while front.poll() is None:
            if t_read is None and os.path.exists(console):
                with open(console, errors="replace") as f:
                    if "VHLAB-BLK-READ-OK" in f.read():
                        t_read = time.monotonic() - t0
            time.sleep(0.01)
        t_total = time.monotonic() - t0
        verdict = front.stdout.read()
        if front.returncode != 0 or "PASS" not in verdict or t_read is None:
            fail("the session failed (%s); logs in %s" % (verdict.strip(), wd))
        relay_cpu = task_cpu_ns(sniff.pid) if sniff is not None else 0
    finally:
        if sniff is not None:
            stop(sniff)
        stop(qsd)
        logf.close()
    if sniff is not None and sniff.returncode != 0:
        fail("vhostsniff exited with %d; see %s" % (sniff.returncode, wd))
    frames = 0
    if sniff is not None:
        out = subprocess.run([SNIFF, "-r", os.path.join(wd, "s.pcapng"), "-T", "json"],
                             stdout=subprocess.PIPE, text=True, check=True).stdout
        frames = sum(1 for line in out.splitlines() if '"request":' in line)
    shutil.rmtree(wd, ignore_errors=True)
    return t_read, t_total, relay_cpu, frames


def bench_session(work, rounds):
    for prog in ("qemu-system-x86_64", "qemu-storage-daemon"):
        if shutil.which(prog) is None:
            fail("%s is not installed (tools/install-deps.sh)" % prog)
    guest = work.path("guest")
    subprocess.run([os.path.join(SRC, "tests", "lab", "guest", "build-guest.sh"), guest],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    res = {"direct": [], "sniff": []}
    # one heavy peer run at a time on this machine (COMMON.md)
    lock = open(PEERS_LOCK, "a")
    t_wait = time.monotonic()
    fcntl.flock(lock, fcntl.LOCK_EX)
    waited = time.monotonic() - t_wait
    if waited > 1:
        log("session: waited %.0f s for %s" % (waited, PEERS_LOCK))
    try:
        k = 0
        for r in range(rounds):
            for what in alternate(["direct", "sniff"], r):
                res[what].append(session_once(work, guest, what == "sniff", k))
                k += 1
            log("session: round %d/%d done" % (r + 1, rounds))
    finally:
        fcntl.flock(lock, fcntl.LOCK_UN)
        lock.close()
    return res


# ---- 5: memory --------------------------------------------------------------------

def bench_memory(messages):
    out = subprocess.run([TUI_MEMORY, "--messages", str(messages)], stdout=subprocess.PIPE,
                         text=True, check=True).stdout
    m = re.search(r"([\d.]+) bytes per held message \(budget", out)
    total = re.search(r"total: ([\d.]+) bytes per held message", out)
    if m is None or total is None:
        fail("cannot read bench/tui-memory's output:\n" + out)
    return float(m.group(1)), float(total.group(1)), out


# ---- 8: --rings ------------------------------------------------------------------

RING_INFLIGHT = (0, 16, 64)


def bench_rings(rounds, ticks):
    """ns of CPU per snapshot, by requests in flight per ring, one value per round."""
    res = {n: [] for n in RING_INFLIGHT}
    for r in range(rounds):
        for n in alternate(list(RING_INFLIGHT), r):
            out = subprocess.run([RING_BENCH, "--inflight", str(n), "--ticks", str(ticks)],
                                 stdout=subprocess.PIPE, text=True, check=True).stdout
            m = re.search(r"([\d.]+) ns per snapshot", out)
            if m is None:
                fail("cannot read bench/ring-bench's output:\n" + out)
            res[n].append(float(m.group(1)))
    return res


def bench_kicks(rounds, n):
    """median one-way ns of n signals, by mode, one value per round."""
    res = {m: [] for m in KICK_MODES}
    for r in range(rounds):
        for mode in alternate(list(KICK_MODES), r):
            out = subprocess.run([KICK_BENCH, mode, str(n)],
                                 stdout=subprocess.PIPE, text=True, check=True).stdout.split()
            if len(out) != 4 or out[0] != mode:
                fail("cannot read bench/kick-bench's output: %r" % out)
            res[mode].append(float(out[1]))
    return res


# ---- 10: --packets ----------------------------------------------------------------

def bench_packets(work, rounds, frames):
    """frames per second of CPU, without and with -w, one value per round."""
    res = {"without": [], "with": []}
    for r in range(rounds):
        for how in alternate(["without", "with"], r):
            argv = [PACKET_BENCH, "--frames", str(frames)]
            if how == "with":
                argv += ["--write", work.path("packets.pcapng")]
            out = subprocess.run(argv, stdout=subprocess.PIPE, text=True, check=True).stdout
            m = re.search(r"([\d.]+) frames/s", out)
            if m is None:
                fail("cannot read bench/packet-bench's output:\n" + out)
            res[how].append(float(m.group(1)))
            if how == "with":
                os.unlink(work.path("packets.pcapng"))
    return res


# ---- the report ------------------------------------------------------------------

def machine():
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    commit = subprocess.run(["git", "-C", SRC, "describe", "--always", "--dirty"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout.strip()
    return {"nproc": os.cpu_count(), "cpu": model, "kernel": platform.release(), "load": load,
            "commit": commit or "?", "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def verdict(ok):
    return "met" if ok else "**missed**"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer, shorter runs")
    ap.add_argument("--results", help="write the markdown report here")
    ap.add_argument("--skip", default="",
                    help="comma-separated: rtt,rtt1,flood,instructions,decode,session,memory,rings,kicks,packets")
    ap.add_argument("--against", help="another build directory, measured beside this one")
    args = ap.parse_args()
    global BASE_SNIFF
    if args.against:
        BASE_SNIFF = os.path.join(os.path.abspath(args.against), "vhostsniff")
        if not os.access(BASE_SNIFF, os.X_OK):
            fail("--against: %s is not built" % BASE_SNIFF)
    skip = set(filter(None, args.skip.split(",")))
    q = args.quick
    cfg = {
        "rtt_rounds": 3 if q else 7, "rtt_n": 1000 if q else 5000,
        "rtt1_rounds": 3 if q else 7, "rtt1_n": 1000 if q else 5000,
        "flood_rounds": 3 if q else 5, "flood_n": 20000 if q else 100000,
        "decode_rounds": 2 if q else 4, "decode_big": 100000 if q else 1000000,
        "decode_subset": 20000 if q else 100000,
        "session_rounds": 1 if q else 7, "memory_n": 100000 if q else 1000000,
        "rings_rounds": 3 if q else 5, "rings_ticks": 2000 if q else 20000,
        "kicks_rounds": 3 if q else 7, "kicks_n": 5000 if q else 20000,
        "packets_rounds": 3 if q else 5, "packets_frames": 200000 if q else 1000000,
    }
    for prog in (SNIFF, RELAY_BENCH, BARE, CAPTURE_GEN, TUI_MEMORY, RING_BENCH, KICK_BENCH, PACKET_BENCH):
        if not os.access(prog, os.X_OK):
            fail("%s is not built (make bench builds it)" % prog)
    host = machine()
    work = Work()
    rows = []      # summary: figure, floor, vhostsniff, ratio, goal, verdict
    details = []   # markdown sections
    try:
        if "rtt" not in skip:
            log("round trips: %d rounds of %d" % (cfg["rtt_rounds"], cfg["rtt_n"]))
            variants, runs = bench_round_trips(work, cfg["rtt_rounds"], cfg["rtt_n"])
            lines = ["| relay | fd | round trip µs | relay CPU µs per round trip |", "|---|---|---|---|"]
            for (v, fd), rr in runs.items():
                lines.append("| %s | %s | %s | %s |" % (
                    variants[v][0], "1 eventfd" if fd else "none", fmt_range(rr["wall"], scale=1e-3),
                    fmt_range(rr["cpu"], scale=1e-3) if v not in ("direct", "strace") else "–"))
            med = {k: {m: statistics.median(x[m]) for m in x} for k, x in runs.items()}
            ratio_lines = []
            for fd in (False, True):
                tag = "with 1 fd" if fd else "no fd"
                w_bare = med[("w", fd)]["wall"] / med[("bare", fd)]["wall"]
                rows.append(("1. round trip %s: vhostsniff -w / bare relay" % tag,
                             "%.1f µs" % (med[("bare", fd)]["wall"] / 1e3),
                             "%.1f µs" % (med[("w", fd)]["wall"] / 1e3), "%.2fx" % w_bare,
                             "≤ 1.10x", verdict(w_bare <= 1.10)))
                w_exact = med[("w", fd)]["wall"] / med[("exact", fd)]["wall"]
                rows.append(("1. round trip %s: vhostsniff -w / exact floor" % tag,
                             "%.1f µs" % (med[("exact", fd)]["wall"] / 1e3),
                             "%.1f µs" % (med[("w", fd)]["wall"] / 1e3), "%.2fx" % w_exact,
                             "≤ 1.05x", verdict(w_exact <= 1.05)))
                w_record = med[("w", fd)]["wall"] / med[("record", fd)]["wall"]
                rows.append(("1. round trip %s: vhostsniff -w / recording floor" % tag,
                             "%.1f µs" % (med[("record", fd)]["wall"] / 1e3),
                             "%.1f µs" % (med[("w", fd)]["wall"] / 1e3), "%.2fx" % w_record, "–", "–"))
                if ("strace", fd) in med:
                    w_strace = med[("w", fd)]["wall"] / med[("strace", fd)]["wall"]
                    rows.append(("1. round trip %s: vhostsniff -w / both peers under strace -f" % tag,
                                 "%.1f µs" % (med[("strace", fd)]["wall"] / 1e3),
                                 "%.1f µs" % (med[("w", fd)]["wall"] / 1e3), "%.2fx" % w_strace,
                                 "–", "–"))
                ratio_lines.append("- exact floor, %s / bare relay: %.2fx round trip, %.2fx relay CPU "
                                   "(what exactness costs by itself)" % (
                                       tag, med[("exact", fd)]["wall"] / med[("bare", fd)]["wall"],
                                       med[("exact", fd)]["cpu"] / med[("bare", fd)]["cpu"]))
                ratio_lines.append("- recording floor, %s / exact floor: %.2fx round trip, %.2fx relay "
                                   "CPU (what keeping every message costs by itself)" % (
                                       tag, med[("record", fd)]["wall"] / med[("exact", fd)]["wall"],
                                       med[("record", fd)]["cpu"] / med[("exact", fd)]["cpu"]))
                for v in ("q", "json"):
                    ratio_lines.append("- %s, %s / bare relay: %.2fx" % (
                        variants[v][0], tag, med[(v, fd)]["wall"] / med[("bare", fd)]["wall"]))
                ratio_lines.append("- separate relay process / direct, %s: %.2fx; relay thread in the "
                                   "front-end's process / direct: %.2fx; vhostsniff -w / direct: %.2fx" % (
                                       tag, med[("bare", fd)]["wall"] / med[("direct", fd)]["wall"],
                                       med[("thread", fd)]["wall"] / med[("direct", fd)]["wall"],
                                       med[("w", fd)]["wall"] / med[("direct", fd)]["wall"]))
                cpu = med[("w", fd)]["cpu"] / med[("bare", fd)]["cpu"]
                goal = 1.6 if fd else 1.5
                rows.append(("6. relay CPU per round trip %s: vhostsniff -w / bare relay" % tag,
                             "%.1f µs" % (med[("bare", fd)]["cpu"] / 1e3),
                             "%.1f µs" % (med[("w", fd)]["cpu"] / 1e3), "%.2fx" % cpu,
                             "≤ %.1fx" % goal, verdict(cpu <= goal)))
                cpu = med[("w", fd)]["cpu"] / med[("exact", fd)]["cpu"]
                rows.append(("6. relay CPU per round trip %s: vhostsniff -w / exact floor" % tag,
                             "%.1f µs" % (med[("exact", fd)]["cpu"] / 1e3),
                             "%.1f µs" % (med[("w", fd)]["cpu"] / 1e3), "%.2fx" % cpu,
                             "≤ 1.05x", verdict(cpu <= 1.05)))
                cpu = med[("w", fd)]["cpu"] / med[("record", fd)]["cpu"]
                rows.append(("6. relay CPU per round trip %s: vhostsniff -w / recording floor" % tag,
                             "%.1f µs" % (med[("record", fd)]["cpu"] / 1e3),
                             "%.1f µs" % (med[("w", fd)]["cpu"] / 1e3), "%.2fx" % cpu, "–", "–"))
                if BASE_SNIFF:
                    base = med[("w", fd)]["cpu"] / med[("w_base", fd)]["cpu"]
                    rows.append(("7. relay CPU per round trip %s, -w: this build / --against's" % tag,
                                 "%.1f µs" % (med[("w_base", fd)]["cpu"] / 1e3),
                                 "%.1f µs" % (med[("w", fd)]["cpu"] / 1e3), "%.2fx" % base,
                                 "≤ 1.0x, within noise", verdict(base <= 1.05)))
            details.append(("1, 6. Round trips (%d rounds of %d round trips each, medians of the rounds "
                            "[min–max])" % (cfg["rtt_rounds"], cfg["rtt_n"]), lines + [""] + ratio_lines,
                            ["bench/relay-bench rtt %d [--fd] --via direct|thread" % cfg["rtt_n"],
                             "bench/relay-bench rtt %d [--fd] --via exec A B -- bench/bare-relay [--exact [--record FILE]] A B" % cfg["rtt_n"],
                             "bench/relay-bench rtt %d [--fd] --via exec A B -- vhostsniff -q [-w FILE] -l A -c B" % cfg["rtt_n"],
                             "bench/relay-bench rtt %d [--fd] --via exec A B -- sh -c 'exec vhostsniff -T json -l A -c B >/dev/null'" % cfg["rtt_n"],
                             "strace -f -qq -xx -s 4096 -e trace=read,write,recvmsg,sendmsg -o FILE "
                             "bench/relay-bench rtt %d [--fd] --via direct" % cfg["rtt_n"]]))
        if "rtt1" not in skip:
            log("round trips on one CPU: %d rounds of %d" % (cfg["rtt1_rounds"], cfg["rtt1_n"]))
            variants, runs = bench_round_trips_one_cpu(work, cfg["rtt1_rounds"], cfg["rtt1_n"])
            lines = ["| relay | fd | round trip µs | relay CPU µs per round trip |", "|---|---|---|---|"]
            for (v, fd), rr in runs.items():
                lines.append("| %s | %s | %s | %s |" % (
                    variants[v][0], "1 eventfd" if fd else "none", fmt_range(rr["wall"], scale=1e-3),
                    fmt_range(rr["cpu"], scale=1e-3)))
            med = {k: {m: statistics.median(x[m]) for m in x} for k, x in runs.items()}
            for fd in (False, True):
                tag = "with 1 fd" if fd else "no fd"
                for floor, name, goal in (("bare", "bare relay", 1.10), ("exact", "exact floor", 1.05)):
                    ratio = med[("w", fd)]["wall"] / med[(floor, fd)]["wall"]
                    rows.append(("1b. round trip on one CPU %s: vhostsniff -w / %s" % (tag, name),
                                 "%.1f µs" % (med[(floor, fd)]["wall"] / 1e3),
                                 "%.1f µs" % (med[("w", fd)]["wall"] / 1e3), "%.2fx" % ratio,
                                 "≤ %.2fx" % goal, verdict(ratio <= goal)))
                ratio = med[("w", fd)]["wall"] / med[("record", fd)]["wall"]
                rows.append(("1b. round trip on one CPU %s: vhostsniff -w / recording floor" % tag,
                             "%.1f µs" % (med[("record", fd)]["wall"] / 1e3),
                             "%.1f µs" % (med[("w", fd)]["wall"] / 1e3), "%.2fx" % ratio, "–", "–"))
                ratio = med[("record", fd)]["wall"] / med[("exact", fd)]["wall"]
                rows.append(("1b. round trip on one CPU %s: recording floor / exact floor" % tag,
                             "%.1f µs" % (med[("exact", fd)]["wall"] / 1e3),
                             "%.1f µs" % (med[("record", fd)]["wall"] / 1e3), "%.2fx" % ratio, "–", "–"))
                if BASE_SNIFF:
                    base = med[("w", fd)]["wall"] / med[("w_base", fd)]["wall"]
                    rows.append(("1b. round trip on one CPU %s, -w: this build / --against's" % tag,
                                 "%.1f µs" % (med[("w_base", fd)]["wall"] / 1e3),
                                 "%.1f µs" % (med[("w", fd)]["wall"] / 1e3), "%.2fx" % base,
                                 "≤ 1.0x, within noise", verdict(base <= 1.05)))
            details.append(("1b. Round trips on one CPU (%d rounds of %d round trips each, both peers "
                            "and the relay on CPU %s)" % (cfg["rtt1_rounds"], cfg["rtt1_n"], one_cpu()[-1]),
                            lines + ["", "Across CPUs a round trip waits for an idle CPU to wake, "
                                     "which in this VM takes tens of µs and varies as much: on one CPU "
                                     "it is the sum of the work on its path, so the ratios show what "
                                     "vhostsniff's work costs."],
                            ["taskset -c %s bench/relay-bench rtt %d [--fd] --via exec A B -- "
                             "bench/bare-relay [--exact [--record FILE]] A B" % (one_cpu()[-1], cfg["rtt1_n"]),
                             "taskset -c %s bench/relay-bench rtt %d [--fd] --via exec A B -- "
                             "vhostsniff -q -w FILE -l A -c B" % (one_cpu()[-1], cfg["rtt1_n"])]))
        if "instructions" not in skip:
            if shutil.which("valgrind") is None:
                log("instructions: valgrind is not installed; section left out")
            else:
                log("instructions: callgrind, 3 modes")
                ir = bench_instructions(work)
                names = [("exact", "exact floor (bench/bare-relay --exact)"),
                         ("record", "recording floor (bench/bare-relay --exact --record FILE)"),
                         ("w", "vhostsniff -q -w FILE")]
                if BASE_SNIFF:
                    names.append(("w_base", "vhostsniff -q -w FILE of --against's build"))
                lines = ["| relay | flood, per message | round trip, no fd | round trip, 1 eventfd |",
                         "|---|---|---|---|"]
                for v, desc in names:
                    lines.append("| %s | %.0f | %.0f | %.0f |" % (desc, ir[("flood", v)], ir[("rtt", v)],
                                                                 ir[("rttfd", v)]))
                for mode, what in (("flood", "per flood message"), ("rtt", "per round trip, no fd")):
                    rows.append(("11. user-space instructions %s: vhostsniff -w / exact floor" % what,
                                 "%.0f" % ir[(mode, "exact")], "%.0f" % ir[(mode, "w")],
                                 "%.1fx" % (ir[(mode, "w")] / ir[(mode, "exact")]), "–", "–"))
                    rows.append(("11. user-space instructions %s: vhostsniff -w / recording floor" % what,
                                 "%.0f" % ir[(mode, "record")], "%.0f" % ir[(mode, "w")],
                                 "%.1fx" % (ir[(mode, "w")] / ir[(mode, "record")]), "–", "–"))
                details.append(("11. User-space instructions (callgrind, all threads of the relay; "
                                "the difference of two run lengths)", lines,
                                ["bench/relay-bench flood|rtt N [--fd] --via exec A B -- valgrind "
                                 "--tool=callgrind RELAY... (N = 4000 and 12000 for the flood, 2000 and "
                                 "6000 for round trips)"]))
        if "flood" not in skip:
            log("flood: %d rounds of %d messages" % (cfg["flood_rounds"], cfg["flood_n"]))
            variants, runs = bench_flood(work, cfg["flood_rounds"], cfg["flood_n"])
            lines = ["| relay | messages/s | relay CPU ns per message |", "|---|---|---|"]
            for v, rr in runs.items():
                lines.append("| %s | %s | %s |" % (
                    variants[v][0], fmt_range([1e9 / x for x in rr["wall"]], scale=1e-3, unit="k", digits=0),
                    fmt_range(rr["cpu"], digits=0) if v != "direct" else "–"))
            rate = {v: 1e9 / statistics.median(rr["wall"]) for v, rr in runs.items()}
            cpu = {v: statistics.median(rr["cpu"]) for v, rr in runs.items()}
            ratio = rate["w"] / rate["bare"]
            rows.append(("2. flood of 20-byte messages: vhostsniff -w / bare relay",
                         "%.0fk msg/s" % (rate["bare"] / 1e3), "%.0fk msg/s" % (rate["w"] / 1e3),
                         "%.0f%%" % (ratio * 100), "≥ 90%", verdict(ratio >= 0.9)))
            ratio = rate["w"] / rate["exact"]
            rows.append(("2. flood of 20-byte messages: vhostsniff -w / exact floor",
                         "%.0fk msg/s" % (rate["exact"] / 1e3), "%.0fk msg/s" % (rate["w"] / 1e3),
                         "%.0f%%" % (ratio * 100), "≥ 95% (1.05x)", verdict(ratio >= 1 / 1.05)))
            ratio = rate["w"] / rate["record"]
            rows.append(("2. flood of 20-byte messages: vhostsniff -w / recording floor",
                         "%.0fk msg/s" % (rate["record"] / 1e3), "%.0fk msg/s" % (rate["w"] / 1e3),
                         "%.0f%%" % (ratio * 100), "–", "–"))
            ratio = rate["record"] / rate["exact"]
            rows.append(("2. flood of 20-byte messages: recording floor / exact floor",
                         "%.0fk msg/s" % (rate["exact"] / 1e3), "%.0fk msg/s" % (rate["record"] / 1e3),
                         "%.0f%%" % (ratio * 100), "–", "–"))
            details.append(("2. Flood (%d rounds of %d one-way 20-byte messages, one write each)" % (
                cfg["flood_rounds"], cfg["flood_n"]), lines + ["", "- relay CPU per message, vhostsniff -w / "
                                                                   "bare relay: %.1fx, / exact floor: %.1fx" % (
                                                                       cpu["w"] / cpu["bare"], cpu["w"] / cpu["exact"])],
                            ["bench/relay-bench flood %d --via direct" % cfg["flood_n"],
                             "bench/relay-bench flood %d --via exec A B -- bench/bare-relay [--exact [--record FILE]] A B" % cfg["flood_n"],
                             "bench/relay-bench flood %d --via exec A B -- vhostsniff -q [-w FILE] -l A -c B" % cfg["flood_n"]]))
        if "decode" not in skip:
            log("decode: %d rounds" % cfg["decode_rounds"])
            res, big_size = bench_decode(work, cfg["decode_rounds"], cfg["decode_big"], cfg["decode_subset"])
            cpu = {k: statistics.median([c for _, c in v]) for k, v in res.items()}
            wall = {k: statistics.median([w for w, _ in v]) for k, v in res.items()}
            ratio = cpu["tshark_sub"] / cpu["sniff_sub"]
            scaled = cpu["tshark_sub"] * cfg["decode_big"] / cfg["decode_subset"]
            rows.append(("3. offline decode to JSON: tshark / vhostsniff -r (CPU, same %dk messages)" % (
                cfg["decode_subset"] // 1000), "%.2f s" % cpu["tshark_sub"], "%.2f s" % cpu["sniff_sub"],
                "%.0fx" % ratio, "≥ 10x", verdict(ratio >= 10)))
            if BASE_SNIFF:
                base = cpu["sniff_big"] / cpu["base_big"]
                rows.append(("7. offline decode CPU, %dk messages: this build / --against's" % (
                    cfg["decode_big"] // 1000), "%.2f s" % cpu["base_big"], "%.2f s" % cpu["sniff_big"],
                    "%.2fx" % base, "≤ 1.0x, within noise", verdict(base <= 1.05)))
            lines = ["| decoder | capture | CPU s | wall s |", "|---|---|---|---|",
                     "| vhostsniff -r -T json | %d messages (%.0f MB) | %s | %s |" % (
                         cfg["decode_big"], big_size / 1e6, fmt_range([c for _, c in res["sniff_big"]], digits=2),
                         fmt_range([w for w, _ in res["sniff_big"]], digits=2)),
                     "| vhostsniff -r -T json | first %d messages | %s | %s |" % (
                         cfg["decode_subset"], fmt_range([c for _, c in res["sniff_sub"]], digits=2),
                         fmt_range([w for w, _ in res["sniff_sub"]], digits=2)),
                     "| tshark -T json + plugin | first %d messages | %s | %s |" % (
                         cfg["decode_subset"], fmt_range([c for _, c in res["tshark_sub"]], digits=2),
                         fmt_range([w for w, _ in res["tshark_sub"]], digits=2))]
            if BASE_SNIFF:
                lines.append("| vhostsniff -r -T json of %s | %d messages | %s | %s |" % (
                    args.against, cfg["decode_big"], fmt_range([c for _, c in res["base_big"]], digits=2),
                    fmt_range([w for w, _ in res["base_big"]], digits=2)))
            lines += ["",
                     "- tshark runs on the first %d messages only (one run takes about %.0f s here; %d messages "
                     "would take about %.0f s of the 10-minute budget): scaled linearly it would spend %.0f s CPU "
                     "on the %d, vhostsniff spent %.2f s there: %.0fx." % (
                         cfg["decode_subset"], wall["tshark_sub"], cfg["decode_big"],
                         wall["tshark_sub"] * cfg["decode_big"] / cfg["decode_subset"], scaled,
                         cfg["decode_big"], cpu["sniff_big"], scaled / cpu["sniff_big"])]
            details.append(("3. Offline decode (CPU = user + sys of the decoder; %d vhostsniff rounds, "
                            "%d tshark)" % (cfg["decode_rounds"], len(res["tshark_sub"])), lines,
                            ["bench/capture-gen BIG.pcapng %d; bench/capture-gen SUBSET.pcapng %d" % (
                                cfg["decode_big"], cfg["decode_subset"]),
                             "vhostsniff -r BIG.pcapng -T json >/dev/null",
                             "vhostsniff -r SUBSET.pcapng -T json >/dev/null",
                             "setpriv --reuid=65534 ... env WIRESHARK_PLUGIN_DIR=<build tree's plugin> "
                             "tshark -r SUBSET.pcapng -T json >/dev/null"]))
        if "session" not in skip:
            log("session: %d rounds of QEMU + qemu-storage-daemon" % cfg["session_rounds"])
            res = bench_session(work, cfg["session_rounds"])
            read = {k: statistics.median([x[0] for x in v]) for k, v in res.items()}
            fastest = {k: min([x[0] for x in v]) for k, v in res.items()}
            ratio = read["sniff"] / read["direct"]
            rows.append(("4. guest boot until it read its disk: through vhostsniff -w / direct",
                         "%.2f s" % read["direct"], "%.2f s" % read["sniff"], "%.3fx" % ratio, "≤ 1.02x",
                         verdict(ratio <= 1.02)))
            lines = ["| path | until the guest read its disk, s | whole run (boot, read, write, power off), s |",
                     "|---|---|---|"]
            for k, label in (("direct", "direct"), ("sniff", "through vhostsniff -q -w FILE")):
                lines.append("| %s | %s | %s |" % (label, fmt_range([x[0] for x in res[k]], digits=2),
                                                   fmt_range([x[1] for x in res[k]], digits=2)))
            lines += ["", "- fastest run through vhostsniff / fastest direct: %.3fx" % (
                fastest["sniff"] / fastest["direct"]),
                "- vhostsniff's own CPU time over a whole session (all threads, schedstat): %s ms for "
                "%s messages relayed: what it can add to a session is bounded by that and by the "
                "latency it adds to those messages' round trips (1.), not by the guest's boot, during "
                "which no message crosses the socket." % (
                    fmt_range([x[2] for x in res["sniff"]], scale=1e-6), fmt_range([x[3] for x in res["sniff"]], digits=0))]
            details.append(("4. Real session (%d rounds, TCG guest, QEMU vhost-user-blk-pci + "
                            "qemu-storage-daemon)" % cfg["session_rounds"], lines,
                            ["flock %s; tests/lab/blk-qsd.sh backend WD B" % PEERS_LOCK,
                             "[vhostsniff -q -w FILE -l A -c B]",
                             "VHLAB_ACCEL=tcg tests/lab/blk-qsd.sh frontend WD A|B  "
                             "(time until VHLAB-BLK-READ-OK on the console)"]))
        if "memory" not in skip:
            log("memory: bench/tui-memory --messages %d" % cfg["memory_n"])
            per, total, out = bench_memory(cfg["memory_n"])
            rows.append(("5. UI memory per held message at %d messages" % cfg["memory_n"], "–",
                         "%.0f B" % per, "–", "≤ 200 B", verdict(per <= 200)))
            details.append(("5. Memory (bench/tui-memory)", ["```"] + out.rstrip().splitlines() + ["```"],
                            ["bench/tui-memory --messages %d" % cfg["memory_n"]]))
        if "rings" not in skip:
            log("rings: %d rounds of %d looks at 4 rings" % (cfg["rings_rounds"], cfg["rings_ticks"]))
            res = bench_rings(cfg["rings_rounds"], cfg["rings_ticks"])
            lines = ["| requests in flight per ring | pipeline CPU ns per snapshot |", "|---|---|"]
            for n in RING_INFLIGHT:
                lines.append("| %d | %s |" % (n, fmt_range(res[n], digits=0)))
                rows.append(("8. --rings: pipeline CPU per ring snapshot, %d in flight" % n, "–",
                             "%.1f µs" % (statistics.median(res[n]) / 1e3), "–", "–", "–"))
            lines += ["", "- a snapshot reads the ring's indexes, walks the in-flight chains it "
                      "keeps (16 at most, 2 descriptors each here) with one pread each, and "
                      "compares with the previous look; at the default 100 ms interval that "
                      "is the figure x 10 per second per started ring; without --rings none "
                      "of this runs (the relay cost is measured in 1. and 6., and against "
                      "another build in 7.)"]
            details.append(("8. --rings: the pipeline's CPU per ring snapshot (%d rounds of %d looks "
                            "at 4 split rings of 256, CLOCK_THREAD_CPUTIME_ID)" % (
                                cfg["rings_rounds"], cfg["rings_ticks"]), lines,
                            ["bench/ring-bench --inflight 0|16|64 --ticks %d" % cfg["rings_ticks"]]))
        if "kicks" not in skip:
            log("kicks: %d rounds of %d signals, direct / kick / call" % (cfg["kicks_rounds"], cfg["kicks_n"]))
            res = bench_kicks(cfg["kicks_rounds"], cfg["kicks_n"])
            direct = statistics.median(res["direct"])
            lines = ["| path | one-way µs (median of the rounds' medians, min-max) | added over direct |",
                     "|---|---|---|"]
            lines.append("| direct eventfd | %s | – |" % fmt_range(res["direct"], scale=1e-3, digits=2))
            for mode in ("kick", "call"):
                added = [v - d for v, d in zip(res[mode], res["direct"])]
                lines.append("| %s through the interposer | %s | %s |" % (
                    mode, fmt_range(res[mode], scale=1e-3, digits=2),
                    fmt_range(added, scale=1e-3, digits=2)))
                med = statistics.median(res[mode]) - direct
                rows.append(("9. --kicks: added latency of a %s" % mode,
                             "%.2f µs" % (direct / 1e3), "%.2f µs" % (statistics.median(res[mode]) / 1e3),
                             "+%.2f µs" % (med / 1e3), "≤ 5 µs added", verdict(med <= 5000)))
            lines += ["", "- one-way: the writer takes the time and writes 1, the reader blocked in "
                      "read takes the time when it returns (one clock); through the interposer the "
                      "signal wakes its epoll thread, which reads one eventfd and writes the other, "
                      "then makes the notification record for a live pipeline"]
            details.append(("9. --kicks: a kick and a call through the eventfd interposer (%d rounds "
                            "of %d signals)" % (cfg["kicks_rounds"], cfg["kicks_n"]), lines,
                            ["bench/kick-bench direct|kick|call %d" % cfg["kicks_n"]]))
        if "packets" not in skip:
            log("packets: %d rounds of %d frames, without and with -w" % (
                cfg["packets_rounds"], cfg["packets_frames"]))
            res = bench_packets(work, cfg["packets_rounds"], cfg["packets_frames"])
            lines = ["| capture | frames/s (CPU of the walking thread) |", "|---|---|"]
            for how in ("without", "with"):
                med = statistics.median(res[how])
                lines.append("| %s -w | %s |" % (how, fmt_range(res[how], digits=0)))
                rows.append(("10. --packets: 64-byte frames recorded per second, %s -w" % how, "–",
                             "%.0f" % med, "–", "≥ 1,000,000", verdict(med >= 1e6)))
            lines += ["", "- each frame is two ring entries (made available, used), each a DATA "
                      "record through the session's request table and the sink; with -w the "
                      "capture writer also writes the frame as an Ethernet PDU; guest memory is "
                      "read with pread (the descriptor table once per walk, each buffer once)"]
            details.append(("10. --packets: the walker's rate (%d rounds of %d frames, a split ring of "
                            "256 driven by the bench as guest and back-end, 128 frames per walk, "
                            "CLOCK_THREAD_CPUTIME_ID)" % (cfg["packets_rounds"], cfg["packets_frames"]),
                            lines,
                            ["bench/packet-bench --frames %d [--write FILE]" % cfg["packets_frames"]]))
    finally:
        work.clean()

    elapsed = time.monotonic() - T_START
    with open("/proc/loadavg") as f:
        load_end = " ".join(f.read().split()[:3])
    table = ["| figure | floor | vhostsniff | ratio | goal | |", "|---|---|---|---|---|---|"]
    table += ["| %s | %s | %s | %s | %s | %s |" % r for r in rows]
    print("\n".join(table))
    print("\n(make bench: %.0f s; load %s at the start, %s at the end)" % (elapsed, host["load"], load_end))
    if args.results:
        md = ["# vhostsniff: make bench", "",
              "Generated by `make bench` (bench/bench.py%s); do not edit." % (
                  (" --quick" if q else "") + (" --skip " + args.skip if args.skip else "") +
                  (" --against " + args.against if args.against else "")), "",
              "Machine: %d CPUs, %s, Linux %s; load average %s at the start, %s at the end "
              "(shared with other jobs). Commit %s, %s. The whole run took %.0f s." % (
                  host["nproc"], host["cpu"], host["kernel"], host["load"], load_end, host["commit"],
                  host["date"], elapsed), "",
              "Ratios compare medians measured in this one run, alternating order round by round. "
              "CPU times come from /proc/PID/task/*/schedstat (relay, all threads) and from the "
              "children's rusage (decoders): they are steadier than wall time on a shared machine.", ""]
        md += table
        for title, lines, commands in details:
            md += ["", "## " + title, ""] + lines + ["", "Commands:", ""] + ["    " + c for c in commands]
        with open(args.results, "w") as f:
            f.write("\n".join(md) + "\n")
        log("wrote " + args.results)


if __name__ == "__main__":
    main()
