"""Renders resources/icons/app.svg into the icon files packages need: a hicolor tree (Linux),
and on request a multi-size .ico (Windows) and .icns (macOS) built from the same PNGs.

    python packaging/linux/icons.py TARGET [--ico FILE] [--icns FILE]

TARGET gets hicolor/<n>x<n>/apps/omidesk.png (16-512 px) and hicolor/scalable/apps/omidesk.svg.
The drawing itself is omidesk.desktop.integration.render_icons (Qt, offscreen), which the
per-user desktop installer uses too; this script only adds the containers packagers need.
"""

from __future__ import annotations

import argparse
import struct
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run from a checkout without installing it

from omidesk.desktop.integration import ICON_NAME, render_icons  # noqa: E402

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types holding PNG data, by pixel size (Apple's "icp4".."ic10"; ic10 is the
# 512@2x slot: a 1024 px image, which we do not draw, so 512 goes to ic09 only).
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}


def render_hicolor(target: Path) -> list[Path]:
    return render_icons(target / "hicolor")


def _pngs(sizes: tuple[int, ...] | list[int]) -> dict[int, bytes]:
    with tempfile.TemporaryDirectory() as scratch:
        render_icons(Path(scratch), sizes=sizes)
        return {
            size: (Path(scratch) / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png").read_bytes()
            for size in sizes
        }


def write_ico(path: Path) -> Path:
    """An .ico with PNG-compressed images (read by Windows Vista and later) of ICO_SIZES."""
    images = _pngs(ICO_SIZES)
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, data in images.items():
        # Width and height are one byte each: 0 means 256.
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + entries + blobs)
    return path


def write_icns(path: Path) -> Path:
    """An .icns of PNG elements (macOS 10.7 and later read PNG in every one of these types)."""
    images = _pngs(list(ICNS_TYPES))
    body = b"".join(
        ICNS_TYPES[size] + struct.pack(">I", 8 + len(data)) + data for size, data in images.items()
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"icns" + struct.pack(">I", 8 + len(body)) + body)
    return path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path, help="folder that receives hicolor/")
    parser.add_argument("--ico", type=Path, help="also write a Windows .ico here")
    parser.add_argument("--icns", type=Path, help="also write a macOS .icns here")
    args = parser.parse_args(argv)
    written = render_hicolor(args.target)
    if args.ico:
        written.append(write_ico(args.ico))
    if args.icns:
        written.append(write_icns(args.icns))
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
