# Helpers for the UI's tmux tests (sourced). Each test runs its own tmux server
# (-L, no user config), 160x50, and reads the screen with capture-pane.
#
#   tui_start NAME CMD...     run CMD in a new tmux session; its exit status is
#                             printed as TUI-EXIT rc=N when it ends
#   tui_screen NAME           the screen as text
#   tui_wait NAME REGEX [S]   wait up to S seconds (default 20) for REGEX on screen
#   tui_keys NAME KEYS...     tmux send-keys
#   tui_list NAME             the rows of the message list pane
#   tui_last_row NAME         the number (No.) of the list's last row, if any
#   tui_until S COND          wait up to S seconds for the shell condition COND
#   check COND MESSAGE        fail the test (with the screen) unless COND holds
#                             within TUI_CHECK_SECONDS
#
# The UI redraws when it gets to it, and tmux shows what it has read so far:
# a screen read right after a key or a record may predate them. So a check
# reads the screen inside COND, and COND is tried again until it holds or the
# deadline passes (a deadline for failing, not a wait: checks that pass take
# one try). A value read outside a check is read once its screen is there
# (tui_until on what it reads, not on something else on the screen).

TUI_SERVER="vhostsniff-test-$$"
TUI_FAILED=0
TUI_LAST=""
TUI_CHECK_SECONDS=${TUI_CHECK_SECONDS:-10}

need_tools() {
    local t
    for t in "$@"; do
        command -v "$t" >/dev/null 2>&1 || {
            echo "FAIL: $t is missing (apt-get install -y $t)"
            exit 1
        }
    done
}

tmx() {
    tmux -L "$TUI_SERVER" -f /dev/null "$@"
}

tui_cleanup() {
    tmx kill-server >/dev/null 2>&1 || true
}

tui_start() {
    local name=$1
    shift
    TUI_LAST=$name
    # the UI's own exit status, then keep the pane open for the checks after q
    tmx new-session -d -s "$name" -x 160 -y 50 \
        "$(printf '%q ' "$@"); echo TUI-EXIT rc=\$?; echo TERMINAL \$(stty -a | tr ' ;' '\n\n' | grep -E '^-?(echo|icanon)$'); sleep 600"
}

tui_screen() {
    tmx capture-pane -t "$1" -p
}

tui_wait() {
    local name=$1 re=$2 limit=${3:-20} i
    for ((i = 0; i < limit * 10; i++)); do
        tui_screen "$name" | grep -Eq -- "$re" && return 0
        sleep 0.1
    done
    return 1
}

tui_keys() {
    local name=$1
    shift
    tmx send-keys -t "$name" "$@"
    sleep 0.4
}

# Rows of the message list: from the column header to the next pane title.
tui_list() {
    tui_screen "$1" | awk '/^ +No\. Time/ { on = 1; next } on && /^(>| ) [A-Z][a-z]+ / { exit } on'
}

tui_last_row() {
    tui_list "$1" | awk '/^ +[0-9]+ / { n = $1 } END { print n }'
}

# (locals with a prefix: COND may name the caller's variables; a deadline,
# not a count of tries: COND may itself wait, as tui_wait does)
tui_until() {
    local _tu_end=$((SECONDS + $1)) _tu_cond=$2
    until eval "$_tu_cond"; do
        ((SECONDS < _tu_end)) || return 1
        sleep 0.1
    done
}

check() {
    local _ck_cond=$1 _ck_what=$2
    if tui_until "$TUI_CHECK_SECONDS" "$_ck_cond"; then
        echo "ok - $_ck_what"
    else
        echo "not ok - $_ck_what"
        echo "--- screen ($TUI_LAST) ---"
        tui_screen "$TUI_LAST" || true
        echo "---"
        TUI_FAILED=1
    fi
}
