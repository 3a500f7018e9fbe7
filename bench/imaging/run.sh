#!/usr/bin/env bash
# The imaging comparison behind the choice in docs/files.md: SkiaSharp, NetVips and Magick.NET making a 300x300
# thumbnail of a 3000x2000 JPEG, each in its own process. Takes about a minute including the build.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -d "${TMPDIR:-/tmp}/fastcms-imaging.XXXXXX")
trap 'rm -rf "$out"' EXIT
dotnet build bench/imaging -c Release -o "$out/bin" -v quiet -nologo >/dev/null
dotnet "$out/bin/FastCms.Bench.Imaging.dll" make "$out/photo.jpg"
for library in skia vips magick; do
  dotnet "$out/bin/FastCms.Bench.Imaging.dll" "$library" "$out/photo.jpg" "${IMAGING_ROUNDS:-20}"
done
