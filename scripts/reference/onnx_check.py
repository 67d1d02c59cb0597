#!/usr/bin/python3
"""Validates ONNX files against the spec with the reference `onnx` package (Debian python3-onnx): the full checker plus
strict shape inference. Prints one JSON object: {file: {"ok": bool, "error"?: str, "opset": int, "output": [dims]}}.

usage: onnx_check.py FILE.onnx [FILE.onnx ...]
"""
import json
import sys

import onnx


def check(path):
    try:
        model = onnx.load(path)
        onnx.checker.check_model(model, full_check=True)
        inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True)
        out = inferred.graph.output[0].type.tensor_type.shape.dim
        return {'ok': True, 'opset': model.opset_import[0].version, 'output': [d.dim_value or d.dim_param for d in out]}
    except Exception as err:  # the checker raises several types; all mean "not valid"
        return {'ok': False, 'error': str(err).strip().split('\n')[0]}


if __name__ == '__main__':
    print(json.dumps({path: check(path) for path in sys.argv[1:]}))
