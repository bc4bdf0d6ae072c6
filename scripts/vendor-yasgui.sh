#!/usr/bin/env bash
# Refresh the vendored YASGUI (npm @triply/yasgui) in server/static/yasgui/.
#
#   scripts/vendor-yasgui.sh            # the pinned version below
#   scripts/vendor-yasgui.sh 4.2.28     # another version (then update YASGUI_VERSION here)
#
# Copies the self-contained browser bundle (yasgui.min.js/.css, no source map), its licences,
# and writes VERSION (package, version, npm integrity) and SHA256SUMS, which
# tests/test_ui.py checks, so a hand-edited or partial copy fails the tests.
set -euo pipefail

YASGUI_VERSION="${1:-4.2.28}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/server/static/yasgui"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent "@triply/yasgui@${YASGUI_VERSION}" >/dev/null
tarball="$(ls triply-yasgui-*.tgz)"
integrity="$(npm view "@triply/yasgui@${YASGUI_VERSION}" dist.integrity)"
tar xzf "$tarball"

rm -rf "$dest"
mkdir -p "$dest"
cp package/build/yasgui.min.js package/build/yasgui.min.css "$dest/"
cp package/LICENSE.txt "$dest/LICENSE.txt"
cp package/build/yasgui.min.js.LICENSE.txt "$dest/THIRD-PARTY-LICENSES.txt"
cat >"$dest/VERSION" <<VERSION
package: @triply/yasgui
version: ${YASGUI_VERSION}
integrity: ${integrity}
files: build/yasgui.min.js build/yasgui.min.css LICENSE.txt build/yasgui.min.js.LICENSE.txt
refresh: scripts/vendor-yasgui.sh ${YASGUI_VERSION}
VERSION
(cd "$dest" && sha256sum LICENSE.txt THIRD-PARTY-LICENSES.txt VERSION yasgui.min.css yasgui.min.js >SHA256SUMS)
echo "vendored @triply/yasgui ${YASGUI_VERSION} into ${dest#"$root"/}"
