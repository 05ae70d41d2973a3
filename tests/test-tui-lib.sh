# Helpers for the UI's tmux tests (sourced). Each test runs its own tmux server
# (-L, no user config), 160x50, and reads the screen with capture-pane.
#
#   tui_start NAME CMD...     run CMD in a new tmux session; its exit status is
#                             printed as TUI-EXIT rc=N when it ends
#   tui_screen NAME           the screen as text
#   tui_wait NAME REGEX [S]   wait up to S seconds (default 20) for REGEX on screen
#   tui_keys NAME KEYS...     tmux send-keys
#   tui_list NAME             the rows of the message list pane
#   check COND MESSAGE        fail the test (with the screen) unless COND holds

TUI_SERVER="vhostsniff-test-$$"
TUI_FAILED=0
TUI_LAST=""

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

check() {
    local cond=$1 what=$2
    if eval "$cond"; then
        echo "ok - $what"
    else
        echo "not ok - $what"
        echo "--- screen ($TUI_LAST) ---"
        tui_screen "$TUI_LAST" || true
        echo "---"
        TUI_FAILED=1
    fi
}
