#!/usr/bin/python3
"""PyTorch reference for `hebb bench`: the same two models, batch sizes, Adam and warm-up rule, on 2 CPU threads.

Prints one JSON line {"backend": "pytorch", "cnn_img_s", "mlp_samples_s", "cnn_img_cpu_s", "mlp_samples_cpu_s", "threads"} (last line of stdout).
Run with Debian's interpreter: /usr/bin/python3 scripts/bench_torch.py [--steps N] [--warmup N] [--threads N]
"""
import argparse
import json
import time

import torch
from torch import nn


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


def rate(build, steps, warmup):
    """Samples/s of Adam steps with cross-entropy (log-softmax + NLL, i.e. softmax + categorical CE) on one random batch."""
    model, batch, shape = build()
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.rand(batch, *shape)
    y = torch.randint(0, 10, (batch,))

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()  # read back every step, as our trainer does

    for _ in range(warmup):
        step()
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(steps):
        step()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return steps * batch / wall, steps * batch / cpu


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--steps', type=int, default=30)
    ap.add_argument('--warmup', type=int, default=5)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--models', default='cnn,mlp')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    which = a.models.split(',')
    out = {'backend': 'pytorch', 'cnn_img_s': None, 'mlp_samples_s': None, 'threads': a.threads}
    for name, build, key in (('cnn', cnn, 'cnn_img'), ('mlp', mlp, 'mlp_samples')):
        if name in which:
            wall, cpu = rate(build, a.steps, a.warmup)
            out[key + '_s'] = round(wall, 1)
            out[key + '_cpu_s'] = round(cpu, 1)  # per second of process CPU time (robust to machine load)
    print(json.dumps(out), flush=True)


if __name__ == '__main__':
    main()
