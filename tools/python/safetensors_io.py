"""Minimal safetensors reading and writing: raw bytes in plain Python (read_raw / write_raw), and
numpy arrays on top (read / write; numpy is imported only there).

Format: 8-byte little-endian header length, a JSON header {name: {dtype, shape, data_offsets}},
optional "__metadata__" of strings, then the raw little-endian data.
"""
import json
import os
import struct
import tempfile

ELEMENT_SIZES = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "U8": 1}
_NUMPY_NAMES = {"F32": "float32", "F64": "float64", "F16": "float16", "I64": "int64",
                "I32": "int32", "U8": "uint8"}


def read_raw(path):
    """Returns ({name: (dtype, shape, bytes)}, {metadata})."""
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    data = blob[8 + n:]
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        tensors[name] = (entry["dtype"], list(entry["shape"]), data[begin:end])
    return tensors, metadata


def write_raw(path, tensors, metadata=None):
    """Writes {name: (dtype, shape, little-endian bytes)} atomically (temp file + rename), widest
    dtypes first so every offset stays aligned to its element size."""
    names = sorted(tensors, key=lambda k: (-ELEMENT_SIZES[tensors[k][0]], k))
    header, offset = {}, 0
    for name in names:
        dtype, shape, raw = tensors[name]
        header[name] = {"dtype": dtype, "shape": list(shape),
                        "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    text = json.dumps(header).encode()
    text += b" " * (-(8 + len(text)) % 8)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)), suffix=".tmp")
    with os.fdopen(fd, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text)
        for name in names:
            f.write(tensors[name][2])
    os.replace(tmp, path)


def read(path):
    """Returns ({name: numpy array}, {metadata})."""
    import numpy as np
    raw, metadata = read_raw(path)
    tensors = {}
    for name, (dtype, shape, data) in raw.items():
        if dtype not in _NUMPY_NAMES:
            raise ValueError(f"{path}: tensor {name} has dtype {dtype}, not supported here")
        tensors[name] = np.frombuffer(data, dtype=np.dtype(_NUMPY_NAMES[dtype]).newbyteorder("<")) \
            .reshape(shape).copy()
    return tensors, metadata


def write(path, tensors, metadata=None):
    """Writes {name: numpy array} atomically."""
    import numpy as np
    names = {np.dtype(v): k for k, v in _NUMPY_NAMES.items()}
    raw = {}
    for name, array in tensors.items():
        array = np.array(array, copy=False, order="C")  # keeps 0-d arrays 0-d
        raw[name] = (names[array.dtype], array.shape,
                     array.astype(array.dtype.newbyteorder("<"), copy=False).tobytes())
    write_raw(path, raw, metadata)
