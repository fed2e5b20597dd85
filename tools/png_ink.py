#!/usr/bin/env python3
"""Prints the share of a PNG's pixels that differ from its dominant colour.

Usage: png_ink.py FILE.png  ->  one number in [0, 1] on stdout, exit 0;
exit 2 with a message on stderr when the file is not an 8-bit RGB/RGBA/grey PNG.

The tests use it to tell a rendered page from a blank one (a screenshot of an
empty or unstyled-white page has ink 0). Standard library only.
"""
import collections
import struct
import sys
import zlib

CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}  # grey, RGB, grey+alpha, RGBA


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def decode(data):
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    if header is None:
        raise ValueError("PNG without IHDR")
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in CHANNELS or interlace:
        raise ValueError(f"unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
    bpp = CHANNELS[colour]
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 0xFF
            elif kind == 4:
                line[i] = (line[i] + paeth(a, b, c)) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def ink_fraction(path):
    with open(path, "rb") as f:
        width, height, bpp, rows = decode(f.read())
    counts = collections.Counter()
    for row in rows:
        for x in range(0, len(row), bpp):
            counts[row[x:x + bpp]] += 1
    total = width * height
    return 0.0 if total == 0 else 1.0 - counts.most_common(1)[0][1] / total


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: png_ink.py FILE.png")
    try:
        print(f"{ink_fraction(sys.argv[1]):.6f}")
    except (OSError, ValueError, zlib.error) as e:
        print(f"png_ink.py: {sys.argv[1]}: {e}", file=sys.stderr)
        sys.exit(2)
