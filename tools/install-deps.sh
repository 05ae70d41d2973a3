#!/bin/bash
# Install every Debian (bookworm) package that vhostsniff's build, its tests and the
# demo need. Run as root. Idempotent and quiet: when everything is installed it
# returns at once without touching apt.
#
#   build      build-essential autoconf automake libtool pkg-config git
#              libglib2.0-dev libpcap-dev libncurses-dev (glib, libpcap, ncursesw)
#              wireshark-dev libwireshark-dev tshark (the Wireshark plugin; tshark
#              reads captures back in the tests)
#   fuzzing    clang libclang-rt-14-dev (libFuzzer, ASan, UBSan runtimes) llvm
#   installs   bash-completion (the completion's directory; tests/test-completion.sh)
#              debhelper (dh, dh-autoreconf) lintian (dpkg-buildpackage -b and
#              tests/test-package.sh; dpkg-dev and fakeroot come with build-essential)
#   tests      tmux (UI tests) python3 (tests/e2e/check-strace.py) strace valgrind
#              util-linux (flock) procps file
#   peers      qemu-system-x86 (front-end), qemu-system-common (qemu-storage-daemon,
#              virtiofsd), qemu-system-gui (vhost-user-gpu), qemu-utils
#              qemu-block-extra, dpdk dpdk-dev (dpdk-testpmd) and the PMDs it loads
#              (librte-net-vhost23 librte-net-virtio23 librte-mempool-ring23),
#              linux-image-amd64 busybox-static kmod cpio gzip xz-utils zstd (the
#              test guest, tests/lab/guest), socat (QEMU monitor access)
set -euo pipefail

PKGS=(
    build-essential autoconf automake libtool pkg-config git
    libglib2.0-dev libpcap-dev libncurses-dev
    wireshark-dev libwireshark-dev tshark
    clang libclang-rt-14-dev llvm
    bash-completion debhelper lintian
    tmux python3 strace valgrind util-linux procps file coreutils
    qemu-system-x86 qemu-system-common qemu-system-gui qemu-utils qemu-block-extra
    dpdk dpdk-dev librte-net-vhost23 librte-net-virtio23 librte-mempool-ring23
    linux-image-amd64 busybox-static kmod cpio gzip xz-utils zstd socat
)

# The programs the build and the tests call: checked after installing, so that a
# package that changed its contents is noticed here and not in the middle of a test.
PROGRAMS=(gcc make autoreconf libtoolize pkg-config clang tshark tmux python3 strace valgrind flock
    dh dpkg-buildpackage lintian
    qemu-system-x86_64 qemu-storage-daemon /usr/lib/qemu/virtiofsd dpdk-testpmd
    busybox modprobe cpio socat)

[[ $(id -u) -eq 0 ]] || { echo "install-deps: run as root" >&2; exit 1; }

# one dpkg-query for all: the packages it reports as installed, the rest is missing
declare -A have=()
while read -r name status; do
    [[ $status == "install ok installed" ]] && have[${name%%:*}]=1
done < <(dpkg-query -W -f='${Package} ${Status}\n' "${PKGS[@]}" 2>/dev/null || true)
missing=()
for p in "${PKGS[@]}"; do
    [[ -n ${have[$p]:-} ]] || missing+=("$p")
done

if [[ ${#missing[@]} -gt 0 ]]; then
    echo "install-deps: installing ${#missing[@]} package(s): ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # tshark asks whether non-root users may capture; answer no, without a prompt.
    echo 'wireshark-common wireshark-common/install-setuid boolean false' | debconf-set-selections
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=900 \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        "${missing[@]}" >/tmp/install-deps.log 2>&1 ||
        { tail -n 30 /tmp/install-deps.log >&2; echo "install-deps: apt-get failed" >&2; exit 1; }
fi

for b in "${PROGRAMS[@]}"; do
    command -v "$b" >/dev/null 2>&1 || [[ -x $b ]] ||
        { echo "install-deps: $b is still missing" >&2; exit 1; }
done
echo "install-deps: all ${#PKGS[@]} packages present"
