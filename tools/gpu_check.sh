#!/usr/bin/env bash
# One run on a GPU machine (CUDA toolkit with cuBLAS/cuDNN, CMake, PyTorch; no network needed):
# configure and build with CUDA, run the GPU tests (CUDA parity of every op, the ResNet fixtures on
# CUDA) and the whole CTest suite, then the GPU benchmarks against PyTorch on the same GPU, and
# print a summary table last. Meant to finish within 8 minutes on a 16-core machine.
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
     --test-case='*on CUDA*' >"$out/fixtures_cuda.log" 2>&1; then
  row "ResNet fixtures on CUDA" "passed"
else
  row "ResNet fixtures on CUDA" "FAILED (see $out/fixtures_cuda.log)"
fi
echo "== all tests (ctest)"
(cd "$build" && timeout 300 ctest -j "$(nproc)" --timeout 240 >"../$out/ctest.log" 2>&1)
row "ctest (all)" "$(grep -E 'tests passed|tests failed' "$out/ctest.log" | tail -1)"
row "tests wall time" "$(( $(date +%s) - t0 )) s"

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
