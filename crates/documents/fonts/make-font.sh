#!/usr/bin/env bash
# Regenerates the font that ledgerlock-documents embeds (see README.md beside this file).
#
#   Input : Debian package fonts-noto-cjk 1:20220127+repack1-1
#           /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc, face 2 = "Noto Sans CJK SC"
#   Tool  : fontTools (pip install fonttools), pyftsubset
#   Output: NotoSansCJKsc-Regular-subset.otf (CFF, CID-keyed, hinted, no GSUB/GPOS features)
#
# Usage: bash crates/documents/fonts/make-font.sh [path/to/NotoSansCJK-Regular.ttc]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
ttc="${1:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}"
out="$here/NotoSansCJKsc-Regular-subset.otf"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# 1. Extract the Simplified Chinese face (index 2) from the collection.
python3 - "$ttc" "$tmp/sc.otf" <<'PY'
import sys
from fontTools.ttLib import TTCollection
# recalcTimestamp=False keeps head.modified from the source: reproducible output.
c = TTCollection(sys.argv[1], recalcTimestamp=False)
face = c.fonts[2]
name = face["name"].getDebugName(4)
assert name == "Noto Sans CJK SC", name
face.save(sys.argv[2])
PY

# 2. Character set.
#    Han: the whole CJK Unified Ideographs block U+4E00-9FFF plus Extension A U+3400-4DBF.
#    That is the GB18030 BMP Han repertoire (a superset of GBK, GB2312 and of the BMP part of
#    通用规范汉字表), so rare name characters such as 喆 堃 犇 䶮 are covered.
#    Not covered: Extension B+ (SIP) characters, e.g. a few 通用规范汉字表 entries like 𬌗.
#    Everything else: ASCII, Latin-1, general punctuation (‘’“”…‰※), №, ℃, Roman numerals,
#    arrows, ①-⑳, □■○●, CJK symbols and punctuation (U+3000-303F), full-width forms.
unicodes="U+0020-007E,U+00A0-00FF,U+2010-2027,U+2030-2033,U+203B,U+20AC,U+2103,U+2116,\
U+2160-216B,U+2170-217B,U+2190-2193,U+2460-2473,U+25A0-25A1,U+25CB,U+25CF,U+2605-2606,\
U+3000-303F,U+3400-4DBF,U+4E00-9FFF,U+FF01-FF5E,U+FFE0-FFE5"

# 3. Subset. No OpenType layout features (printpdf maps characters through cmap only and
#    never shapes; the features alone would pull ~5 MB of vertical/JIS alternates), no vertical
#    metrics (horizontal text only). Hinting and CFF subroutines are kept: smaller file, and the
#    form that printpdf's CFF subsetter was verified with. Licence/copyright name records kept.
pyftsubset "$tmp/sc.otf" \
  --unicodes="$unicodes" \
  --layout-features='' \
  --drop-tables+=vhea,vmtx,VORG \
  --name-IDs=0,1,2,3,4,5,6,7,8,9,11,13,14 \
  --notdef-outline \
  --output-file="$out"

ls -l "$out"
sha256sum "$out"
