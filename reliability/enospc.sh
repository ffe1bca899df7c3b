#!/usr/bin/env bash
# A real full disk: the home on a small tmpfs (ENOSPC), filled with memory documents until a
# write fails. The failing write must give one line on stderr and a non-zero exit; afterwards
# the workspace opens, `PRAGMA integrity_check` is ok (SQLite), `audit verify` and
# `maintenance verify` pass, every acknowledged document is there and the refused one is not.
#
#   reliability/enospc.sh AIRLOCK_BINARY sqlite|files
#
# Runs itself in a private mount namespace (`unshare -m` as root, `unshare -rm` otherwise),
# so the mount is never visible to other processes and vanishes with it. If no namespace can
# be made, it fails and says so.
set -euo pipefail
airlock="$1"
storage="$2"
if [ "${AIRLOCK_ENOSPC_INSIDE:-}" != 1 ]; then
    flags=(-m); [ "$(id -u)" -eq 0 ] || flags=(-r -m)
    if ! AIRLOCK_ENOSPC_INSIDE=1 unshare "${flags[@]}" "$0" "$@"; then exit 1; fi
    exit 0
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/airlock-enospc.XXXXXX")"
cleanup() { umount "$work/disk" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/disk" "$work/config/airlock"
if ! mount -t tmpfs -o size=2m tmpfs "$work/disk"; then
    echo "enospc $storage: FAILED — cannot mount a tmpfs in a private mount namespace"; exit 1
fi
export AIRLOCK_HOME="$work/disk/home" XDG_CONFIG_HOME="$work/config" HOME="$work" USER=enospc AIRLOCK_STORAGE="$storage"
echo '{"limits": {"api_per_minute": 100000}}' >"$XDG_CONFIG_HOME/airlock/config.json"
"$airlock" init >/dev/null
"$airlock" workspace create Acme --id acme >/dev/null
head -c 150000 /dev/zero | tr '\0' 'x' >"$work/body"
acked=()
failed=""
for i in $(seq 1 40); do
    if out=$("$airlock" memory add --workspace acme --kind note --title "doc-$i" --json <"$work/body" 2>"$work/err"); then
        acked+=("$(printf '%s' "$out" | sed -n 's/.*"id" : "\(m-[a-z0-9]*\)".*/\1/p')")
    else
        failed="doc-$i"; break
    fi
done
if [ -z "$failed" ]; then echo "enospc $storage: FAILED — the disk never filled"; exit 1; fi
message="$(cat "$work/err")"
problems=()
[ "$(wc -l <"$work/err")" -eq 1 ] && [[ "$message" == "airlock: "* ]] || problems+=("error is not one 'airlock: ' line: $message")
[ -z "$out" ] || problems+=("the failed write printed to stdout")
# Make a little room, as an analyst would, then check everything.
rm -f "$work/body"
list="$("$airlock" memory list --workspace acme --json 2>&1)" || problems+=("workspace does not open: $list")
for id in "${acked[@]}"; do grep -q "\"$id\"" <<<"$list" || problems+=("acknowledged $id lost"); done
grep -q "\"$failed\"" <<<"$list" && problems+=("the refused $failed is present")
verify="$("$airlock" audit verify --workspace acme 2>&1)" || problems+=("audit verify: $verify")
maint="$("$airlock" maintenance verify --all 2>&1)" || problems+=("maintenance verify: $maint")
if [ "$storage" = sqlite ]; then
    check="$(sqlite3 "$AIRLOCK_HOME/clients/acme/workspace.sqlite" 'PRAGMA integrity_check;' 2>&1)" || true
    [ "$check" = ok ] || problems+=("integrity_check: $check")
fi
strays="$(find "$AIRLOCK_HOME/clients/acme" -type f \( -name '*.tmp' -o -name '.*tmp*' -o -size 0 \) ! -name '.lock' | wc -l)"
[ "$strays" -eq 0 ] || problems+=("$strays stray or empty files left")
if [ "${#problems[@]}" -ne 0 ]; then
    echo "enospc $storage: FAILED — ${problems[*]}"; exit 1
fi
echo "enospc $storage: ok — ${#acked[@]} documents fitted on a 2 MiB tmpfs, then: ${message#airlock: }; nothing lost, nothing half written, audit chain and integrity ok"
