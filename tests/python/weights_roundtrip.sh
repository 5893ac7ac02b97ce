#!/usr/bin/env bash
# phantom weights -> PyTorch .pth -> phantom safetensors gives the same tensors (names, values,
# num_batches_tracked as int64 in PyTorch). Skipped (exit 77) where PyTorch is not installed.
# Usage: weights_roundtrip.sh PATH/TO/phantom SOURCE_DIR
set -eu
phantom=$1
tools=$2/tools/python
python=/usr/bin/python3
"$python" -c "import torch, numpy" 2>/dev/null || { echo "PyTorch not installed: skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$phantom" train --classes 0,1 --per-class 8 --width 4 --epochs 1 --out "$work/run" >/dev/null 2>&1
"$python" "$tools/torchvision_weights.py" import "$work/run/model.safetensors" "$work/model.pth"
"$python" "$tools/torchvision_weights.py" export "$work/model.pth" "$work/back.safetensors"
PYTHONPATH="$tools" "$python" - "$work" <<'PY'
import sys, numpy as np, torch, safetensors_io
work = sys.argv[1]
original, _ = safetensors_io.read(f"{work}/run/model.safetensors")
back, _ = safetensors_io.read(f"{work}/back.safetensors")
state = torch.load(f"{work}/model.pth")
assert sorted(original) == sorted(back) == sorted(state), "names differ"
for name, array in original.items():
    assert np.array_equal(array.astype(np.float64), back[name].astype(np.float64)), name
    if name.endswith("num_batches_tracked"):
        assert state[name].dtype == torch.int64, name
print(f"round trip of {len(original)} tensors: identical")
PY
