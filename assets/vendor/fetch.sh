#!/bin/sh
# Re-fetch the vendored browser libraries from the npm registry and check them against the recorded digests.
# The files are committed (the center runs offline); this only shows where they came from. Run from the repo root.
set -eu
HLS_VERSION=1.6.15
HLS_SHA256=f899a050f2152df13edb67af567e9a8496bc2b62d29fd38372bd251240af19ef  # hls.light.min.js, map line removed
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "hls.js@$HLS_VERSION" >/dev/null && tar xzf "hls.js-$HLS_VERSION.tgz")
sed '$ d' "$work/package/dist/hls.light.min.js" > "$work/hls.light.min.js"   # drop the sourceMappingURL line
echo "$HLS_SHA256  $work/hls.light.min.js" | sha256sum -c -
cp "$work/hls.light.min.js" "$work/package/LICENSE" assets/vendor/hls.js/
