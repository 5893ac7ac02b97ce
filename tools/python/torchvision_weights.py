#!/usr/bin/env python3
"""Moves classifier weights between PyTorch (torchvision state dicts, .pth) and phantom
(safetensors with the same names).

    torchvision_weights.py import RUN/model.safetensors model.pth   # phantom -> PyTorch
    torchvision_weights.py export model.pth model.safetensors       # PyTorch -> phantom

The names are identical on both sides; only BatchNorm's num_batches_tracked changes type (int64 in
PyTorch, f32 in phantom, which reads I64 too). Exported files carry no training configuration, so
`phantom infer` needs a model.safetensors from `phantom train`; load exported weights into such a
model's state instead. Needs torch and numpy.
"""
import sys

import numpy as np
import torch

import safetensors_io


def phantom_to_torch(src, dst):
    tensors, metadata = safetensors_io.read(src)
    state = {}
    for name, array in tensors.items():
        tensor = torch.from_numpy(array)
        state[name] = tensor.long() if name.endswith("num_batches_tracked") else tensor.float()
    torch.save(state, dst)
    print(f"{dst}: {len(state)} tensors (config of the run: {len(metadata.get('config', ''))} chars of metadata dropped)")


def torch_to_phantom(src, dst):
    state = torch.load(src, map_location="cpu")
    if "state_dict" in state:  # a training checkpoint around the state dict
        state = state["state_dict"]
    arrays = {name: t.detach().cpu().numpy() for name, t in state.items()}
    arrays = {name: a.astype(np.int64) if name.endswith("num_batches_tracked") else a.astype(np.float32)
              for name, a in arrays.items()}
    safetensors_io.write(dst, arrays, {"format": "torchvision-state-dict"})
    print(f"{dst}: {len(arrays)} tensors")


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("import", "export"):
        sys.exit(__doc__)
    (phantom_to_torch if sys.argv[1] == "import" else torch_to_phantom)(sys.argv[2], sys.argv[3])
