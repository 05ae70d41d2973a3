#!/bin/bash
# The Debian packages, as a user gets them: dpkg-buildpackage -us -uc -b in a copy
# of the distributed tree (make distdir), lintian on what it built (an error
# fails, warnings are printed), both packages installed on this machine with apt,
# tshark lists the packaged plugin and the packaged extcap's interface and
# decodes a capture with it, the packaged extcap offers the device types the
# packaged vhostsniff names, and both packages are purged again.
# Root, a few minutes, and it installs packages: only with --enable-package-test.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
source "$(dirname "$0")/test-capture-lib.sh"
[[ $(id -u) -eq 0 ]] || cap_skip "needs root, to install the packages"
cap_need dpkg-buildpackage dpkg-parsechangelog lintian apt-get tshark
PACKAGES=(vhostsniff vhostsniff-wireshark-plugin)
for p in "${PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q ' installed$' &&
		cap_fail "$p is installed already: this test would purge it"
done

CAP_WORK=$(mktemp -d "${TMPDIR:-/tmp}/$CAP_NAME.XXXXXX")
version=$(sed -n 's/^PACKAGE_VERSION = //p' "$CAP_BUILDDIR/Makefile")
src=$CAP_WORK/vhostsniff-$version
make -s -C "$CAP_BUILDDIR" distdir distdir="$src" >"$CAP_WORK/distdir.log" 2>&1 ||
	{ tail -n 20 "$CAP_WORK/distdir.log"; cap_fail "make distdir failed"; }
changelog=$(dpkg-parsechangelog -l "$src/debian/changelog" -SVersion)
[[ $changelog == "$version" ]] || cap_fail "debian/changelog is at $changelog, configure.ac at $version"

# ---- build and lint ---------------------------------------------------------------------
cap_log "dpkg-buildpackage -us -uc -b"
start=$SECONDS
# in an environment of its own: make check's (MAKEFLAGS with TESTS=..., the test
# variables) would reach the package's own make check. DEB_BUILD_OPTIONS=nocheck
# skips that make check (the package's build and contents are still checked).
(cd "$src" && env -i PATH="$PATH" HOME="$HOME" LANG=C.UTF-8 ${CI:+CI="$CI"} \
	${DEB_BUILD_OPTIONS:+DEB_BUILD_OPTIONS="$DEB_BUILD_OPTIONS"} \
	dpkg-buildpackage -us -uc -b) >"$CAP_WORK/build.log" 2>&1 ||
	{ tail -n 40 "$CAP_WORK/build.log"; cap_fail "dpkg-buildpackage failed"; }
cap_log "built in $((SECONDS - start)) s"
arch=$(dpkg --print-architecture)
changes=$CAP_WORK/vhostsniff_${version}_$arch.changes
[[ -f $changes ]] || cap_fail "no $changes"
lrc=0
lintian "$changes" >"$CAP_WORK/lintian.txt" 2>&1 || lrc=$?
grep -E '^[EW]: ' "$CAP_WORK/lintian.txt" >&2 || true
grep -q '^E: ' "$CAP_WORK/lintian.txt" && cap_fail "lintian reports errors"
[[ $lrc == 0 ]] || { cat "$CAP_WORK/lintian.txt"; cap_fail "lintian failed (exit $lrc)"; }

# ---- what is in them -----------------------------------------------------------------------
deb=$CAP_WORK/vhostsniff_${version}_$arch.deb
plugin_deb=$CAP_WORK/vhostsniff-wireshark-plugin_${version}_$arch.deb
plugindir=$(pkg-config --variable=plugindir wireshark)
extcapdir=${plugindir%/plugins/*}/extcap
dpkg-deb -c "$deb" | awk '{ print $6 }' >"$CAP_WORK/contents.txt"
dpkg-deb -c "$plugin_deb" | awk '{ print $6 }' >"$CAP_WORK/plugin-contents.txt"
for f in /usr/bin/vhostsniff /usr/share/man/man1/vhostsniff.1.gz \
	/usr/share/bash-completion/completions/vhostsniff "$extcapdir/vhostsniff-extcap"; do
	grep -qxF ".$f" "$CAP_WORK/contents.txt" || cap_fail "vhostsniff has no $f"
done
grep -qxF ".$plugindir/epan/vhostuser.so" "$CAP_WORK/plugin-contents.txt" ||
	cap_fail "the plugin package has no $plugindir/epan/vhostuser.so"
grep -q 'vhostuser\.la$' "$CAP_WORK/plugin-contents.txt" && cap_fail "the plugin package ships libtool's .la"
# tied to the libwireshark it was built against
libws=$(dpkg-query -S "$(readlink -f "$(pkg-config --variable=libdir wireshark)/libwireshark.so")" | cut -d: -f1)
depends=$(dpkg-deb -f "$plugin_deb" Depends)
[[ $depends == *"$libws (<< "* ]] || cap_fail "the plugin does not depend on this release of $libws: $depends"
cap_log "the plugin depends on: $depends"

# ---- installed, used, purged ------------------------------------------------------------------
trap 'apt-get purge -y -qq "${PACKAGES[@]}" >/dev/null 2>&1 || true' EXIT
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" "$plugin_deb" \
	>"$CAP_WORK/install.log" 2>&1 || { tail -n 20 "$CAP_WORK/install.log"; cap_fail "apt-get install failed"; }
/usr/bin/vhostsniff --version >/dev/null || cap_fail "the installed vhostsniff does not run"
# root's tshark reads only the system directories: the packaged plugin or none
tshark -G plugins 2>/dev/null >"$CAP_WORK/plugins.txt"
grep -qE "^vhostuser\.so.*[[:space:]]$plugindir/epan/vhostuser\.so$" "$CAP_WORK/plugins.txt" ||
	cap_fail "tshark does not list the packaged plugin: $(grep vhost "$CAP_WORK/plugins.txt" || echo none)"
tshark -D 2>/dev/null | grep -q '^[0-9]*\. vhostuser (vhost-user relay (vhostsniff))$' ||
	cap_fail "tshark -D does not list the packaged extcap's interface"
"$extcapdir/vhostsniff-extcap" --extcap-config --extcap-interface vhostuser >"$CAP_WORK/config.txt" 2>&1 ||
	cap_fail "the packaged extcap's --extcap-config failed: $(cat "$CAP_WORK/config.txt")"
grep -q '^value {arg=[0-9]*}{value=blk}' "$CAP_WORK/config.txt" ||
	cap_fail "the packaged extcap does not offer the device types of the packaged vhostsniff"
capture=$(find "$CAP_SRCDIR/tests/corpus-pcapng" -name '*.pcapng' | sort | head -n 1)
frames=$(tshark -r "$capture" -Y vhostuser.request 2>/dev/null | wc -l)
[[ $frames -gt 0 ]] || cap_fail "the packaged plugin decodes no vhostuser.request in $capture"
cap_log "tshark -G plugins: $(grep vhostuser "$CAP_WORK/plugins.txt" | tr -s '\t ' ' ')"
apt-get purge -y -qq "${PACKAGES[@]}" >"$CAP_WORK/purge.log" 2>&1 || { cat "$CAP_WORK/purge.log"; cap_fail "apt-get purge failed"; }
tshark -G plugins 2>/dev/null | grep -q vhostuser && cap_fail "tshark still lists the plugin after the purge"
[[ ! -e /usr/bin/vhostsniff && ! -e $extcapdir/vhostsniff-extcap ]] || cap_fail "files left after the purge"
cap_pass "built in $((SECONDS - start)) s from start to purge; lintian: $(grep -c '^E: ' "$CAP_WORK/lintian.txt") errors, $(grep -c '^W: ' "$CAP_WORK/lintian.txt") warnings"
