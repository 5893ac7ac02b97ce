#!/usr/bin/env bash
# tools/bench/stylegan2_torch.py (the PyTorch generator `phantom bench` times) computes the same
# function as the official generator and as phantom: on the grey reference fixture its ws, image,
# truncated image and grad ws of sum(img·R) match; on weights phantom writes (random init,
# phantom's generator_kwargs) its image matches `phantom generate`. Then `phantom bench`'s
# StyleGAN2 and attack cases run once end to end, each with a PyTorch time. Skipped (exit 77)
# without PyTorch. Usage: stylegan2_torch.sh PATH/TO/phantom SOURCE_DIR FIXTURE
set -eu
phantom=$1
source_dir=$2
fixture=$3
python=/usr/bin/python3
"$python" -c "import torch, numpy" 2>/dev/null || { echo "PyTorch not installed: skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo '{"z_dim": 32, "w_dim": 32, "img_resolution": 16, "img_channels": 1,
       "mapping_kwargs": {"num_layers": 2},
       "synthesis_kwargs": {"channel_base": 256, "channel_max": 32, "conv_clamp": 256}}' \
  >"$work/config.json"
"$phantom" generate --init "$(cat "$work/config.json")" --init-seed 5 \
  --save-weights "$work/G.safetensors" --seeds 0-3 --tensor "$work/out.safetensors" >/dev/null
PYTHONPATH="$source_dir/tools/bench:$source_dir/tools/python" "$python" - "$fixture" "$work" <<'PY'
import sys, torch, safetensors_io, stylegan2_torch

def check(what, value, reference, tolerance=1e-5):
    """Worst difference relative to the reference's largest magnitude."""
    reference = torch.from_numpy(reference)
    worst = float((value - reference).abs().max() / reference.abs().max())
    print(f"{what}: worst |diff| / max|ref| = {worst:.2e}")
    assert worst <= tolerance, f"{what} differs by {worst:.2e} > {tolerance:.0e}"

fixture, work = sys.argv[1], sys.argv[2]
g = stylegan2_torch.load_generator(fixture)
arrays, _ = safetensors_io.read(fixture)
z = torch.from_numpy(arrays["input.z"])
ws = g.mapping(z)
check("fixture ws", ws, arrays["output.ws"])
check("fixture img", g.synthesis(ws), arrays["output.img"])
check("fixture img psi 0.7", g(z, psi=0.7), arrays["output.img_trunc"])
check("fixture img, unfused", g.set_fused_modconv(False).synthesis(ws), arrays["output.img"])
g.set_fused_modconv(True)
ws.requires_grad_(True)
(g.synthesis(ws) * torch.from_numpy(arrays["input.R"])).sum().backward()
check("fixture grad ws", ws.grad, arrays["grad.ws"])

g = stylegan2_torch.load_generator(f"{work}/G.safetensors")
out, _ = safetensors_io.read(f"{work}/out.safetensors")
check("phantom-written weights: img", g.synthesis(torch.from_numpy(out["ws"])), out["img"])
PY

for cases in stylegan2 "attack step b16"; do
  "$phantom" bench --filter "$cases" --reps 1 --min-seconds 0 --json >"$work/bench.json"
  "$python" - "$work/bench.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
assert report["torch"] == "measured", report["torch"]
for case in report["cases"]:
    assert case["ratio_vs_torch"] > 0, case
    print(f"bench {case['name']}: phantom/PyTorch {case['ratio_vs_torch']:.2f} (one run, not a measurement)")
PY
done
