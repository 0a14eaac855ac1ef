#!/usr/bin/python3
"""The web page's CJK font: a subset of Debian's Noto Sans CJK (fonts-noto-cjk) made with
fontTools, holding every character the app's sources, the course and the scenarios use,
the 3,755 commonly used characters of GB 2312 level 1 (so Chinese a student types shows),
ASCII, Latin-1 and the punctuation the views draw; and the monospace face (Noto Sans Mono
CJK SC) for the same text less the common set. Written as a collection whose face numbers
match Debian's file (2 = Sans SC, 7 = Mono SC), so visual/theme.cpp loads it unchanged.

usage: make_font.py SOURCE_DIR OUT_TTC OUT_CHARS
OUT_CHARS gets the common characters, which the page adds to the atlas (web/main.cpp).
Subsetting takes a while (the collection is 19 MB): when OUT_TTC was made for the same
characters (OUT_TTC.key), it is kept."""
import hashlib
import io
import pathlib
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

DEBIAN_TTC = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
SANS_SC, MONO_SC = 2, 7


def gb2312_level1():
    """Rows 16-55 of GB 2312: the 3,755 level-1 characters, decoded by Python's codec."""
    out = []
    for row in range(16, 56):
        for cell in range(1, 95):
            try:
                out.append(bytes([0xA0 + row, 0xA0 + cell]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return "".join(out)


def source_text(root):
    text = []
    for pattern in ("protocols/**/*.cpp", "protocols/**/*.hpp", "visual/**/*.cpp", "visual/**/*.hpp",
                    "lessons/**/*.cpp", "lessons/**/*.json", "sim/**/*.cpp", "assets/**/*.json"):
        for p in sorted(root.glob(pattern)):
            text.append(p.read_text(encoding="utf-8", errors="ignore"))
    return "".join(text)


def subset_face(collection, number, chars):
    font = collection.fonts[number]
    opts = subset.Options()
    opts.layout_features = []  # Dear ImGui draws glyph by glyph: no GSUB/GPOS shaping
    opts.notdef_outline = True
    opts.hinting = False
    s = subset.Subsetter(opts)
    s.populate(unicodes=sorted({ord(c) for c in chars}))
    s.subset(font)
    return font


def main():
    root, out_ttc, out_chars = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    common = gb2312_level1()
    base = "".join(chr(c) for c in range(0x20, 0x7F)) + "".join(chr(c) for c in range(0xA0, 0x100))
    base += "\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u2190\u2192\u00b7\u00a7\u2022\u25b6\u25cf\u2713\u2717\u3000\u3001\u3002"
    used = {c for c in source_text(root) if ord(c) >= 0x80}
    key = hashlib.sha256((pathlib.Path(__file__).read_text() + base + common + "".join(sorted(used))).encode()).hexdigest()
    keyfile = pathlib.Path(out_ttc + ".key")
    if pathlib.Path(out_ttc).is_file() and keyfile.is_file() and keyfile.read_text() == key:
        pathlib.Path(out_chars).write_text(common, encoding="utf-8")
        return
    debian = TTCollection(DEBIAN_TTC)
    sans = subset_face(debian, SANS_SC, base + common + "".join(used))
    mono = subset_face(debian, MONO_SC, base + "".join(used))
    out = TTCollection()
    out.fonts = [sans] * MONO_SC + [mono]  # faces 0..6 are Sans SC (shared tables), 7 Mono SC
    buf = io.BytesIO()
    out.save(buf, shareTables=True)
    pathlib.Path(out_ttc).write_bytes(buf.getvalue())
    pathlib.Path(out_chars).write_text(common, encoding="utf-8")
    keyfile.write_text(key)
    print(f"font subset: {len(common)} common + {len(used)} used characters, {len(buf.getvalue()) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
