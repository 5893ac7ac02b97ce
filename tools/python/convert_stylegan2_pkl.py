#!/usr/bin/env python3
"""Converts an official StyleGAN2-ADA network pickle (network-snapshot-*.pkl or NVIDIA's released
.pkl files) into phantom's generator weights: safetensors with the official state-dict names and
`generator_kwargs` metadata (G.init_kwargs as JSON).

    convert_stylegan2_pkl.py network.pkl G.safetensors [--network G_ema] [--discriminator D.safetensors]

Needs neither PyTorch nor numpy nor the official code. The pickle is read by a restricted
unpickler: the official modules are "persistent" classes whose pickles embed source code that the
official loader executes; here every class and function the pickle names is replaced by an inert
stub (only the handful of torch functions that rebuild tensors and storages get pure-Python
equivalents), so nothing from the file is ever executed. The tensors are collected from each
module's _parameters and _buffers in PyTorch's state_dict order.

phantom runs float32 only (the official synthesis(force_fp32=True)): num_fp16_res is written as 0
and the original value is noted in the metadata. Old TensorFlow pickles are not supported (convert
them with the official legacy.py first). See docs/stylegan2.md.
"""
import argparse
import collections
import io
import json
import pickle
import struct
import sys

import safetensors_io

# torch storage classes (as named in pickles) -> safetensors dtype
_STORAGE_DTYPES = {"FloatStorage": "F32", "HalfStorage": "F16", "DoubleStorage": "F64",
                   "BFloat16Storage": "BF16", "LongStorage": "I64", "IntStorage": "I32",
                   "ByteStorage": "U8"}
_LEGACY_MAGIC = 0x1950a86a20f9469cfc6c


class RawTensor:
    def __init__(self, dtype, shape, data):
        self.dtype, self.shape, self.data = dtype, list(shape), data


class Storage:
    def __init__(self, dtype, data):
        self.dtype, self.data = dtype, data


class PersistentObject:
    """An official module: `meta` holds class_name and state (the module's __dict__)."""
    def __init__(self, meta):
        self.meta = meta


class EasyDict(dict):
    """dnnlib.util.EasyDict (the kwargs containers)."""


def _opaque(module, name):
    """An inert stand-in for any other class or function the pickle names."""
    def __init__(self, *args, **kwargs):
        self.args = args
    def __setstate__(self, state):
        self.state = state
    return type(f"Opaque[{module}.{name}]", (), {"__init__": __init__, "__setstate__": __setstate__})


def _rebuild_tensor(storage, offset, shape, stride, *unused):
    size = safetensors_io.ELEMENT_SIZES[storage.dtype]
    numel = 1
    for n in shape:
        numel *= n
    contiguous, expected = [], 1
    for n in reversed(shape):
        contiguous.insert(0, expected)
        expected *= n
    if list(stride) == contiguous or numel <= 1:
        return RawTensor(storage.dtype, shape, storage.data[offset * size:(offset + numel) * size])
    out = bytearray()  # a strided view: gather element by element
    for flat in range(numel):
        index, rest = offset, flat
        for n, s in zip(reversed(shape), reversed(stride)):
            index += (rest % n) * s
            rest //= n
        out += storage.data[index * size:(index + 1) * size]
    return RawTensor(storage.dtype, shape, bytes(out))


class _Unpickler(pickle.Unpickler):
    _FUNCTIONS = {
        ("torch_utils.persistence", "_reconstruct_persistent_obj"): PersistentObject,
        ("torch._utils", "_rebuild_tensor_v2"): _rebuild_tensor,
        ("torch._utils", "_rebuild_parameter"): lambda data, *unused: data,
        ("torch._utils", "_rebuild_parameter_with_state"): lambda data, *unused: data,
        ("torch._utils", "_rebuild_from_type_v2"): lambda func, cls, args, state: func(*args),
        ("torch.storage", "_load_from_bytes"): lambda blob: _load_legacy_storage(blob),
        ("collections", "OrderedDict"): collections.OrderedDict,
        ("builtins", "set"): set,
        ("builtins", "frozenset"): frozenset,
        ("dnnlib.util", "EasyDict"): EasyDict,
    }

    def find_class(self, module, name):
        if (module, name) in self._FUNCTIONS:
            return self._FUNCTIONS[(module, name)]
        if module == "torch" and name in _STORAGE_DTYPES:
            return _STORAGE_DTYPES[name]
        return _opaque(module, name)


def _load_legacy_storage(blob):
    """torch.save's legacy (non-zip) format of one storage: magic, protocol, sys_info, the object
    (a persistent id), the list of storage keys, then per key an int64 element count and the
    raw little-endian data."""
    f = io.BytesIO(blob)
    if _Unpickler(f).load() != _LEGACY_MAGIC:
        raise ValueError("a tensor storage is not in torch's legacy serialisation format")
    _Unpickler(f).load()  # protocol version
    sys_info = _Unpickler(f).load()
    if not sys_info.get("little_endian", True):
        raise ValueError("big-endian tensor data is not supported")
    ids = {}
    main = _Unpickler(f)
    main.persistent_load = lambda pid: ids.setdefault(pid[2], pid)
    root = main.load()
    storages = {}
    for key in _Unpickler(f).load():
        _, dtype, _, _, _, view = ids[key]
        if view is not None:
            raise ValueError("storage views (pre-1.0 PyTorch pickles) are not supported")
        (count,) = struct.unpack("<q", f.read(8))
        storages[key] = Storage(dtype, f.read(count * safetensors_io.ELEMENT_SIZES[dtype]))
    return storages[root[2]]


def state_dict(module, prefix=""):
    """(name, RawTensor) in PyTorch's state_dict order: own parameters, own persistent buffers,
    then the children."""
    state = module.meta["state"]
    skip = state.get("_non_persistent_buffers_set", set())
    for name, t in state["_parameters"].items():
        if t is not None:
            yield prefix + name, t
    for name, t in state["_buffers"].items():
        if t is not None and name not in skip:
            yield prefix + name, t
    for name, child in state["_modules"].items():
        if child is not None:
            yield from state_dict(child, prefix + name + ".")


def plain(value):
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise ValueError(f"init kwarg of type {type(value).__name__} cannot be written as JSON")


def init_kwargs(module):
    state = module.meta["state"]
    if state.get("_init_args"):
        raise ValueError(f"{module.meta['class_name']} was built with positional arguments")
    return plain(state["_init_kwargs"])


def write(module, path, kwargs_key, note):
    kwargs = init_kwargs(module)
    metadata = {"format": "pt", "converted_from": note}
    # phantom runs both networks in float32: G's num_fp16_res sits in synthesis_kwargs, D's on top.
    holder = kwargs.get("synthesis_kwargs", {}) if kwargs_key == "generator_kwargs" else kwargs
    fp16 = holder.get("num_fp16_res", 0)
    if fp16:
        holder["num_fp16_res"] = 0
        metadata["original_num_fp16_res"] = str(fp16)
    metadata[kwargs_key] = json.dumps(kwargs, sort_keys=True)
    tensors = {name: (t.dtype, t.shape, t.data) for name, t in state_dict(module)}
    safetensors_io.write_raw(path, tensors, metadata)
    floats = sum(len(t[2]) // safetensors_io.ELEMENT_SIZES[t[0]] for t in tensors.values())
    print(f"{path}: {module.meta['class_name']}, {len(tensors)} tensors, {floats:,} values; "
          f"{kwargs_key} {metadata[kwargs_key]}"
          + (f" (num_fp16_res {fp16} -> 0: phantom runs float32)" if fp16 else ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pkl")
    parser.add_argument("out", help="generator .safetensors")
    parser.add_argument("--network", default="G_ema", help="G_ema (default) or G")
    parser.add_argument("--discriminator", help="also write D's tensors to this .safetensors")
    args = parser.parse_args()
    with open(args.pkl, "rb") as f:
        data = _Unpickler(f).load()
    if not isinstance(data, dict) or args.network not in data:
        sys.exit(f"{args.pkl}: expected a StyleGAN2-ADA network pickle with '{args.network}'")
    write(data[args.network], args.out, "generator_kwargs", f"{args.pkl} [{args.network}]")
    if args.discriminator:
        write(data["D"], args.discriminator, "discriminator_kwargs", f"{args.pkl} [D]")


if __name__ == "__main__":
    main()
