"""Checks a PNG the front end rendered: expected size, not blank (many colours, not one),
and optionally different from another PNG. Standard library only (zlib), 8-bit RGB/RGBA."""
import struct
import sys
import zlib


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG")
    pos, idat, width, height, ctype = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
            if depth != 8 or ctype not in (2, 6):
                raise SystemExit(f"{path}: unexpected PNG format depth={depth} type={ctype}")
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    bpp = 4 if ctype == 6 else 3
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        f = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def main():
    path, want_w, want_h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    w, h, bpp, rows = read_png(path)
    if (w, h) != (want_w, want_h):
        raise SystemExit(f"{path}: {w}x{h}, expected {want_w}x{want_h}")
    colours = set()
    for r in rows[::7]:
        for x in range(0, len(r), bpp * 5):
            colours.add(r[x:x + 3])
    if len(colours) < 50:
        raise SystemExit(f"{path}: only {len(colours)} colours: blank or nearly")
    if len(sys.argv) > 4:
        _, _, _, other = read_png(sys.argv[4])
        diff = sum(1 for a, b in zip(rows, other) if a != b)
        if diff < 5:
            raise SystemExit(f"{path} and {sys.argv[4]} are (nearly) the same picture")
    print(f"{path}: {w}x{h}, {len(colours)} colours sampled: ok")


if __name__ == "__main__":
    main()
