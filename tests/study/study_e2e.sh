#!/usr/bin/env bash
# A tiny study end to end (tests/study/tiny_study.yaml with a freshly initialised generator): the
# report, the metrics files and the cache; a second run reuses the cache; a seed sweep pools two
# seeds; then the report is rendered in headless Chromium (when installed) to a screenshot and its
# DOM checked for the table, the charts and the embedded images.
# Usage: study_e2e.sh PATH/TO/phantom SOURCE_DIR
set -u
phantom=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

sg2='{"z_dim": 16, "w_dim": 16, "img_resolution": 32, "img_channels": 1, "mapping_kwargs": {"num_layers": 2}, "synthesis_kwargs": {"channel_base": 256, "channel_max": 16}}'
"$phantom" generate --init "$sg2" --seeds 0 --save-weights "$work/G.safetensors" >/dev/null || fail "generate"
study=("$phantom" study --config "$src/tests/study/tiny_study.yaml" --generator "$work/G.safetensors" --out "$work/run")
"${study[@]}" >"$work/first.txt" 2>&1 || fail "study: $(tail -n 5 "$work/first.txt")"
for f in report.html manifest.json config.json; do [ -s "$work/run/$f" ] || fail "no $f"; done
[ "$(ls "$work"/run/cache/attack-*/metrics.json | wc -l)" = 2 ] || fail "expected 2 attack metrics files"
[ "$(ls "$work"/run/cache/attack-*/metrics.csv | wc -l)" = 2 ] || fail "expected 2 per-class CSVs"
grep -q "report: " "$work/first.txt" || fail "no report line"
grep -q "== target" "$work/first.txt" || fail "the first run trained no target"

# The second run trains and attacks nothing: everything comes from the cache.
"${study[@]}" >"$work/second.txt" 2>&1 || fail "second study run"
! grep -q "== target\|== attack\|== metrics" "$work/second.txt" || fail "the second run recomputed: $(grep '==' "$work/second.txt")"
diff <(grep -E '^ *[+-][0-9]' "$work/first.txt") <(grep -E '^ *[+-][0-9]' "$work/second.txt") ||
  fail "the cached run reports other numbers"

# A copy of the run directory elsewhere reuses its cache too: the keys hash the weight files'
# content, not their paths.
cp -r "$work/run" "$work/copy"
"$phantom" study --config "$src/tests/study/tiny_study.yaml" --generator "$work/G.safetensors" --out "$work/copy" >"$work/copy.txt" 2>&1 ||
  fail "study in a copied run directory"
! grep -q "== target\|== attack\|== metrics" "$work/copy.txt" || fail "the copied run recomputed: $(grep '==' "$work/copy.txt")"

# A seed sweep with α = 0 as the baseline: seed 0's α = 0.1 comes from the cache; the pooled
# JSON covers 2 seeds x 2 classes and pairs α = 0.1 with α = 0.
"${study[@]}" --sweep seed --alphas 0.1,0 >"$work/sweep.txt" 2>&1 || fail "seed sweep: $(tail -n 5 "$work/sweep.txt")"
grep -q "==== seed 1" "$work/sweep.txt" && grep -q "pooled over 2 seeds x 2 classes" "$work/sweep.txt" ||
  fail "the seed sweep printed no pooled table"
pooling="$work/run/seed_pooling.json"
grep -q '"units": 4' "$pooling" && grep -q '"baseline_alpha": 0' "$pooling" ||
  fail "seed_pooling.json: expected 4 units and baseline α = 0"
# Exactly one α (0.1) is paired with the baseline.
[ "$(grep -c '"against_baseline"' "$pooling")" = 1 ] && grep -q '"units_higher"' "$pooling" ||
  fail "seed_pooling.json: expected one paired comparison"

html="$work/run/report.html"
for pattern in "<table" "<svg" "data:image/png;base64," "Gradient stability" "Utility" "Seed sweep" \
  "averaged over the seeds"; do
  grep -q "$pattern" "$html" || fail "report lacks $pattern"
done

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "chromium not installed: report rendering not checked"
  exit 77
fi
flags=(--headless --no-sandbox --disable-gpu --allow-file-access-from-files --user-data-dir="$work/chrome")
timeout 120 "$chromium" "${flags[@]}" --dump-dom "file://$html" >"$work/dom.html" 2>"$work/chrome.log" ||
  fail "chromium could not load the report: $(tail -n 3 "$work/chrome.log")"
grep -q "<table" "$work/dom.html" && grep -q "<img" "$work/dom.html" || fail "rendered DOM lacks the table or images"
timeout 120 "$chromium" "${flags[@]}" --window-size=1280,2400 --screenshot="$work/shot.png" "file://$html" \
  >/dev/null 2>>"$work/chrome.log" || fail "chromium screenshot"
[ "$(stat -c %s "$work/shot.png")" -gt 20000 ] || fail "the screenshot is (nearly) empty"
if [ -n "${PHANTOM_SCREENSHOT_OUT:-}" ]; then cp "$work/shot.png" "$PHANTOM_SCREENSHOT_OUT"; fi
echo "study e2e: all checks passed"
