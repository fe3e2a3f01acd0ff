#!/usr/bin/env python3
"""xwd.py: reads the X window dumps `xwd -root` writes (24/32-bit ZPixmap),
so tests can look at a real window's pixels without an imaging library.

As a program: tests/xwd.py IN.xwd OUT.png converts a dump to PNG, to look at.
"""
import struct
import sys
import zlib


class Image:
    def __init__(self, path):
        with open(path, "rb") as f:
            data = f.read()
        fields = struct.unpack(">25I", data[:100])
        header_size, version = fields[0], fields[1]
        if version != 7:
            raise ValueError("%s: not an XWD version 7 file" % path)
        self.width, self.height = fields[4], fields[5]
        self.bits_per_pixel, self.bytes_per_line = fields[11], fields[12]
        self.byte_order = fields[7]  # 0 LSBFirst, 1 MSBFirst
        ncolors = fields[19]
        if self.bits_per_pixel not in (24, 32):
            raise ValueError("%s: %d bits a pixel; run Xvfb with depth 24" %
                             (path, self.bits_per_pixel))
        self.bpp = self.bits_per_pixel // 8
        self.pixels = data[header_size + 12 * ncolors:]

    def pixel(self, x, y):
        """Returns the pixel at (x, y) as 0xRRGGBB."""
        off = y * self.bytes_per_line + x * self.bpp
        p = self.pixels[off:off + 3]
        if self.byte_order == 0:
            return p[0] | p[1] << 8 | p[2] << 16
        off += self.bpp - 3
        p = self.pixels[off:off + 3]
        return p[2] | p[1] << 8 | p[0] << 16

    def count(self, rgb):
        """Returns how many pixels have colour rgb (0xRRGGBB)."""
        if self.byte_order == 0:
            pat = bytes((rgb & 255, (rgb >> 8) & 255, (rgb >> 16) & 255))
        else:
            pat = bytes(((rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255))
        # Counting the byte pattern is fast; a match across two pixels of
        # other colours is possible in theory, so use it as "at least".
        return self.pixels.count(pat)

    def png(self, path):
        raw = bytearray()
        for y in range(self.height):
            raw.append(0)
            for x in range(self.width):
                v = self.pixel(x, y)
                raw += bytes(((v >> 16) & 255, (v >> 8) & 255, v & 255))

        def chunk(kind, body):
            c = struct.pack(">I", len(body)) + kind + body
            return c + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

        with open(path, "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\n")
            f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", self.width, self.height,
                                               8, 2, 0, 0, 0)))
            f.write(chunk(b"IDAT", zlib.compress(bytes(raw), 6)))
            f.write(chunk(b"IEND", b""))


if __name__ == "__main__":
    Image(sys.argv[1]).png(sys.argv[2])


def start_memview(args, errpath, env=None, cwd=None, tries=3):
    """Starts memview (args: its command line) with stderr to errpath and
    returns the Popen. Xvfb now and then refuses a new client for a moment
    (seen on a loaded machine); memview then exits at once with status 2,
    "cannot reach a display", rather than draw where nobody sees. Such a
    start is tried again, up to tries times, and said on stdout."""
    import subprocess
    import time
    for attempt in range(tries):
        err = open(errpath, "wb")
        view = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=cwd)
        view.errpath = errpath
        t0 = time.monotonic()
        while view.poll() is None and time.monotonic() - t0 < 1.5:
            time.sleep(0.05)
        err.close()
        if view.poll() != 2 or attempt + 1 == tries:
            return view
        with open(errpath, "rb") as f:
            text = f.read().decode(errors="replace")
        if "cannot reach a display" not in text and "cannot start SDL video" not in text:
            return view
        print("note: memview could not reach the X server (attempt %d): %s" %
              (attempt + 1, text.strip()[-200:]))
        time.sleep(1)
    return view
