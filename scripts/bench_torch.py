#!/usr/bin/python3
"""PyTorch reference for `hebb bench`: the same two models, batch sizes, Adam and warm-up rule, on 2 CPU threads.

Prints one JSON line {"backend": "pytorch", "cnn_img_s", "mlp_samples_s", "cnn_img_cpu_s", "mlp_samples_cpu_s", "threads"} (last line of stdout).
Run with Debian's interpreter: /usr/bin/python3 scripts/bench_torch.py [--steps N (default cnn 50, mlp 500)] [--warmup N (exactly; default cnn 5, mlp 30, lasting at least 1 s)] [--threads N]
"""
import argparse
import json
import os
import sys
import time


# Debian's torch multiplies through the system OpenBLAS, whose own thread pool torch.set_num_threads does not
# govern: its threads spin and fight torch's OpenMP threads for the cores. Measured here on 2 cores, torch with
# 2 threads ran fastest with BLAS on one (CNN ~1,900 img/s, MLP ~37k samples/s, against ~1,050-1,300 and ~6-9k with
# BLAS on two), so that is the default: PyTorch at its best is the yardstick. A caller's setting wins.
# HEBB_TORCH_AS_INSTALLED=1 skips both settings below: PyTorch exactly as Debian runs it (the yardstick).
AS_INSTALLED = os.environ.get('HEBB_TORCH_AS_INSTALLED') == '1'
if not AS_INSTALLED:
    os.environ.setdefault('OPENBLAS_NUM_THREADS', '1')

# glibc serves allocations of 128 KiB and more by mmap and returns them at free, so a step that makes and drops
# ~1 MB tensors (the mlp's weight gradient, Adam's temporaries) pays page faults on each: measured here, the mlp alone
# ran at ~23k samples/s, and at ~36k with these thresholds raised (the ceiling glibc reaches by itself once larger
# blocks have been freed, as after the CNN's). The CNN went ~1,800 -> ~2,250 img/s. PyTorch's tuning guide says as
# much (use jemalloc or tcmalloc); these settings are its stdlib-only form. They must be set before the process
# starts, hence the re-exec. A caller's own setting wins.
if not AS_INSTALLED and 'MALLOC_MMAP_THRESHOLD_' not in os.environ:
    os.environ['MALLOC_MMAP_THRESHOLD_'] = str(32 << 20)
    os.environ.setdefault('MALLOC_TRIM_THRESHOLD_', str(64 << 20))
    os.execv(sys.executable, [sys.executable] + sys.argv)

import torch  # noqa: E402
from torch import nn  # noqa: E402


def cnn():
    # 28x28x1: conv3x3x32 same+relu, maxpool2, conv3x3x64 same+relu, maxpool2, dense128 relu, dropout 0.3, dense10
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Dropout(0.3), nn.Linear(128, 10),
    ), 32, (1, 28, 28)


def mlp():
    return nn.Sequential(
        nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10),
    ), 64, (784,)


DEFAULT_STEPS = {'cnn': 50, 'mlp': 500}  # as src-main/engine/bench/runner.ts
DEFAULT_WARMUP = {'cnn': 5, 'mlp': 30}  # likewise
WARMUP_SECONDS = 1.0  # likewise: warm-up lasts at least this long (steady speed comes only after the CPU has ramped up)
BATCH_POOL = 4  # distinct random batches cycled through, so the model never memorises one (as runner.ts)


def rate(build, steps, warmup, warmup_seconds):
    """Samples/s of Adam steps with cross-entropy (log-softmax + NLL, i.e. softmax + categorical CE) on random batches."""
    model, batch, shape = build()
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    pool = [(torch.rand(batch, *shape), torch.randint(0, 10, (batch,))) for _ in range(BATCH_POOL)]
    it = [0]

    def step():
        x, y = pool[it[0] % BATCH_POOL]
        it[0] += 1
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()  # read back every step, as our trainer does

    w0, i = time.perf_counter(), 0
    while i < warmup or time.perf_counter() - w0 < warmup_seconds:
        step()
        i += 1
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(steps):
        step()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return steps * batch / wall, steps * batch / cpu


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--steps', type=int, default=None, help='timed steps per model (default: cnn 50, mlp 500)')
    ap.add_argument('--warmup', type=int, default=None, help='untimed steps per model, exactly (default: cnn 5, mlp 30, lasting at least 1 s)')
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--models', default='cnn,mlp')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    which = a.models.split(',')
    out = {'backend': 'pytorch', 'cnn_img_s': None, 'mlp_samples_s': None, 'threads': a.threads, 'blas_threads': os.environ.get('OPENBLAS_NUM_THREADS'), 'malloc_mmap_threshold': os.environ.get('MALLOC_MMAP_THRESHOLD_'), 'as_installed': AS_INSTALLED}
    for name, build, key in (('cnn', cnn, 'cnn_img'), ('mlp', mlp, 'mlp_samples')):
        if name in which:
            wall, cpu = rate(build, a.steps or DEFAULT_STEPS[name], DEFAULT_WARMUP[name] if a.warmup is None else a.warmup,
                             WARMUP_SECONDS if a.warmup is None else 0)
            out[key + '_s'] = round(wall, 1)
            out[key + '_cpu_s'] = round(cpu, 1)  # per second of process CPU time (robust to machine load)
    print(json.dumps(out), flush=True)


if __name__ == '__main__':
    main()
