#!/bin/bash
# vhostsniff -D against real peers: qemu-storage-daemon exporting vhost-user-blk
# (the back-end listens) with a QMP monitor socket beside it, QEMU with
# -chardev server=on for a vhost-user-blk-pci device (the front-end listens), a
# plain listening socket, and a client connected to the daemon's socket. -D must
# name the two vhost-user sockets with the pid of their owner, their role and
# the connected peer, and must not call the monitor or the plain socket
# vhost-user; -D -v lists those as not known; -T json says the same.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
source "$(dirname "$0")/lib.sh"
e2e_need qemu-system-x86_64 qemu-storage-daemon python3
e2e_setup
e2e_lab sockets
E2E_VERDICT="-D named the vhost-user sockets of qemu-storage-daemon and QEMU"
W=$E2E_WORK

truncate -s 1M "$W/disk.img"
lab_start qsd qemu-storage-daemon \
	--blockdev "driver=file,node-name=d0,filename=$W/disk.img" \
	--export "type=vhost-user-blk,id=e0,node-name=d0,addr.type=unix,addr.path=$W/blk.sock" \
	--chardev "socket,id=m0,path=$W/qmp.sock,server=on,wait=off" --monitor chardev=m0
# QEMU waits in its -chardev for the back-end to connect: listening, holding the
# socket, with its vhost-user device on the command line.
lab_start qemu qemu-system-x86_64 -nodefaults -no-user-config -display none -machine q35,accel=tcg \
	-object memory-backend-memfd,id=mem,size=64M,share=on -machine memory-backend=mem -m 64M \
	-chardev "socket,id=c0,path=$W/front.sock,server=on" \
	-device vhost-user-blk-pci,chardev=c0
lab_start plain python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(); time.sleep(120)' "$W/plain.sock"
lab_wait_socket "$W/blk.sock" 10 qsd || e2e_fail "qemu-storage-daemon did not listen"
lab_wait_socket "$W/front.sock" 20 qemu || e2e_fail "QEMU did not listen"
lab_wait_socket "$W/plain.sock" 10 plain || e2e_fail "the plain socket did not listen"
lab_start client python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); print("connected", flush=True); time.sleep(120)' "$W/blk.sock"
qsd=$(lab_pid qsd) qemu=$(lab_pid qemu) client=$(lab_pid client)
# What is read below is what is waited for: the daemon's accepted connection,
# with the client at its other end, as -D itself sees it.
for ((i = 0; i < 100; i++)); do
	"$VHOSTSNIFF" -D -T json | grep -q "\"path\":\"$W/blk.sock\".*\"peers\":\[{\"pid\":$client," && break
	sleep 0.1
done

"$VHOSTSNIFF" -D >"$W/list.txt" 2>&1 || e2e_fail "vhostsniff -D failed: $(cat "$W/list.txt")"
"$VHOSTSNIFF" -D -v >"$W/list-v.txt" 2>&1 || e2e_fail "vhostsniff -D -v failed"
"$VHOSTSNIFF" -D -v -T json >"$W/list.json" 2>&1 || e2e_fail "vhostsniff -D -T json failed"
e2e_log "vhostsniff -D:"; cat "$W/list.txt" >&2

# The text: the entry of a path is its first line up to the next numbered one.
entry() { awk -v p="$2" '/^[0-9]+\. / { on = ($2 == p) } on' "$1"; }
blk=$(entry "$W/list.txt" "$W/blk.sock")
grep -q "^[0-9]*\. $W/blk.sock  vhost-user back-end\$" <<<"$blk" ||
	e2e_fail "the daemon's socket is not a vhost-user back-end: $blk"
grep -q "listener: pid $qsd qemu-storage-daemon" <<<"$blk" || e2e_fail "the daemon's pid $qsd is not its listener: $blk"
grep -q "connected: pid $client " <<<"$blk" || e2e_fail "the client $client is not its connected peer: $blk"
grep -q "sit on it: vhostsniff --wrap $W/blk.sock  (in place)" <<<"$blk" && grep -q "^ *vhostsniff -l NEW.sock -c $W/blk.sock" <<<"$blk" || e2e_fail "no way to sit on the daemon's socket: $blk"
front=$(entry "$W/list.txt" "$W/front.sock")
grep -q "^[0-9]*\. $W/front.sock  vhost-user front-end\$" <<<"$front" ||
	e2e_fail "QEMU's server=on socket is not a vhost-user front-end: $front"
grep -q "listener: pid $qemu qemu-system-x86_64" <<<"$front" || e2e_fail "QEMU's pid $qemu is not its listener: $front"
grep -q "vhost-user-blk-pci,chardev=c0" <<<"$front" || e2e_fail "the reason does not name QEMU's device: $front"
grep -q "sit on it: vhostsniff --wrap $W/front.sock  (in place)" <<<"$front" && grep -q "^ *vhostsniff --front-connect $W/front.sock --back-listen NEW.sock" <<<"$front" ||
	e2e_fail "no way to sit on QEMU's socket: $front"
# The monitor and the plain socket are not vhost-user: left out, counted.
! grep -q "$W/qmp.sock\|$W/plain.sock" "$W/list.txt" || e2e_fail "-D lists a socket that is not vhost-user"
grep -q "other listening UNIX sockets\? not known to be vhost-user (-D -v lists them)" "$W/list.txt" ||
	e2e_fail "-D does not count the other sockets"
for p in qmp plain; do
	grep -q "^[0-9]*\. $W/$p.sock  not known to be vhost-user\$" "$W/list-v.txt" ||
		e2e_fail "-D -v does not list $p.sock as not known: $(cat "$W/list-v.txt")"
done
grep -q "not for a vhost-user device" <<<"$(entry "$W/list-v.txt" "$W/qmp.sock")" ||
	e2e_fail "-D -v does not say why the monitor is not vhost-user"

# JSON: the same facts
python3 - "$W/list.json" "$W" "$qsd" "$qemu" "$client" <<'PY' || e2e_fail "-D -T json disagrees"
import json, sys
path, w, qsd, qemu, client = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
by = {e["path"]: e for e in map(json.loads, open(path))}
def want(cond, what):
    if not cond:
        print("json: " + what + ": " + json.dumps(by, indent=1)); sys.exit(1)
b, f = by[w + "/blk.sock"], by[w + "/front.sock"]
want(b["vhost_user"] == "yes" and b["role"] == "back-end" and b["listener"]["pid"] == qsd, "blk.sock")
want(b["connections"] == 1 and [p["pid"] for p in b["peers"]] == [client], "blk.sock's peer")
want(f["vhost_user"] == "yes" and f["role"] == "front-end" and f["listener"]["pid"] == qemu, "front.sock")
for p in ("qmp", "plain"):
    want(by[w + "/" + p + ".sock"]["vhost_user"] == "unknown", p + ".sock")
PY
# -D takes no relay options
"$VHOSTSNIFF" -D -l "$W/x.sock" -c "$W/blk.sock" 2>"$W/usage.txt" && e2e_fail "-D with -l/-c was accepted"
grep -q -- "-D lists the sockets of this host" "$W/usage.txt" || e2e_fail "unclear usage error: $(cat "$W/usage.txt")"
# the peers go before e2e_pass removes the work directory with their pid files
lab_cleanup
e2e_pass
