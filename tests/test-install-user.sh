#!/bin/bash
# A personal install, as a user would make it: a throwaway user (useradd) builds a
# copy of the distributed tree (make distdir) with
#   ./configure --prefix=$HOME/.local && make && make install
# and then that user's tshark lists the plugin (tshark -G plugins) and the
# extcap's interface (tshark -D) from the personal folders, the extcap offers
# the device types the user's vhostsniff names, bash-completion finds
# the completion, and make uninstall takes it all away again. As root, the same
# prefix still puts the plugin and the extcap in Wireshark's own directories.
# Root only: it adds the user, and removes it with its home at the end.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
source "$(dirname "$0")/test-capture-lib.sh"
[[ $(id -u) -eq 0 ]] || cap_skip "needs root, to add a throwaway user"
cap_need useradd userdel setpriv tshark make cc
BASH_COMPLETION=/usr/share/bash-completion/bash_completion
[[ -f $BASH_COMPLETION ]] || cap_skip "bash-completion is not installed (run tools/install-deps.sh)"

CAP_WORK=$(mktemp -d "${TMPDIR:-/tmp}/$CAP_NAME.XXXXXX")
chmod 755 "$CAP_WORK"
user=vhostsniff-test-$$
home=$CAP_WORK/home
src=$home/vhostsniff
useradd --create-home --home-dir "$home" --shell /bin/bash --user-group "$user" ||
	cap_fail "useradd $user failed"
trap 'userdel --remove "$user" 2>/dev/null' EXIT

# as_user CMD...: CMD as the user, in a login-like environment of its own
as_user() {
	setpriv --reuid="$user" --regid="$user" --init-groups \
		env -i HOME="$home" USER="$user" LOGNAME="$user" SHELL=/bin/bash LANG=C.UTF-8 \
		PATH="$home/.local/bin:/usr/local/bin:/usr/bin:/bin" "$@"
}

# the tree as `make dist` would ship it
make -s -C "$CAP_BUILDDIR" distdir distdir="$src" >"$CAP_WORK/distdir.log" 2>&1 ||
	{ tail -n 20 "$CAP_WORK/distdir.log"; cap_fail "make distdir failed"; }

# as root, --prefix=$HOME/.local changes nothing: Wireshark's own directories
mkdir "$CAP_WORK/root-build"
(cd "$CAP_WORK/root-build" && "$src/configure" --prefix="$HOME/.local") >"$CAP_WORK/root-configure.log" 2>&1 ||
	{ tail -n 20 "$CAP_WORK/root-configure.log"; cap_fail "configure as root failed"; }
system=$(pkg-config --variable=plugindir wireshark)
grep -qxF "configure: the Wireshark plugin goes to $system/epan, the extcap to ${system%/plugins/*}/extcap" \
	"$CAP_WORK/root-configure.log" || cap_fail "as root: $(grep 'plugin goes' "$CAP_WORK/root-configure.log")"

# ---- the personal install ------------------------------------------------------------
chown -R "$user:$user" "$src"
cap_log "building as $user (configure --prefix=\$HOME/.local, make, make install)"
as_user bash -c 'cd ~/vhostsniff && ./configure --prefix="$HOME/.local" && nice -n 10 make -j2 && make install' \
	>"$CAP_WORK/build.log" 2>&1 || { tail -n 30 "$CAP_WORK/build.log"; cap_fail "the personal install failed"; }
cap_log "installed"
as_user tshark -G folders >"$CAP_WORK/folders.txt" 2>&1 || cap_fail "tshark -G folders failed"
personal=$(sed -n 's/^Personal Plugins:[[:space:]]*//p' "$CAP_WORK/folders.txt")
[[ $personal == "$home"/* ]] || cap_fail "no personal plugin folder: $(cat "$CAP_WORK/folders.txt")"
[[ -f $personal/epan/vhostuser.so ]] || cap_fail "no vhostuser.so in $personal/epan"
as_user tshark -G plugins >"$CAP_WORK/plugins.txt" 2>&1 || cap_fail "tshark -G plugins failed"
grep -qE "^vhostuser\.so.*[[:space:]]$personal/epan/vhostuser\.so$" "$CAP_WORK/plugins.txt" ||
	cap_fail "the user's tshark does not load the plugin: $(grep vhost "$CAP_WORK/plugins.txt" || echo none)"
as_user tshark -D >"$CAP_WORK/D.txt" 2>&1 || cap_fail "tshark -D failed"
grep -q '^[0-9]*\. vhostuser (vhost-user relay (vhostsniff))$' "$CAP_WORK/D.txt" ||
	{ cat "$CAP_WORK/D.txt"; cap_fail "the user's tshark -D does not list the vhostuser interface"; }
extcap=$(find "$home/.local" "$home/.config" -name vhostsniff-extcap -type f)
[[ $(wc -l <<<"$extcap") == 1 && -x $extcap ]] || cap_fail "the extcap is not installed once: [$extcap]"
grep -qF "$home/.local/bin/vhostsniff" "$extcap" || cap_fail "the extcap does not run the user's vhostsniff"
# its device types are those the user's vhostsniff names
as_user "$extcap" --extcap-config --extcap-interface vhostuser >"$CAP_WORK/config.txt" 2>&1 ||
	cap_fail "the extcap's --extcap-config failed: $(cat "$CAP_WORK/config.txt")"
grep -q '^value {arg=[0-9]*}{value=blk}' "$CAP_WORK/config.txt" ||
	cap_fail "the extcap does not offer the device types of the user's vhostsniff"
[[ -f $home/.local/share/man/man1/vhostsniff.1 ]] || cap_fail "no man page in ~/.local/share/man/man1"
as_user bash -c 'source "$1" && __load_completion vhostsniff && complete -p vhostsniff' bash "$BASH_COMPLETION" \
	>"$CAP_WORK/complete.txt" 2>&1 || cap_fail "bash-completion does not find the completion: $(cat "$CAP_WORK/complete.txt")"
cap_log "tshark -G plugins: $(grep vhostuser "$CAP_WORK/plugins.txt" | tr -s '\t ' ' ')"
cap_log "extcap: $extcap"

# ---- and away again ------------------------------------------------------------------
as_user make -C "$src" uninstall >"$CAP_WORK/uninstall.log" 2>&1 || cap_fail "make uninstall failed"
left=$(find "$home/.local" "$home/.config" -type f \( -name '*vhost*' -o -path '*/bash-completion/*' \))
[[ -z $left ]] || cap_fail "make uninstall left: $left"
as_user tshark -G plugins 2>&1 | grep -q vhostuser && cap_fail "tshark still lists the plugin after make uninstall"
as_user tshark -D 2>&1 | grep -q vhostuser && cap_fail "tshark -D still lists vhostuser after make uninstall"
cap_pass "plugin in $personal/epan, extcap in ${extcap%/*}; tshark -G plugins and -D list them"
