#!/usr/bin/env bash
# convert_stylegan2_pkl.py on a pickle laid out like an official StyleGAN2-ADA snapshot (made from
# a reference fixture by make_fake_stylegan2_pkl.py, and its D from a phantom discriminator file):
# the converted files hold the state dicts unchanged (strided buffers gathered, num_fp16_res 4 -> 0
# noted, D's official block_kwargs kept), and phantom generate on G reproduces the fixture's
# output.img from output.ws. Plain python3, no numpy or torch.
# Usage: stylegan2_pkl_convert.sh PATH/TO/phantom SOURCE_DIR FIXTURE
set -eu
phantom=$1
tools=$2/tools/python
fixture=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A discriminator file from a train-gan run of no iterations (initial weights, 8x8 like the fixture).
"$phantom" train-gan --classes 5 --per-class 4 --iterations 0 --batch-size 4 --z-dim 8 --w-dim 8 \
  --channel-base 64 --channel-max 8 --sample-every 0 --checkpoint-every 0 --out "$work/gan" >/dev/null
python3 "$2/tests/python/make_fake_stylegan2_pkl.py" "$fixture" "$work/net.pkl" "$tools" \
  "$work/gan/discriminator.safetensors"
python3 "$tools/convert_stylegan2_pkl.py" "$work/net.pkl" "$work/G.safetensors" \
  --discriminator "$work/D.safetensors" >/dev/null
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
d_ref = safetensors_io.read_raw(f"{work}/gan/discriminator.safetensors")[0]
d_got, d_meta = safetensors_io.read_raw(f"{work}/D.safetensors")
assert d_got == d_ref, "discriminator tensors differ"
d_kwargs = json.loads(d_meta["discriminator_kwargs"])
assert d_kwargs["num_fp16_res"] == 0 and d_meta["original_num_fp16_res"] == "4"
assert d_kwargs["block_kwargs"] == {"freeze_layers": 0}
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
