#!/usr/bin/python3
"""Runs a .tflite written by Hebb Studio in Arm NN (Debian python3-pyarmnn: its TfLite parser, CpuRef backend) and
prints one JSON object with the predictions: a TFLite reader and kernels nobody in this project wrote.

usage: tflite_check.py FILE.tflite --sample RAW --shape N,H,W,C --dtype float32|uint8
RAW holds N images, float32 or uint8 as the model's input expects; each runs on its own (the graph has batch 1).
"""
import json
import sys

import numpy as np
import pyarmnn as ann


def main(argv):
    path = argv[1]
    opts = dict(zip(argv[2::2], argv[3::2]))
    shape = [int(v) for v in opts['--shape'].split(',')]
    dtype = np.uint8 if opts.get('--dtype') == 'uint8' else np.float32
    images = np.fromfile(opts['--sample'], dtype=dtype).reshape(shape)

    parser = ann.ITfLiteParser()
    network = parser.CreateNetworkFromBinaryFile(path)
    in_names = parser.GetSubgraphInputTensorNames(0)
    out_names = parser.GetSubgraphOutputTensorNames(0)
    in_info = parser.GetNetworkInputBindingInfo(0, in_names[0])
    out_info = parser.GetNetworkOutputBindingInfo(0, out_names[0])
    runtime = ann.IRuntime(ann.CreationOptions())
    backend = opts.get('--backend', 'CpuRef')
    optimized, messages = ann.Optimize(network, [ann.BackendId(backend)], runtime.GetDeviceSpec(), ann.OptimizerOptions())
    net_id, _ = runtime.LoadNetwork(optimized)
    preds = []
    for img in images:
        inputs = ann.make_input_tensors([in_info], [np.ascontiguousarray(img[None])])
        outputs = ann.make_output_tensors([out_info])
        runtime.EnqueueWorkload(net_id, inputs, outputs)
        out = ann.workload_tensors_to_ndarray(outputs)[0]
        q = out_info[1].GetQuantizationScale(), out_info[1].GetQuantizationOffset()
        if out.dtype != np.float32:
            out = (out.astype(np.float32) - q[1]) * q[0]
        preds.append(out.reshape(-1).astype(float).tolist())
    print(json.dumps({'runtime': f'Arm NN {ann.ARMNN_VERSION} TfLiteParser ({backend})', 'input': in_names[0], 'output': out_names[0], 'predictions': preds}))


if __name__ == '__main__':
    main(sys.argv)
