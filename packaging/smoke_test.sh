#!/usr/bin/env bash
# Smoke test of the packaged app: unpack the archive into a clean folder and run it the way a
# clinic laptop would, with no Python anywhere on the PATH and no real keyring.
#
#   packaging/smoke_test.sh dist/carecoord-VERSION-linux-x86_64.tar.gz [SECONDS_UP]
#
# SECONDS_UP (default 5) is how long the main window must stay up without an error.
set -euo pipefail

ARCHIVE=${1:?usage: smoke_test.sh ARCHIVE [SECONDS_UP]}
SECONDS_UP=${2:-5}
HERE=$(cd "$(dirname "$0")" && pwd)
EXPECTED=$(sed -n 's/^version = "\(.*\)"/\1/p' "$HERE/../pyproject.toml")

test -f "$ARCHIVE" || { echo "smoke test: $ARCHIVE is missing; run make package first" >&2; exit 1; }
ARCHIVE=$(cd "$(dirname "$ARCHIVE")" && pwd)/$(basename "$ARCHIVE")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/carecoord-smoke.XXXXXX")
GUI_PID=
cleanup() {
    if [ -n "$GUI_PID" ]; then kill -KILL "$GUI_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
fail() { echo "FAIL: $*" >&2; for f in "$WORK"/log/*; do echo "--- $f" >&2; tail -n 20 "$f" >&2; done; exit 1; }
step() { printf '  %-44s' "$1"; }
ok() { echo "ok ($1 s)"; }

T0=$(now)
mkdir -p "$WORK/unpacked" "$WORK/home" "$WORK/runtime" "$WORK/bin" "$WORK/log" "$WORK/out"
chmod 0700 "$WORK/runtime"
tar -xzf "$ARCHIVE" -C "$WORK/unpacked"
APP=$(find "$WORK/unpacked" -mindepth 2 -maxdepth 2 -name carecoord -type f)
test -x "$APP" || fail "no carecoord program in the archive"
DIR=$(dirname "$APP")
for f in carecoord.desktop carecoord.png install.sh; do
    test -f "$DIR/$f" || fail "the archive has no $f"
done
DANGLING=$(find "$DIR" -xtype l | head -n 3)
[ -z "$DANGLING" ] || fail "the archive has broken links: $DANGLING"
DATA="$WORK/data"

# A clean environment: an empty PATH folder (so no python, no python3 and no pip can be
# found), a fresh HOME, a UTF-8 locale as on a desktop, the null keyring, and no screen.
CLEAN_ENV=(PATH="$WORK/bin" HOME="$WORK/home" LANG=C.UTF-8 XDG_RUNTIME_DIR="$WORK/runtime"
    PYTHON_KEYRING_BACKEND=keyring.backends.null.Keyring QT_QPA_PLATFORM=offscreen
    CARECOORD_USER=demo CARECOORD_PASSWORD=demo CARECOORD_PASSPHRASE=demo)
run() { env -i "${CLEAN_ENV[@]}" "$@"; }
if run /bin/sh -c 'command -v python || command -v python3' >/dev/null 2>&1; then
    fail "python is reachable from the test's PATH"
fi

echo "CareCoord smoke test: $(basename "$ARCHIVE") unpacked in $(since "$T0") s"

step "carecoord --version"
T=$(now)
VERSION_OUT=$(run "$APP" --version 2>"$WORK/log/version.err") || fail "--version failed"
[ "$VERSION_OUT" = "CareCoord $EXPECTED" ] || fail "--version printed '$VERSION_OUT', expected 'CareCoord $EXPECTED'"
STARTUP=$(since "$T")
ok "$STARTUP"

step "demo --people 50"
T=$(now)
run "$APP" --data-dir "$DATA" demo --people 50 >"$WORK/log/demo.out" 2>"$WORK/log/demo.err" \
    || fail "demo failed"
ok "$(since "$T")"

step "list --json"
T=$(now)
run "$APP" --data-dir "$DATA" list --json >"$WORK/out/list.json" 2>"$WORK/log/list.err" || fail "list failed"
PEOPLE=$(grep -o '"nhs_number": "[0-9]\{10\}"' "$WORK/out/list.json" | wc -l)
# The caseload leaves out people whose care has ended, so a few of the 50 may be missing.
[ "$PEOPLE" -ge 25 ] && [ "$PEOPLE" -le 50 ] || fail "list --json gave $PEOPLE people of 50"
NHS=$(grep -o '"nhs_number": "[0-9]\{10\}"' "$WORK/out/list.json" | head -n 1 | grep -o '[0-9]\{10\}')
ok "$(since "$T")"

events() { sed -n 's/^Audit trail: ok (\([0-9]*\) events.*/\1/p' "$1"; }

step "check"
T=$(now)
run "$APP" --data-dir "$DATA" check >"$WORK/log/check.out" 2>"$WORK/log/check.err" || fail "check failed"
grep -q "^Database integrity: ok" "$WORK/log/check.out" || fail "check did not report integrity"
EVENTS_BEFORE=$(events "$WORK/log/check.out")
[ -n "$EVENTS_BEFORE" ] || fail "check did not report the audit trail"
ok "$(since "$T")"

step "export pdf --nhs $NHS"
T=$(now)
run "$APP" --data-dir "$DATA" export pdf --nhs "$NHS" --out "$WORK/out/plan.pdf" \
    >"$WORK/log/pdf.out" 2>"$WORK/log/pdf.err" || fail "export pdf failed"
[ "$(head -c 5 "$WORK/out/plan.pdf")" = "%PDF-" ] || fail "export pdf did not write a PDF"
grep -aq "AtkinsonHyperlegibleNext" "$WORK/out/plan.pdf" || fail "the PDF does not embed the bundled font"
ok "$(since "$T")"

step "export fhir --nhs $NHS"
T=$(now)
run "$APP" --data-dir "$DATA" export fhir --nhs "$NHS" --out "$WORK/out/person.json" \
    >"$WORK/log/fhir.out" 2>"$WORK/log/fhir.err" || fail "export fhir failed"
grep -q '"resourceType": *"Bundle"' "$WORK/out/person.json" || fail "export fhir did not write a Bundle"
grep -q "$NHS" "$WORK/out/person.json" || fail "the FHIR Bundle does not name the person"
ok "$(since "$T")"

# The main window, offscreen. Qt's own widget log says when the main window is first flushed
# to the (offscreen) screen; every Qt message is tagged, so anything else on stderr, a
# Python traceback included, is an error. Known offscreen-plugin notices are allowed.
step "gui --demo: main window up ${SECONDS_UP} s"
T=$(now)
# Started by env directly, not through run(): $! must be the app itself (env execs it).
env -i "${CLEAN_ENV[@]}" QT_LOGGING_RULES="qt.widgets.painting.debug=true" \
    QT_MESSAGE_PATTERN="QTLOG %{type} %{category} %{message}" \
    "$APP" --data-dir "$DATA" gui --demo >"$WORK/log/gui.out" 2>"$WORK/log/gui.err" &
GUI_PID=$!
SHOWN=
for _ in $(seq 1 1200); do  # up to 60 s
    if grep -q 'of MainWindow(.*name="mainWindow") to QWidgetWindow' "$WORK/log/gui.err"; then
        SHOWN=$(since "$T")
        break
    fi
    kill -0 "$GUI_PID" 2>/dev/null || fail "the app ended before its main window appeared"
    sleep 0.05
done
[ -n "$SHOWN" ] || fail "no main window within 60 s"
sleep "$SECONDS_UP"
kill -0 "$GUI_PID" 2>/dev/null || fail "the app ended by itself after its main window appeared"
kill -TERM "$GUI_PID"
wait "$GUI_PID" 2>/dev/null || true
GUI_PID=
UNEXPECTED=$(grep -v -e '^QTLOG debug qt\.widgets' \
    -e '^QTLOG warning default This plugin does not support' "$WORK/log/gui.err" || true)
[ -z "$UNEXPECTED" ] || fail "the app wrote errors: $(echo "$UNEXPECTED" | head -n 5)"
[ ! -s "$WORK/log/gui.out" ] || fail "the app printed: $(head -n 5 "$WORK/log/gui.out")"
echo "ok (main window after $SHOWN s)"

# Signing in is audited, so the trail must have grown, and still verify after a hard stop.
step "check after the window closed"
T=$(now)
run "$APP" --data-dir "$DATA" check >"$WORK/log/check2.out" 2>"$WORK/log/check2.err" \
    || fail "check after the GUI failed"
EVENTS_AFTER=$(events "$WORK/log/check2.out")
[ "${EVENTS_AFTER:-0}" -gt "$EVENTS_BEFORE" ] \
    || fail "the GUI did not sign in (audit events $EVENTS_BEFORE -> ${EVENTS_AFTER:-none})"
ok "$(since "$T")"

# Where a Secret Service can be started (gnome-keyring in a private D-Bus session), prove the
# bundled keyring finds its backend through its entry points and keeps the store's key: no
# passphrase is given. The session's PATH holds only the D-Bus and keyring programs.
step "keyring: Secret Service keeps the key"
if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
    T=$(now)
    mkdir -p "$WORK/kbin"
    for tool in dbus-run-session dbus-daemon gnome-keyring-daemon sleep; do
        ln -s "$(command -v "$tool")" "$WORK/kbin/$tool" 2>/dev/null || true
    done
    cat >"$WORK/keyring.sh" <<KEYRING
printf secret | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
sleep 1
"$APP" --data-dir "$WORK/kstore" init --user jo --name "Jo Bloggs" --role clinician || exit 1
"$APP" --data-dir "$WORK/kstore" check
KEYRING
    env -i PATH="$WORK/kbin" HOME="$WORK/home" LANG=C.UTF-8 XDG_RUNTIME_DIR="$WORK/runtime" \
        CARECOORD_USER=jo CARECOORD_PASSWORD=Correct-horse-battery-9 \
        dbus-run-session -- /bin/sh "$WORK/keyring.sh" >"$WORK/log/keyring.out" 2>&1 \
        || fail "a store could not be made or opened with the Secret Service"
    grep -q '"uses_keyring": true' "$WORK/kstore/store.json" || fail "the key was not kept in the keyring"
    grep -q "^Audit trail: ok" "$WORK/log/keyring.out" || fail "the store did not open from the keyring"
    ok "$(since "$T")"
else
    echo "skipped (no gnome-keyring-daemon and dbus-run-session here)"
fi

step "install.sh --prefix, desktop entry"
T=$(now)
"$DIR/install.sh" --prefix "$WORK/prefix" >"$WORK/log/install.out" 2>&1 || fail "install.sh failed"
INSTALLED="$WORK/prefix/share/applications/carecoord.desktop"
grep -q "^Exec=$WORK/prefix/bin/carecoord$" "$INSTALLED" || fail "the installed entry runs the wrong program"
if command -v desktop-file-validate >/dev/null 2>&1; then
    desktop-file-validate "$INSTALLED" >"$WORK/log/desktop.out" 2>&1 \
        || fail "the installed desktop entry is not valid"
fi
[ "$(run "$WORK/prefix/bin/carecoord" --version)" = "CareCoord $EXPECTED" ] \
    || fail "the installed program does not run"
"$DIR/install.sh" --prefix "$WORK/prefix" --uninstall >>"$WORK/log/install.out" 2>&1 \
    || fail "install.sh --uninstall failed"
[ ! -e "$WORK/prefix/bin/carecoord" ] || fail "uninstall left the program behind"
ok "$(since "$T")"

echo "PASS: CareCoord $EXPECTED; start-up (--version) $STARTUP s; main window $SHOWN s;" \
    "whole smoke test $(since "$T0") s"
