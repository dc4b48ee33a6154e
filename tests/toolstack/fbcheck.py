#!/usr/bin/env python3
"""tests/toolstack/fbcheck.py: a screenshot of the PV framebuffer against what the guest says it
drew.

  fbcheck.py --ppm SHOT.ppm --console console.log --font FONT.psf[.gz] [--png OUT.png]

The guest (guest-boot/fbio.cpp) prints its verdict line ("xshim: SELECTED ...") and then
"xshim-guest: vfb 0 drawn WxHxD ... text=X,Y cols=C rows=R pitch=P fg=0x.. bg=0x.. ...". This
renders that verdict line with the same console font (scripts/psf_font.py), wrapped at C columns
from (X, Y), rows P pixels apart, glyph pixels fg on bg, and compares every pixel with QEMU's
screendump (binary PPM, P6). The screenshot's size must be the guest's mode. Prints one line on
success; on a mismatch, how many pixels differ, where the first do, and which characters they
fall in. With --png the screenshot is also written as a PNG (zlib; no other library needed).
Exit status 0 only when every pixel is as expected."""
import argparse
import os
import re
import struct
import sys
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
import psf_font  # noqa: E402


def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    # P6 <ws> width <ws> height <ws> maxval <one ws> pixels; comments start with '#'.
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    pos += 1
    if fields[0] != b"P6" or int(fields[3]) != 255:
        raise SystemExit(f"{path}: not a binary PPM with maxval 255 ({fields[0]!r}, {fields[3]!r})")
    w, h = int(fields[1]), int(fields[2])
    pixels = data[pos:pos + w * h * 3]
    if len(pixels) != w * h * 3:
        raise SystemExit(f"{path}: {len(pixels)} bytes of pixels, {w}x{h} needs {w * h * 3}")
    return w, h, pixels


def write_png(path, w, h, rgb):
    raw = b"".join(b"\x00" + rgb[y * w * 3:(y + 1) * w * 3] for y in range(h))

    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body +
                struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(chunk(b"IEND", b""))


def rgb_of(hexval):
    v = int(hexval, 16)
    return bytes(((v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ppm", required=True)
    ap.add_argument("--console", required=True)
    ap.add_argument("--font", required=True)
    ap.add_argument("--png")
    a = ap.parse_args()

    with open(a.console, encoding="utf-8", errors="replace") as f:
        lines = [l.rstrip("\r\n") for l in f]
    verdict = next((l for l in lines if re.match(r"xshim: (SELECTED|REFUSED) ", l)), None)
    drawn = next((l for l in lines if l.startswith("xshim-guest: vfb 0 drawn ")), None)
    if verdict is None or drawn is None:
        raise SystemExit("the guest printed no verdict line or no 'vfb 0 drawn' line")
    m = re.search(r"drawn (\d+)x(\d+)x(\d+) .* text=(\d+),(\d+) cols=(\d+) rows=(\d+) pitch=(\d+)"
                  r" fg=0x([0-9a-f]+) bg=0x([0-9a-f]+)", drawn)
    if m is None:
        raise SystemExit(f"cannot read the guest's drawn line: {drawn}")
    gw, gh, depth, x0, y0, cols, rows, pitch = (int(v) for v in m.groups()[:8])
    fg, bg = rgb_of(m.group(9)), rgb_of(m.group(10))

    w, h, shot = read_ppm(a.ppm)
    if a.png:
        write_png(a.png, w, h, shot)
    if (w, h) != (gw, gh):
        raise SystemExit(f"the screenshot is {w}x{h}, the guest drew {gw}x{gh}x{depth}")

    fw, fh, glyphs = psf_font.load(a.font)
    expect = bytearray(bg * (w * h))
    where = {}  # pixel -> index of the character drawn there
    fg_count = 0
    for i, ch in enumerate(verdict):
        col, row = i % cols, i // cols
        cx, cy = x0 + col * fw, y0 + row * pitch
        if cy + fh > h:
            break
        glyph = glyphs.get(ord(ch), glyphs[ord("?")])
        for y in range(fh):
            for x in range(fw):
                where[(cy + y) * w + cx + x] = i
                if glyph[y] & (0x80 >> x):
                    p = ((cy + y) * w + cx + x) * 3
                    expect[p:p + 3] = fg
                    fg_count += 1
    text_rows = (len(verdict) + cols - 1) // cols
    if text_rows != rows:
        raise SystemExit(f"the verdict line ({len(verdict)} characters) takes {text_rows} rows of"
                         f" {cols}, the guest says it drew {rows}")

    bad = [] if bytes(expect) == shot else [
        p for p in range(w * h) if shot[p * 3:p * 3 + 3] != expect[p * 3:p * 3 + 3]]
    if bad:
        first = ", ".join(f"({p % w},{p // w}) got #{shot[p * 3:p * 3 + 3].hex()} want"
                          f" #{expect[p * 3:p * 3 + 3].hex()}" for p in bad[:4])
        chars = sorted({where[p] for p in bad if p in where})
        text = "".join(verdict[i] for i in chars[:20])
        raise SystemExit(f"{len(bad)} of {w * h} pixels differ from the verdict line rendered with"
                         f" {os.path.basename(a.font)}: {first}; characters {chars[:20]} ({text!r})"
                         f"{'; outside the text' if len(chars) == 0 else ''}")
    print(f"{w}x{h} screenshot equals the guest's verdict line ({len(verdict)} characters,"
          f" {rows} rows of {cols}) rendered with {os.path.basename(a.font)}: {fg_count}"
          f" text pixels #{fg.hex()} on #{bg.hex()}, 0 of {w * h} pixels differ")


if __name__ == "__main__":
    main()
