"""PIL reference for bench/preprocess.ts: the same preprocessing as Hebb's sharp pipeline, timed in-process.

Per file: open, exif_transpose, resize to size x size "cover" (ImageOps.fit = centre crop), convert RGB, to bytes.
Usage: /usr/bin/python3 bench/pil_preprocess.py LISTFILE SIZE WORKERS [draft]
Prints one JSON line: {"images", "seconds", "imagesPerSecond", "cpuMsPerImage", "workers", "draft"}.
cpuMsPerImage is CPU time spent inside preprocess() (summed over workers): on a shared machine it is steadier
than wall time.
`draft` lets libjpeg decode at a reduced scale first (PIL's counterpart of sharp's shrink-on-load).
"""
import json
import sys
import time
from multiprocessing import Pool

from PIL import Image, ImageOps

SIZE = 64
DRAFT = False


def preprocess(path):
    cpu = time.process_time()
    with Image.open(path) as img:
        if DRAFT:
            img.draft("RGB", (SIZE * 2, SIZE * 2))
        img = ImageOps.exif_transpose(img)
        img = ImageOps.fit(img, (SIZE, SIZE))
        n = len(img.convert("RGB").tobytes())
    return n, time.process_time() - cpu


def init(size, draft):
    global SIZE, DRAFT
    SIZE, DRAFT = size, draft


def main():
    list_file, size, workers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    draft = len(sys.argv) > 4 and sys.argv[4] == "draft"
    files = [line for line in open(list_file).read().splitlines() if line]
    init(size, draft)
    if workers <= 1:
        start = time.perf_counter()
        results = [preprocess(f) for f in files]
        seconds = time.perf_counter() - start
    else:
        with Pool(workers, initializer=init, initargs=(size, draft)) as pool:
            pool.map(preprocess, files[:workers])  # warm the workers (fork + imports) outside the timing
            start = time.perf_counter()
            results = pool.map(preprocess, files, chunksize=16)
            seconds = time.perf_counter() - start
    assert sum(r[0] for r in results) == len(files) * size * size * 3
    cpu_ms = 1000 * sum(r[1] for r in results) / len(files)
    print(json.dumps({"images": len(files), "seconds": seconds, "imagesPerSecond": len(files) / seconds,
                      "cpuMsPerImage": cpu_ms, "workers": workers, "draft": draft}))


if __name__ == "__main__":
    main()
