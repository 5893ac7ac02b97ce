# phantom's two entry points for a fresh Debian machine (run as root; missing packages are installed):
#   make study  build Release and run the label-smoothing privacy study (report in runs/study/)
#   make test   build and run every test through CTest
# `make toy` runs the paper's toy experiment (Figure 1).
# CI (.ci/run) also runs `make test-sanitize` (ASan + UBSan) and `make fuzz` (libFuzzer, 60 s).

BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
PACKAGES := cmake ninja-build g++ clang libomp-dev libclang-rt-dev zlib1g-dev libstb-dev doctest-dev \
            nlohmann-json3-dev libcli11-dev libyaml-cpp-dev ccache dataset-fashion-mnist
# The study report's rendering test needs a headless browser.
TEST_PACKAGES := chromium

.PHONY: deps test-deps install-packages build study toy test test-sanitize fuzz clean

deps:
	@$(MAKE) --no-print-directory install-packages WANTED="$(PACKAGES)"

test-deps:
	@$(MAKE) --no-print-directory install-packages WANTED="$(TEST_PACKAGES)"

install-packages:
	@missing=""; for p in $(WANTED); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then echo "phantom: missing packages:$$missing (run as root, or install them)"; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

build: deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

study: build
	OMP_WAIT_POLICY=passive $(BUILD)/tools/phantom study --out runs/study

toy: build
	$(BUILD)/tools/phantom toy --seeds 10 --out toy_out

test: build test-deps
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Unit tests once more under AddressSanitizer + UndefinedBehaviorSanitizer (CPU only, Debug-ish -O1).
# The study's end-to-end test (trainings, attacks, Chromium) runs in `make test`; under the
# sanitizers it would take most of CI's time budget, so it is left out here.
test-sanitize: deps
	cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPHANTOM_SANITIZE=ON -DPHANTOM_CUDA=OFF >/dev/null
	cmake --build build-sanitize -j $(JOBS)
	cd build-sanitize && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j $(JOBS) -E '^study_e2e$$'

# The safetensors parser under libFuzzer for 60 seconds (clang).
fuzz: deps
	CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPHANTOM_FUZZ=ON -DPHANTOM_CUDA=OFF >/dev/null
	cmake --build build-fuzz -j $(JOBS) --target fuzz_safetensors
	mkdir -p build-fuzz/corpus && cp tests/fuzz/corpus/* build-fuzz/corpus/
	build-fuzz/tests/fuzz/fuzz_safetensors -max_total_time=60 -print_final_stats=1 build-fuzz/corpus

clean:
	rm -rf $(BUILD) build-sanitize build-fuzz
