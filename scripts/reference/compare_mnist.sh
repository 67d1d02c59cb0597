#!/usr/bin/env bash
# Held-out accuracy of `hebb train` vs the PyTorch reference on the same MNIST subset, architecture, split,
# epochs, batch size, optimizer and learning rate. Usage: scripts/reference/compare_mnist.sh [ARCH] [EPOCHS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/../.."
ARCH=${1:-cnn-small}; EPOCHS=${2:-5}; SEED=${3:-42}
WORK=$(mktemp -d /tmp/hebb-compare-XXXX)
/usr/bin/python3 scripts/reference/mnist_to_png.py "$WORK/mnist" --train 2000 --test 500
COMMON=(--epochs "$EPOCHS" --batch-size 32 --lr 0.001 --optimizer adam --seed "$SEED")
echo "PyTorch: $(/usr/bin/python3 scripts/reference/torch_train.py --arch "$ARCH" --data "$WORK/mnist/train" --test "$WORK/mnist/test" "${COMMON[@]}" --json)"
echo "Hebb:    $(HEBB_HOME="$WORK/home" node bin/hebb.js train --arch "$ARCH" --data "$WORK/mnist/train" --test "$WORK/mnist/test" --image-size 28 --out "$WORK/run" "${COMMON[@]}" --json 2>/dev/null | tail -1)"
rm -rf "$WORK"
