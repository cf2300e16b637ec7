"""Draw the 绩效自评 ribbon icons (a white tick on a blue tile) as PNGs, with the standard library.

The manifest must not point at icons on the internet, and the package's icons are xlwings' logo;
these are served by ``jixiao serve`` from ``static/images/icons``. Run once after changing them:
``python addin/officejs/make_icons.py``.
"""

from __future__ import annotations

import math
import struct
import zlib
from pathlib import Path

SIZES = (16, 32, 64, 80)
TILE = (0x2F, 0x6E, 0xBA)  # the blue of the 校验结果 header family, darker for contrast
TICK = ((0.24, 0.52), (0.43, 0.70), (0.77, 0.31))  # polyline in tile coordinates
SAMPLES = 4  # supersampling per axis, for smooth edges


def _segment_distance(px: float, py: float, a: tuple[float, float], b: tuple[float, float]) -> float:
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def _inside_tile(x: float, y: float, radius: float) -> bool:
    cx = min(max(x, radius), 1 - radius)
    cy = min(max(y, radius), 1 - radius)
    return math.hypot(x - cx, y - cy) <= radius


def _pixel(size: int, col: int, row: int) -> tuple[int, int, int, int]:
    tile = tick = 0
    width = 0.085 if size > 20 else 0.11
    for sy in range(SAMPLES):
        for sx in range(SAMPLES):
            x = (col + (sx + 0.5) / SAMPLES) / size
            y = (row + (sy + 0.5) / SAMPLES) / size
            if not _inside_tile(x, y, 0.18):
                continue
            tile += 1
            if min(_segment_distance(x, y, a, b) for a, b in zip(TICK, TICK[1:])) <= width:
                tick += 1
    total = SAMPLES * SAMPLES
    if not tile:
        return (0, 0, 0, 0)
    share = tick / tile
    rgb = tuple(round(c * (1 - share) + 255 * share) for c in TILE)
    return (rgb[0], rgb[1], rgb[2], round(255 * tile / total))


def png(size: int) -> bytes:
    """One RGBA PNG of ``size`` × ``size`` pixels."""
    raw = bytearray()
    for row in range(size):
        raw.append(0)  # filter: none
        for col in range(size):
            raw.extend(_pixel(size, col, row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(raw), 9))
        + chunk(b"IEND", b"")
    )


def main() -> None:
    folder = Path(__file__).resolve().parent / "static" / "images" / "icons"
    folder.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        (folder / f"jixiao-{size}.png").write_bytes(png(size))


if __name__ == "__main__":
    main()
