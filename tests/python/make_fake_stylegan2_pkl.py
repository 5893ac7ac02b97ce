#!/usr/bin/env python3
"""Writes a pickle laid out like an official StyleGAN2-ADA network-snapshot .pkl, from the
official state dict in a reference fixture, without PyTorch: the same globals
(torch_utils.persistence._reconstruct_persistent_obj, torch._utils._rebuild_tensor_v2 and
_rebuild_parameter, torch.storage._load_from_bytes with torch's legacy storage format,
dnnlib.util.EasyDict) and the same module-state layout (_parameters, _buffers, _modules,
_init_kwargs). The noise_const buffers are stored as transposed (strided) views, and
num_fp16_res is set to 4 as train.py does. With a phantom discriminator file, the pickle's D is
built from it the same way (num_fp16_res 4, block_kwargs.freeze_layers 0 as train.py passes them).
Used by stylegan2_pkl_convert.sh.

    make_fake_stylegan2_pkl.py fixture.safetensors out.pkl TOOLS_DIR [discriminator.safetensors]
"""
import collections
import json
import pickle
import struct
import sys
import types

sys.path.insert(0, sys.argv[3] if len(sys.argv) > 3 else ".")
import safetensors_io  # noqa: E402


def fake_global(module, name, obj):
    """Makes `obj` pickle as the global module.name (as the real one would)."""
    parts = module.split(".")
    for i in range(1, len(parts) + 1):
        sys.modules.setdefault(".".join(parts[:i]), types.ModuleType(".".join(parts[:i])))
    setattr(sys.modules[module], name, obj)
    obj.__module__, obj.__qualname__ = module, name
    return obj


reconstruct = fake_global("torch_utils.persistence", "_reconstruct_persistent_obj",
                          lambda meta: None)
rebuild_tensor = fake_global("torch._utils", "_rebuild_tensor_v2", lambda *a: None)
rebuild_parameter = fake_global("torch._utils", "_rebuild_parameter", lambda *a: None)
load_from_bytes = fake_global("torch.storage", "_load_from_bytes", lambda b: None)
FloatStorage = fake_global("torch", "FloatStorage", type("FloatStorage", (), {}))
EasyDict = fake_global("dnnlib.util", "EasyDict", type("EasyDict", (dict,), {}))


def legacy_storage_bytes(data):
    """torch.save(storage, f, _use_new_zipfile_serialization=False) of one float32 storage."""
    out = pickle.dumps(0x1950a86a20f9469cfc6c, protocol=2) + pickle.dumps(1001, protocol=2)
    out += pickle.dumps({"protocol_version": 1001, "little_endian": True,
                         "type_sizes": {"short": 2, "int": 4, "long": 4}}, protocol=2)

    class Root:
        pass
    root = Root()

    class P(pickle.Pickler):
        def persistent_id(self, obj):
            return ("storage", FloatStorage, "0", "cpu", len(data) // 4, None) if obj is root else None
    import io
    buf = io.BytesIO()
    P(buf, protocol=2).dump(root)
    out += buf.getvalue() + pickle.dumps(["0"], protocol=2)
    return out + struct.pack("<q", len(data) // 4) + data


class Storage:
    def __init__(self, data):
        self.data = data

    def __reduce__(self):
        return (load_from_bytes, (legacy_storage_bytes(self.data),))


class Tensor:
    def __init__(self, shape, data, transposed=False):
        self.shape, self.stride, self.data = shape, [], data
        expected = 1
        for n in reversed(shape):
            self.stride.insert(0, expected)
            expected *= n
        if transposed:  # keep the values, store them column-major
            h, w = shape
            values = struct.unpack(f"<{h * w}f", data)
            self.data = struct.pack(f"<{h * w}f", *(values[r * w + c] for c in range(w) for r in range(h)))
            self.stride = [1, h]

    def __reduce__(self):
        return (rebuild_tensor, (Storage(self.data), 0, tuple(self.shape), tuple(self.stride), False,
                                 collections.OrderedDict()))


class Parameter(Tensor):
    def __reduce__(self):
        return (rebuild_parameter, (Tensor(self.shape, self.data), True, collections.OrderedDict()))


class Module:
    def __init__(self, class_name, kwargs=None):
        self.meta = {"type": "class", "version": 6, "module_src": "raise SystemExit('executed')",
                     "class_name": class_name,
                     "state": {"training": False, "_parameters": collections.OrderedDict(),
                               "_buffers": collections.OrderedDict(),
                               "_non_persistent_buffers_set": set(),
                               "_modules": collections.OrderedDict(),
                               "_forward_hooks": collections.OrderedDict(),
                               "_init_args": (), "_init_kwargs": kwargs or EasyDict()}}

    def __reduce__(self):
        return (reconstruct, (self.meta,))


def main():
    tensors, metadata = safetensors_io.read_raw(sys.argv[1])
    kwargs = json.loads(metadata["generator_kwargs"])
    kwargs["synthesis_kwargs"]["num_fp16_res"] = 4
    kwargs = EasyDict(kwargs, mapping_kwargs=EasyDict(kwargs["mapping_kwargs"]),
                      synthesis_kwargs=EasyDict(kwargs["synthesis_kwargs"]))
    G = Module("training.networks.Generator", kwargs)
    fill(G, {n: t for n, t in tensors.items() if n.split(".")[0] in ("synthesis", "mapping")})
    D = None
    if len(sys.argv) > 4:
        d_tensors, d_metadata = safetensors_io.read_raw(sys.argv[4])
        d_kwargs = json.loads(d_metadata["discriminator_kwargs"])
        d_kwargs.update(num_fp16_res=4, block_kwargs=EasyDict(freeze_layers=0),
                        mapping_kwargs=EasyDict(),
                        epilogue_kwargs=EasyDict(d_kwargs["epilogue_kwargs"]))
        D = Module("training.networks.Discriminator", EasyDict(d_kwargs))
        fill(D, d_tensors)
    with open(sys.argv[2], "wb") as f:
        pickle.dump({"training_set_kwargs": EasyDict(resolution=8), "G": G, "D": D, "G_ema": G,
                     "augment_pipe": None}, f, protocol=3)


def fill(network, tensors):
    """Places each named tensor in its sub-module, as a buffer or a parameter."""
    for name in sorted(tensors):
        dtype, shape, data = tensors[name]
        *path, leaf = name.split(".")
        module = network
        for part in path:
            children = module.meta["state"]["_modules"]
            module = children.setdefault(part, Module("training.networks.Stub"))
        is_buffer = leaf in ("resample_filter", "noise_const", "w_avg")
        state = module.meta["state"]["_buffers" if is_buffer else "_parameters"]
        state[leaf] = Tensor(shape, data, transposed=leaf == "noise_const") if is_buffer \
            else Parameter(shape, data)


if __name__ == "__main__":
    main()
