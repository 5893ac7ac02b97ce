#!/usr/bin/env bash
# One run on a GPU machine (CUDA toolkit with cuBLAS/cuDNN, CMake, PyTorch; no network needed):
# configure and build with CUDA, run the GPU tests (CUDA parity of every op, the ResNet fixtures on
# CUDA) and the whole CTest suite, then generate/train/attack/study with --device cuda (generate
# compared with the CPU), then the GPU benchmarks against PyTorch on the same GPU, and print a
# summary table last. Meant to finish within 8 minutes on a 16-core machine.
#
#   tools/gpu_check.sh [OUT_DIR]              run (logs and bench.json in OUT_DIR, default gpu_check_out)
#   tools/gpu_check.sh --collect-headers DIR  on a machine with the Debian packages: copy the
#                                             header-only dependencies (nlohmann-json, CLI11, stb,
#                                             doctest) into DIR, to carry to a GPU box without them
#
# Environment: PHANTOM_VENDOR_INCLUDE=DIR uses such a folder (default: ./third_party_headers when
# /usr/include lacks the headers and that folder exists); PHANTOM_PYTHON picks the Python with
# PyTorch (default python3); CUDA_ARCHS sets CMAKE_CUDA_ARCHITECTURES (default 90).
set -uo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--collect-headers" ]]; then
  dest=${2:?usage: tools/gpu_check.sh --collect-headers DIR}
  mkdir -p "$dest"
  for d in nlohmann CLI stb doctest; do cp -r "/usr/include/$d" "$dest/"; done
  echo "headers copied to $dest (nlohmann/ CLI/ stb/ doctest/)"
  exit 0
fi

out=${1:-gpu_check_out}
mkdir -p "$out"
start=$(date +%s)
declare -a rows
row() { rows+=("$(printf '%-34s %s' "$1" "$2")"); }

vendor=${PHANTOM_VENDOR_INCLUDE:-}
if [[ -z "$vendor" && ! -f /usr/include/doctest/doctest.h && -d third_party_headers ]]; then
  vendor=$PWD/third_party_headers
fi
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
build=build-gpu

echo "== configure and build ($build)"
if cmake -S . -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DPHANTOM_CUDA=ON \
     -DPHANTOM_WERROR=OFF -DCMAKE_CUDA_ARCHITECTURES="${CUDA_ARCHS:-90}" \
     ${vendor:+-DPHANTOM_VENDOR_INCLUDE="$vendor"} >"$out/configure.log" 2>&1 &&
   cmake --build "$build" -j "$(nproc)" >"$out/build.log" 2>&1; then
  row "build (CUDA)" "ok ($(( $(date +%s) - start )) s)"
else
  row "build (CUDA)" "FAILED (see $out/configure.log, $out/build.log)"
  tail -30 "$out/build.log" 2>/dev/null || tail -30 "$out/configure.log"
  printf '\n== summary\n'; printf '%s\n' "${rows[@]}"
  exit 1
fi
phantom=$build/tools/phantom
"$phantom" info | tee "$out/info.txt"

echo "== GPU tests"
t0=$(date +%s)
if timeout 300 "$build/tests/phantom_tests" --source-file='*test_cuda_parity.cpp' \
     >"$out/cuda_parity.log" 2>&1; then
  row "CUDA parity (every op)" "passed ($(grep -o 'test cases:.*' "$out/cuda_parity.log"))"
else
  row "CUDA parity (every op)" "FAILED (see $out/cuda_parity.log)"
fi
tail -3 "$out/cuda_parity.log"
if timeout 300 "$build/tests/phantom_tests" --source-file='*test_fixtures.cpp' \
     --test-case='*on CUDA*' >"$out/fixtures_cuda.log" 2>&1 &&
   timeout 300 "$build/tests/phantom_tests" --source-file='*test_fixtures.stylegan2.cpp' \
     --test-case='*on CUDA*' >>"$out/fixtures_cuda.log" 2>&1; then
  row "ResNet + StyleGAN2 fixtures on CUDA" "passed"
else
  row "ResNet + StyleGAN2 fixtures on CUDA" "FAILED (see $out/fixtures_cuda.log)"
fi
echo "== all tests (ctest)"
(cd "$build" && timeout 300 ctest -j "$(nproc)" --timeout 240 >"../$out/ctest.log" 2>&1)
row "ctest (all)" "$(grep -E 'tests passed|tests failed' "$out/ctest.log" | tail -1)"
row "tests wall time" "$(( $(date +%s) - t0 )) s"

echo "== commands on CUDA against the CPU"
# (ctest above already ran the CLI and study end-to-end tests with --device auto, i.e. on CUDA.)
cmp_dir=$out/commands
mkdir -p "$cmp_dir"
sg2='{"z_dim": 16, "w_dim": 16, "img_resolution": 32, "img_channels": 1, "mapping_kwargs": {"num_layers": 2}, "synthesis_kwargs": {"channel_base": 256, "channel_max": 16}}'
if "$phantom" generate --init "$sg2" --save-weights "$cmp_dir/G.safetensors" --seeds 0-15 --psi 0.7 \
     --tensor "$cmp_dir/cpu.safetensors" --device cpu >"$cmp_dir/generate.log" 2>&1 &&
   "$phantom" generate --weights "$cmp_dir/G.safetensors" --seeds 0-15 --psi 0.7 \
     --tensor "$cmp_dir/cuda.safetensors" --device cuda >>"$cmp_dir/generate.log" 2>&1; then
  diff=$(PYTHONPATH=tools/python "${PHANTOM_PYTHON:-python3}" -c '
import sys, numpy as np, safetensors_io
a = safetensors_io.read(sys.argv[1])[0]["img"]; b = safetensors_io.read(sys.argv[2])[0]["img"]
print(f"{np.abs(a - b).max() / np.abs(a).max():.2e}")' "$cmp_dir/cpu.safetensors" "$cmp_dir/cuda.safetensors" 2>&1)
  row "generate cuda vs cpu" "max |diff| / max |img| = $diff"
else
  row "generate cuda vs cpu" "FAILED (see $cmp_dir/generate.log)"
fi
"$phantom" train --classes 0,1 --per-class 64 --width 8 --epochs 1 --out "$cmp_dir/target" --device cuda \
  >"$cmp_dir/train.log" 2>&1 || row "train (cuda)" "FAILED (see $cmp_dir/train.log)"
if "$phantom" train-gan --classes 5 --per-class 64 --iterations 20 --batch-size 8 --z-dim 16 --w-dim 16 \
     --channel-base 256 --channel-max 16 --out "$cmp_dir/gan" --device cuda >"$cmp_dir/gan.log" 2>&1; then
  row "train-gan (cuda)" "ok: $(tail -n 1 "$cmp_dir/gan.log")"
else
  row "train-gan (cuda)" "FAILED (see $cmp_dir/gan.log)"
fi
if "$phantom" attack --target "$cmp_dir/target/model.safetensors" --generator "$cmp_dir/G.safetensors" \
     --out "$cmp_dir/attack" --samples 64 --candidates 8 --steps 10 --batch 8 --rounds 4 --keep 4 \
     --device cuda >"$cmp_dir/attack.log" 2>&1; then
  row "attack (cuda)" "ok: $(grep -c . "$cmp_dir/attack/stage2_steps.jsonl") steps logged"
else
  row "attack (cuda)" "FAILED (see $cmp_dir/attack.log)"
fi
if "$phantom" study --config tests/study/tiny_study.yaml --generator "$cmp_dir/G.safetensors" \
     --out "$cmp_dir/study" --device cuda >"$cmp_dir/study.log" 2>&1; then
  row "study (cuda, tiny)" "ok: $(grep -o '"device": "[^"]*"' "$cmp_dir/study/manifest.json")"
else
  row "study (cuda, tiny)" "FAILED (see $cmp_dir/study.log)"
fi

echo "== GPU benchmarks"
if PHANTOM_PYTHON=${PHANTOM_PYTHON:-python3} timeout 240 "$phantom" bench --device cuda --reps 5 \
     --min-seconds 0.3 >"$out/bench.txt" 2>&1; then
  row "GPU bench" "ok (table below)"
else
  row "GPU bench" "FAILED (see $out/bench.txt)"
fi

printf '\n== summary (%d s in all)\n' "$(( $(date +%s) - start ))"
printf '%s\n' "${rows[@]}"
echo
cat "$out/bench.txt"
