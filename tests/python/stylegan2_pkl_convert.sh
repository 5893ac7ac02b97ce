#!/usr/bin/env bash
# convert_stylegan2_pkl.py on a pickle laid out like an official StyleGAN2-ADA snapshot (made from
# a reference fixture by make_fake_stylegan2_pkl.py): the converted file holds the fixture's state
# dict unchanged (strided buffers gathered, num_fp16_res 4 -> 0 noted), and phantom generate on it
# reproduces the fixture's output.img from output.ws. Plain python3, no numpy or torch.
# Usage: stylegan2_pkl_convert.sh PATH/TO/phantom SOURCE_DIR FIXTURE
set -eu
phantom=$1
tools=$2/tools/python
fixture=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$2/tests/python/make_fake_stylegan2_pkl.py" "$fixture" "$work/net.pkl" "$tools"
python3 "$tools/convert_stylegan2_pkl.py" "$work/net.pkl" "$work/G.safetensors" >/dev/null
PYTHONPATH="$tools" python3 - "$fixture" "$work" <<'PY'
import json, struct, sys, safetensors_io
fixture, work = sys.argv[1], sys.argv[2]
ref, ref_meta = safetensors_io.read_raw(fixture)
got, meta = safetensors_io.read_raw(f"{work}/G.safetensors")
state = {k: v for k, v in ref.items() if k.split(".")[0] in ("synthesis", "mapping")}
assert sorted(got) == sorted(state), "tensor names differ"
for name, t in state.items():
    assert got[name] == t, f"{name} differs"
kwargs = json.loads(meta["generator_kwargs"])
assert kwargs["synthesis_kwargs"]["num_fp16_res"] == 0 and meta["original_num_fp16_res"] == "4"
safetensors_io.write_raw(f"{work}/ws.safetensors", {"ws": ref["output.ws"]})
PY
"$phantom" generate --weights "$work/G.safetensors" --latents "$work/ws.safetensors" \
  --tensor "$work/img.safetensors" >/dev/null
PYTHONPATH="$tools" python3 - "$fixture" "$work" <<'PY'
import struct, sys, safetensors_io
fixture, work = sys.argv[1], sys.argv[2]
ref = safetensors_io.read_raw(fixture)[0]["output.img"][2]
got = safetensors_io.read_raw(f"{work}/img.safetensors")[0]["img"][2]
a = struct.unpack(f"<{len(got) // 4}f", got)
r = struct.unpack(f"<{len(ref) // 4}f", ref)
err, scale = max(abs(x - y) for x, y in zip(a, r)), max(abs(y) for y in r)
assert len(a) == len(r) and err <= 1e-5 * scale + 1e-6, f"img differs: {err} (max |ref| {scale})"
print(f"converted pickle: state dict identical, img max|a-ref|/max|ref| = {err / scale:.2e}")
PY
