#!/bin/sh
# Install CareCoord from this unpacked folder for every user of the computer (run as root), or
# under another prefix. Nothing outside the prefix is touched; each user's data stays in their
# own local data folder and is never removed.
#
#   sudo ./install.sh                      # /usr/local
#   ./install.sh --prefix "$HOME/.local"   # one user, no root
#   sudo ./install.sh --uninstall          # removes the program, its menu entry and icons
set -eu

PREFIX=/usr/local
UNINSTALL=0
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) PREFIX=$2; shift 2 ;;
        --prefix=*) PREFIX=${1#--prefix=}; shift ;;
        --uninstall) UNINSTALL=1; shift ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

HERE=$(cd "$(dirname "$0")" && pwd)
VERSION=$("$HERE/carecoord" --version | sed 's/^CareCoord //')
LIB="$PREFIX/lib"
APPS="$PREFIX/share/applications"
ICONS="$PREFIX/share/icons/hicolor"
SIZES="16 24 32 48 64 128 256 512"

refresh() {
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$APPS" || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$ICONS" || true
}

if [ "$UNINSTALL" = 1 ]; then
    rm -f "$PREFIX/bin/carecoord" "$APPS/carecoord.desktop" "$ICONS/scalable/apps/carecoord.svg"
    for s in $SIZES; do rm -f "$ICONS/${s}x${s}/apps/carecoord.png"; done
    rm -rf "$LIB"/carecoord-[0-9]*
    rm -f "$LIB/carecoord"
    refresh
    echo "CareCoord removed from $PREFIX. Users' stores were not touched."
    exit 0
fi

# Each version gets its own folder; the `carecoord` link moves to the new one in one step, so
# an upgrade never leaves a half-copied program behind.
mkdir -p "$LIB" "$PREFIX/bin" "$APPS" "$ICONS/scalable/apps"
TARGET="$LIB/carecoord-$VERSION"
rm -rf "$TARGET.new"
cp -R "$HERE" "$TARGET.new"
rm -rf "$TARGET"
mv "$TARGET.new" "$TARGET"
ln -sfn "carecoord-$VERSION" "$LIB/carecoord"
ln -sf "../lib/carecoord/carecoord" "$PREFIX/bin/carecoord"

sed -e "s|^Exec=.*|Exec=$PREFIX/bin/carecoord|" -e "s|^TryExec=.*|TryExec=$PREFIX/bin/carecoord|" \
    "$HERE/carecoord.desktop" > "$APPS/carecoord.desktop"
RES="$HERE/_internal/resources/icons"
for s in $SIZES; do
    mkdir -p "$ICONS/${s}x${s}/apps"
    cp "$RES/carecoord-$s.png" "$ICONS/${s}x${s}/apps/carecoord.png"
done
cp "$RES/carecoord.svg" "$ICONS/scalable/apps/carecoord.svg"
refresh
echo "CareCoord $VERSION installed in $TARGET; the program is $PREFIX/bin/carecoord."
