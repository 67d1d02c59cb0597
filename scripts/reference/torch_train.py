#!/usr/bin/python3
"""PyTorch reference for `hebb train`: the same cnn-small, data, split, epochs, batch size, optimizer and LR.

Usage: /usr/bin/python3 scripts/reference/torch_train.py --data DIR/train --test DIR/test \
           [--epochs 5] [--batch-size 32] [--lr 0.001] [--optimizer adam] [--val 0.2] [--seed 42] [--json]
Images are read as Hebb does for greyscale data (1 channel, /255; MNIST is already 28×28, so no resize).
The validation files are chosen by Hebb's own seeded split rule, so both trainers fit and validate on the same files. Prints held-out accuracy on --test.
"""
import argparse
import hashlib
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn
from PIL import Image


def load_folder(root):
    classes = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    xs, ys, paths = [], [], []
    for c, name in enumerate(classes):
        for f in sorted(os.listdir(os.path.join(root, name))):
            img = Image.open(os.path.join(root, name, f)).convert('L')
            xs.append(np.asarray(img, dtype=np.float32) / 255.0)
            ys.append(c)
            paths.append(f'{name}/{f}')
    return np.stack(xs)[:, None, :, :], np.array(ys, dtype=np.int64), classes, paths


def hebb_split(paths, y, share, seed):
    """Hebb's seeded split (src-main/dataset/split.ts): per class, rank files by sha256("<seed>\\0<relative path>")
    and send the first round(n·share) to validation, so both trainers fit and validate on the very same files."""
    val = np.zeros(len(y), bool)
    for c in np.unique(y):
        idx = [i for i in np.where(y == c)[0]]
        idx.sort(key=lambda i: (hashlib.sha256(f'{seed}\0{paths[i]}'.encode()).hexdigest(), paths[i]))
        n_val = int(math.floor(len(idx) * share + 0.5))
        if len(idx) >= 2 and n_val >= len(idx):
            n_val = len(idx) - 1
        val[idx[:n_val]] = True
    return ~val, val


class CnnSmall(nn.Module):
    """conv3×3·32 valid → maxpool → conv3×3·64 valid → maxpool → dense 128 → dropout 0.5 → softmax (Keras init: He normal)."""

    def __init__(self, side, classes):
        super().__init__()
        s = ((side - 2) // 2 - 2) // 2
        self.features = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2))
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(64 * s * s, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, classes))
        for m in self.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                nn.init.zeros_(m.bias)
                if m is self.head[-1]:
                    nn.init.xavier_uniform_(m.weight)
                else:
                    nn.init.kaiming_normal_(m.weight, nonlinearity='relu')

    def forward(self, x):
        return self.head(self.features(x))


class Mlp(nn.Module):
    """Hebb's `mlp`: flatten → dense 128 ReLU → dense 64 ReLU → softmax (He normal, Glorot on the output)."""

    def __init__(self, side, classes, hidden=(128, 64)):
        super().__init__()
        layers, n = [nn.Flatten()], side * side
        for h in hidden:
            layers += [nn.Linear(n, h), nn.ReLU()]
            n = h
        layers.append(nn.Linear(n, classes))
        self.net = nn.Sequential(*layers)
        for i, m in enumerate(self.net):
            if isinstance(m, nn.Linear):
                nn.init.zeros_(m.bias)
                (nn.init.xavier_uniform_ if m is self.net[-1] else lambda w: nn.init.kaiming_normal_(w, nonlinearity='relu'))(m.weight)

    def forward(self, x):
        return self.net(x)


def make_optimizer(name, params, lr):
    if name == 'sgd':
        return torch.optim.SGD(params, lr=lr)
    if name == 'momentum':
        return torch.optim.SGD(params, lr=lr, momentum=0.9)
    if name == 'rmsprop':
        return torch.optim.RMSprop(params, lr=lr, alpha=0.9, eps=1e-7)
    return torch.optim.Adam(params, lr=lr, eps=1e-7)


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        return float((model(torch.from_numpy(x)).argmax(1).numpy() == y).mean())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', required=True)
    ap.add_argument('--test', required=True)
    ap.add_argument('--arch', default='cnn-small', choices=['cnn-small', 'mlp'])
    ap.add_argument('--epochs', type=int, default=5)
    ap.add_argument('--batch-size', type=int, default=32)
    ap.add_argument('--lr', type=float, default=0.001)
    ap.add_argument('--optimizer', default='adam')
    ap.add_argument('--val', type=float, default=0.2)
    ap.add_argument('--seed', type=int, default=42)
    ap.add_argument('--json', action='store_true')
    a = ap.parse_args()
    torch.manual_seed(a.seed)
    torch.set_num_threads(1)
    x, y, classes, paths = load_folder(a.data)
    xt, yt, test_classes, _ = load_folder(a.test)
    assert classes == test_classes, 'train and test class folders differ'
    tr, va = hebb_split(paths, y, a.val, a.seed)
    model = (CnnSmall if a.arch == 'cnn-small' else Mlp)(x.shape[2], len(classes))
    opt = make_optimizer(a.optimizer, model.parameters(), a.lr)
    loss_fn = nn.CrossEntropyLoss()
    xtr, ytr = torch.from_numpy(x[tr]), torch.from_numpy(y[tr])
    g = torch.Generator().manual_seed(a.seed)
    t0 = time.time()
    for epoch in range(a.epochs):
        model.train()
        perm = torch.randperm(len(ytr), generator=g)
        for i in range(0, len(ytr), a.batch_size):
            idx = perm[i:i + a.batch_size]
            opt.zero_grad()
            loss = loss_fn(model(xtr[idx]), ytr[idx])
            loss.backward()
            opt.step()
        if not a.json:
            print(f'epoch {epoch + 1}/{a.epochs} loss {loss.item():.4f} val_acc {accuracy(model, x[va], y[va]):.4f}')
    seconds = time.time() - t0
    result = {
        'framework': f'torch {torch.__version__}', 'arch': a.arch, 'valAccuracy': accuracy(model, x[va], y[va]), 'testAccuracy': accuracy(model, xt, yt),
        'imagesPerSecond': len(ytr) * a.epochs / seconds, 'trainImages': int(len(ytr)), 'testImages': int(len(yt)),
    }
    print(json.dumps(result))


if __name__ == '__main__':
    main()
