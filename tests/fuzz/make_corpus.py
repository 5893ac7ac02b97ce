#!/usr/bin/env python3
"""Writes the seed corpus for fuzz_safetensors: a few tiny valid files covering every dtype the
reader accepts, 0-d and empty tensors, and metadata. Run from anywhere; writes next to itself."""
import json
import pathlib
import struct

CORPUS = pathlib.Path(__file__).resolve().parent / "corpus"
SIZES = {"F32": 4, "F64": 8, "F16": 2, "BF16": 2, "I64": 8}


def safetensors(tensors, metadata=None):
    """tensors: list of (name, dtype, shape, raw bytes), laid out back to back in that order."""
    header, data = {}, b""
    for name, dtype, shape, raw in tensors:
        count = 1
        for s in shape:
            count *= s
        assert len(raw) == count * SIZES[dtype], name
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    if metadata is not None:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-(8 + len(text)) % 8)
    return struct.pack("<Q", len(text)) + text + data


SEEDS = {
    "f32_with_metadata": safetensors(
        [("w", "F32", [2, 3], struct.pack("<6f", 1, -2, 0.5, 3e-40, float("inf"), 7))],
        {"format": "pt", "config": '{"seed": 1}'}),
    "f64_and_scalar": safetensors(
        [("a", "F64", [3], struct.pack("<3d", 0.1, -1e300, 5e-324)), ("s", "F32", [], struct.pack("<f", 2.5))]),
    "halves": safetensors(
        [("h", "F16", [4], struct.pack("<4H", 0x3C00, 0x0001, 0x7C00, 0x7E00)),
         ("b", "BF16", [2], struct.pack("<2H", 0x3F80, 0x0001))]),
    "i64_buffers": safetensors(
        [("bn.num_batches_tracked", "I64", [], struct.pack("<q", 0)),
         ("labels", "I64", [3], struct.pack("<3q", 3, -1, 9))]),
    "empty_tensors": safetensors(
        [("e", "F32", [0, 4], b""), ("f", "I64", [2, 0], b"")], {}),
    "no_tensors": safetensors([], {"note": "metadata only"}),
}

if __name__ == "__main__":
    CORPUS.mkdir(exist_ok=True)
    for name, data in SEEDS.items():
        (CORPUS / f"{name}.safetensors").write_bytes(data)
