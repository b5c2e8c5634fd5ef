#!/bin/sh
# Put the PyInstaller folder, the desktop entry, the icon and the installer into one .tar.gz.
#   packaging/make_archive.sh BUILT_FOLDER VERSION OUT.tar.gz
set -eu
BUILT=$1
VERSION=$2
OUT=$3
HERE=$(cd "$(dirname "$0")" && pwd)
NAME=$(basename "$OUT" .tar.gz)
STAGE=$(dirname "$BUILT")/stage

test -x "$BUILT/carecoord" || { echo "make_archive.sh: no program in $BUILT" >&2; exit 1; }
rm -rf "$STAGE"
mkdir -p "$STAGE/$NAME" "$(dirname "$OUT")"
cp -R "$BUILT/." "$STAGE/$NAME/"
cp "$HERE/carecoord.desktop" "$HERE/install.sh" "$STAGE/$NAME/"
cp "$HERE/../resources/icons/carecoord-256.png" "$STAGE/$NAME/carecoord.png"
cp "$HERE/README.md" "$STAGE/$NAME/README.md"
chmod 0755 "$STAGE/$NAME/install.sh" "$STAGE/$NAME/carecoord"

# Fixed owner, order and times, and no name or time in the gzip header: the archive adds no
# variation of its own to what PyInstaller built.
EPOCH=$(git -C "$HERE/.." log -1 --format=%ct 2>/dev/null || date +%s)
tar -C "$STAGE" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$EPOCH" \
    -cf - "$NAME" | gzip -n > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
rm -rf "$STAGE"
SIZE=$(du -k "$OUT" | cut -f1)
echo "CareCoord $VERSION: $OUT ($((SIZE / 1024)) MiB)"
