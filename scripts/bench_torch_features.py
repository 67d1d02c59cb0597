#!/usr/bin/python3
"""PyTorch reference for `hebb bench --arch transfer-mobilenetv2 --compare-torch`: torchvision's mobilenet_v2().features
plus global average pooling, eval mode, no_grad: the frozen backbone's forward pass, as a torchvision user extracts features.

Prints one JSON line {"backend": "pytorch", "img_s", "img_cpu_s", "threads", "side", "batch"} (last line of stdout).
Run with Debian's interpreter: /usr/bin/python3 scripts/bench_torch_features.py [--side 224] [--batch 32] [--steps 4] [--threads 2]
Same BLAS and malloc settings as bench_torch.py (PyTorch at its best here); random weights (no download), same work.
"""
import argparse
import json
import os
import sys
import time

os.environ.setdefault('OPENBLAS_NUM_THREADS', '1')
if 'MALLOC_MMAP_THRESHOLD_' not in os.environ:
    os.environ['MALLOC_MMAP_THRESHOLD_'] = str(32 << 20)
    os.environ.setdefault('MALLOC_TRIM_THRESHOLD_', str(64 << 20))
    os.execv(sys.executable, [sys.executable] + sys.argv)

import torch  # noqa: E402
import torchvision  # noqa: E402

WARMUP_SECONDS = 1.0  # as src-main/engine/bench/runner.ts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--side', type=int, default=224)
    ap.add_argument('--batch', type=int, default=32)
    ap.add_argument('--steps', type=int, default=4)
    ap.add_argument('--threads', type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    net = torch.nn.Sequential(torchvision.models.mobilenet_v2().features, torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten()).eval()
    pool = [torch.rand(a.batch, 3, a.side, a.side) for _ in range(2)]
    with torch.no_grad():
        w0, i = time.perf_counter(), 0
        while i < 1 or time.perf_counter() - w0 < WARMUP_SECONDS:
            net(pool[i % 2]).sum().item()
            i += 1
        t0, c0 = time.perf_counter(), time.process_time()
        for s in range(a.steps):
            net(pool[s % 2]).sum().item()
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    n = a.steps * a.batch
    print(json.dumps({'backend': 'pytorch', 'img_s': round(n / wall, 1), 'img_cpu_s': round(n / cpu, 1), 'threads': a.threads, 'side': a.side, 'batch': a.batch}), flush=True)


if __name__ == '__main__':
    main()
