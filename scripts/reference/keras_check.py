#!/usr/bin/python3
"""Reads a Keras .h5 written by Hebb Studio with h5py alone (Keras is not installed here) and prints one JSON object.

It reports the attributes Keras looks for, a sha256 of every weight (so the caller can prove the weights are bit-exact),
and, given --sample, recomputes predictions by interpreting model_config with torch: an independent reading of the
config and weights, not tfjs's.

usage: keras_check.py FILE.h5 [--sample RAW_F32 --shape N,H,W,C]
"""
import hashlib
import json
import math
import sys

import h5py
import numpy as np


def attr_str(v):
    return v.decode('utf8') if isinstance(v, bytes) else str(v)


def read_weights(f):
    """All weights: {dataset path: array}, plus {layer name: {short name: array}} from weight_names."""
    root = f['model_weights']
    by_path, by_layer = {}, {}
    for layer in [attr_str(n) for n in root.attrs['layer_names']]:
        g = root[layer]
        for wn in [attr_str(n) for n in g.attrs.get('weight_names', [])]:
            arr = np.asarray(g[wn], dtype=np.float32)
            by_path[f'model_weights/{layer}/{wn}'] = arr
            owner, short = wn.rsplit('/', 1)
            by_layer.setdefault(owner.split('/')[-1], {})[short.split(':')[0]] = arr
    return by_path, by_layer


class Forward:
    """A torch interpreter for the Keras 2 layer configs our architectures use; tensors stay NHWC like Keras."""

    def __init__(self, weights):
        import torch
        import torch.nn.functional as F
        self.torch, self.F, self.w = torch, F, weights

    def t(self, arr):
        return self.torch.from_numpy(np.ascontiguousarray(arr))

    def same_pad(self, x, k, s, d, value=0.0):
        _, h, w, _ = x.shape
        def one(size, k, s, d):
            total = max((math.ceil(size / s) - 1) * s + (k - 1) * d + 1 - size, 0)
            return total // 2, total - total // 2
        t, b = one(h, k[0], s[0], d[0])
        l, r = one(w, k[1], s[1], d[1])
        return self.F.pad(x, (0, 0, l, r, t, b), value=value)

    def act(self, x, name):
        F, torch = self.F, self.torch
        table = {
            'linear': lambda v: v, 'relu': F.relu, 'relu6': lambda v: torch.clamp(v, 0, 6), 'sigmoid': torch.sigmoid,
            'tanh': torch.tanh, 'elu': F.elu, 'selu': F.selu, 'softplus': F.softplus, 'softsign': F.softsign,
            'hard_sigmoid': lambda v: torch.clamp(0.2 * v + 0.5, 0, 1), 'swish': lambda v: v * torch.sigmoid(v),
            'softmax': lambda v: torch.softmax(v, -1), 'log_softmax': lambda v: torch.log_softmax(v, -1),
        }
        if name not in table:
            raise ValueError(f'activation {name} not understood by the reference')
        return table[name](x)

    def conv(self, x, cfg, kernel, bias, groups=1):
        s, d = cfg['strides'], cfg.get('dilation_rate', [1, 1])
        k = kernel.shape[2:]
        if cfg['padding'] == 'same':
            x = self.same_pad(x, k, s, d)
        y = self.F.conv2d(x.permute(0, 3, 1, 2), kernel, None if bias is None else bias, stride=s, dilation=d, groups=groups)
        return y.permute(0, 2, 3, 1)

    def layer(self, cls, cfg, xs):
        F, torch, w = self.F, self.torch, self.w.get(cfg['name'], {})
        x = xs[0]
        if cls in ('Dropout', 'SpatialDropout2D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'InputLayer'):
            return x
        if cls == 'Conv2D':
            k = self.t(w['kernel']).permute(3, 2, 0, 1)
            return self.act(self.conv(x, cfg, k, self.t(w['bias']) if 'bias' in w else None), cfg['activation'])
        if cls in ('DepthwiseConv2D', 'SeparableConv2D'):
            dk = self.t(w['depthwise_kernel'])
            kh, kw, c, m = dk.shape
            dkt = dk.reshape(kh, kw, 1, c * m).permute(3, 2, 0, 1)
            if cls == 'DepthwiseConv2D':
                return self.act(self.conv(x, cfg, dkt, self.t(w['bias']) if 'bias' in w else None, groups=c), cfg['activation'])
            y = self.conv(x, cfg, dkt, None, groups=c)
            pk = self.t(w['pointwise_kernel']).permute(3, 2, 0, 1)
            y = F.conv2d(y.permute(0, 3, 1, 2), pk, self.t(w['bias']) if 'bias' in w else None).permute(0, 2, 3, 1)
            return self.act(y, cfg['activation'])
        if cls == 'Dense':
            y = x @ self.t(w['kernel'])
            return self.act(y + self.t(w['bias']) if 'bias' in w else y, cfg['activation'])
        if cls in ('MaxPooling2D', 'AveragePooling2D'):
            k, s = cfg['pool_size'], cfg['strides'] or cfg['pool_size']
            if cls == 'MaxPooling2D':
                if cfg['padding'] == 'same':
                    x = self.same_pad(x, k, s, [1, 1], value=-math.inf)
                return F.max_pool2d(x.permute(0, 3, 1, 2), k, s).permute(0, 2, 3, 1)
            ones = torch.ones_like(x[..., :1])
            if cfg['padding'] == 'same':
                x, ones = self.same_pad(x, k, s, [1, 1]), self.same_pad(ones, k, s, [1, 1])
            total = F.avg_pool2d(x.permute(0, 3, 1, 2), k, s)
            count = F.avg_pool2d(ones.permute(0, 3, 1, 2), k, s)
            return (total / count).permute(0, 2, 3, 1)
        if cls == 'GlobalAveragePooling2D':
            return x.mean(dim=(1, 2))
        if cls == 'GlobalMaxPooling2D':
            return x.amax(dim=(1, 2))
        if cls == 'BatchNormalization':
            n = x.shape[-1]
            g = self.t(w['gamma']) if cfg.get('scale', True) else torch.ones(n)
            b = self.t(w['beta']) if cfg.get('center', True) else torch.zeros(n)
            return (x - self.t(w['moving_mean'])) / torch.sqrt(self.t(w['moving_variance']) + cfg['epsilon']) * g + b
        if cls == 'Flatten':
            return x.reshape(x.shape[0], -1)
        if cls == 'ZeroPadding2D':
            (t, b), (l, r) = cfg['padding']
            return F.pad(x, (0, 0, l, r, t, b))
        if cls == 'Rescaling':
            return x * cfg['scale'] + cfg.get('offset', 0.0)
        if cls == 'Activation':
            return self.act(x, cfg['activation'])
        if cls == 'ReLU':
            y = F.relu(x)
            return y if cfg.get('max_value') is None else torch.clamp(y, max=cfg['max_value'])
        if cls == 'LeakyReLU':
            return F.leaky_relu(x, cfg['alpha'])
        if cls == 'ELU':
            return F.elu(x, cfg['alpha'])
        if cls == 'Softmax':
            return torch.softmax(x, cfg.get('axis', -1))
        if cls in ('Add', 'Multiply', 'Maximum', 'Minimum', 'Average'):
            y = xs[0]
            for other in xs[1:]:
                y = {'Add': torch.add, 'Average': torch.add, 'Multiply': torch.mul, 'Maximum': torch.maximum, 'Minimum': torch.minimum}[cls](y, other)
            return y / len(xs) if cls == 'Average' else y
        if cls == 'Concatenate':
            return torch.cat(xs, cfg.get('axis', -1))
        raise ValueError(f'layer class {cls} not understood by the reference')

    def model(self, cls, cfg, x):
        if cls == 'Sequential':
            for layer in cfg['layers']:
                x = self.call(layer, [x])
            return x
        tensors = {}
        inputs = [name for name, _, _ in cfg['input_layers']]
        for name in inputs:
            tensors[(name, 0, 0)] = x
        seen = {}
        for layer in cfg['layers']:
            if layer['class_name'] == 'InputLayer':
                continue
            for node in layer['inbound_nodes']:
                xs = [tensors[(n, i, j)] for n, i, j, *_ in node]
                # Keras (and tfjs) number a nested model's nodes from 1: node 0 is the model's own construction.
                k = seen.get(layer['name'], 1 if layer['class_name'] in ('Sequential', 'Functional', 'Model') else 0)
                seen[layer['name']] = k + 1
                tensors[(layer['name'], k, 0)] = self.call(layer, xs)
        name, i, j = cfg['output_layers'][0]
        return tensors[(name, i, j)]

    def call(self, layer, xs):
        cls, cfg = layer['class_name'], layer['config']
        if cls in ('Sequential', 'Functional', 'Model'):
            return self.model(cls, cfg, xs[0])
        return self.layer(cls, cfg, xs)


def main(argv):
    path = argv[1]
    out = {'file': path}
    with h5py.File(path, 'r') as f:
        out['keras_version'] = attr_str(f.attrs['keras_version'])
        out['backend'] = attr_str(f.attrs['backend'])
        config = json.loads(attr_str(f.attrs['model_config']))
        out['model_class'] = config['class_name']
        out['layer_names'] = [attr_str(n) for n in f['model_weights'].attrs['layer_names']]
        by_path, by_layer = read_weights(f)
    out['weights'] = {p: {'shape': list(a.shape), 'dtype': str(a.dtype), 'sha256': hashlib.sha256(a.astype('<f4').tobytes()).hexdigest()} for p, a in by_path.items()}
    if '--sample' in argv:
        import torch
        shape = [int(v) for v in argv[argv.index('--shape') + 1].split(',')]
        x = np.fromfile(argv[argv.index('--sample') + 1], dtype='<f4').reshape(shape)
        with torch.no_grad():
            y = Forward(by_layer).model(config['class_name'], config['config'], torch.from_numpy(x))
        out['predictions'] = y.numpy().astype(float).tolist()
        out['runtime'] = f'torch {torch.__version__}'
    print(json.dumps(out))


if __name__ == '__main__':
    main(sys.argv)
