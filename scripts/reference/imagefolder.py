#!/usr/bin/python3
"""Reference for `hebb scan`: what torchvision.datasets.ImageFolder makes of a folder, as one JSON line.

Usage: /usr/bin/python3 scripts/reference/imagefolder.py <folder> [--samples]
Prints {"torchvision": version, "classes": [...], "images": N, "counts": {...}} and with --samples the
(relative path, label) list in ImageFolder's own order. ImageFolder does not open the images: it lists files
by extension, so this is the count of files it *would try* to load (torchvision's IMG_EXTENSIONS).
"""
import json
import os
import sys

import torchvision
from torchvision.datasets import ImageFolder


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    root = os.path.abspath(argv[1])
    ds = ImageFolder(root)
    counts = {c: 0 for c in ds.classes}
    for _, label in ds.samples:
        counts[ds.classes[label]] += 1
    out = {"torchvision": torchvision.__version__, "classes": ds.classes, "images": len(ds.samples), "counts": counts}
    if "--samples" in argv:
        out["samples"] = [[os.path.relpath(p, root), label] for p, label in ds.samples]
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
