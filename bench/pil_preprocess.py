"""PIL reference for bench/preprocess.ts: images to size x size x 3 the way torchvision users load them, timed in-process.

Per file, as torchvision's ImageFolder + transforms.Compose([Resize(size), CenterCrop(size)]) run it on PIL images:
Image.open -> convert('RGB') (torchvision's pil_loader) -> resize the shorter side to `size` with BILINEAR
(torchvision's default InterpolationMode; Pillow's bilinear is antialiased, a triangle filter widened by the
scale factor, the same family as libvips's 'linear' reduce kernel) -> centre crop -> bytes.
No EXIF transpose: torchvision's loader does not apply it (Hebb's sharp pipeline does, which only costs us).

Usage: /usr/bin/python3 bench/pil_preprocess.py LISTFILE SIZE WORKERS [draft|floor]
`draft` first asks libjpeg to decode at a reduced DCT scale (Image.draft, at least 2x the target), PIL's
counterpart of sharp's JPEG shrink-on-load. Few PIL users call it (torchvision does not), so it is reported apart.
`floor` only decodes, at the smallest DCT scale that still covers the target (what sharp's shrink-on-load picks),
with no resize, crop or copy: libjpeg-turbo's own cost, below which no pipeline built on it can go.
Prints one JSON line: {"images", "seconds", "imagesPerSecond", "cpuMsPerImage", "workers", "mode"}.
cpuMsPerImage is CPU time spent inside preprocess() (summed over workers): on a shared machine it is steadier
than wall time.
"""
import json
import sys
import time
from multiprocessing import Pool

from PIL import Image

SIZE = 64
MODE = "plain"


def preprocess(path):
    cpu = time.process_time()
    with Image.open(path) as img:
        if MODE == "floor":
            img.draft("RGB", (SIZE, SIZE))
            img.load()
            return SIZE * SIZE * 3, time.process_time() - cpu
        if MODE == "draft":
            img.draft("RGB", (SIZE * 2, SIZE * 2))
        img = img.convert("RGB")
        w, h = img.size
        scale = SIZE / min(w, h)
        img = img.resize((max(SIZE, round(w * scale)), max(SIZE, round(h * scale))), Image.BILINEAR)
        left, top = (img.width - SIZE) // 2, (img.height - SIZE) // 2
        n = len(img.crop((left, top, left + SIZE, top + SIZE)).tobytes())
    return n, time.process_time() - cpu


def init(size, mode):
    global SIZE, MODE
    SIZE, MODE = size, mode


def main():
    list_file, size, workers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    mode = sys.argv[4] if len(sys.argv) > 4 else "plain"
    assert mode in ("plain", "draft", "floor"), f"unknown mode {mode!r}"
    files = [line for line in open(list_file).read().splitlines() if line]
    init(size, mode)
    if workers <= 1:
        preprocess(files[0])  # first-use cost (plugin imports) outside the timing, as the pool's warm-up does
        start = time.perf_counter()
        results = [preprocess(f) for f in files]
        seconds = time.perf_counter() - start
    else:
        with Pool(workers, initializer=init, initargs=(size, mode)) as pool:
            pool.map(preprocess, files[:workers])  # warm the workers (fork + imports) outside the timing
            start = time.perf_counter()
            results = pool.map(preprocess, files, chunksize=16)
            seconds = time.perf_counter() - start
    assert sum(r[0] for r in results) == len(files) * size * size * 3
    cpu_ms = 1000 * sum(r[1] for r in results) / len(files)
    print(json.dumps({"images": len(files), "seconds": seconds, "imagesPerSecond": len(files) / seconds,
                      "cpuMsPerImage": cpu_ms, "workers": workers, "mode": mode}))


if __name__ == "__main__":
    main()
