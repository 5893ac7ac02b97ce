#!/usr/bin/env bash
# End-to-end checks of the phantom binary: help, audit, a tiny train + resume + infer on
# Fashion-MNIST, StyleGAN2 generate, a tiny attack (with its resume), and the one-line errors with exit code 2 for bad input.
# Usage: cli_smoke.sh PATH/TO/phantom
set -u
phantom=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$phantom" --help >/dev/null || fail "--help"
"$phantom" audit >"$work/audit.txt" || fail "audit exited non-zero"
tail -n 1 "$work/audit.txt" | grep -Eq '^([0-9]+) ops, \1 passed$' || fail "audit last line: $(tail -n 1 "$work/audit.txt")"

run="$work/run"
"$phantom" train --classes 0,1 --per-class 20 --width 4 --epochs 1 --batch-size 16 --out "$run" >"$work/train.txt" 2>&1 ||
  fail "train: $(tail -n 3 "$work/train.txt")"
[ -f "$run/model.safetensors" ] && [ -f "$run/checkpoint.safetensors" ] && [ -f "$run/log.jsonl" ] || fail "train outputs"
"$phantom" train --classes 0,1 --per-class 20 --width 4 --epochs 1 --batch-size 16 --out "$run" --resume >/dev/null 2>&1 ||
  fail "resume of a finished run"

"$phantom" toy --seeds 1 --out "$work/toy" >/dev/null 2>&1 || fail "toy"
png=$(ls "$work/toy"/*.png | head -n 1)
"$phantom" infer --weights "$run/model.safetensors" "$png" | grep -q "predicted" || fail "infer table"
"$phantom" infer --weights "$run/model.safetensors" "$png" --output features --out "$work/f.safetensors" >/dev/null ||
  fail "infer features"
[ -f "$work/f.safetensors" ] || fail "infer wrote no features"

# StyleGAN2: a freshly initialised generator, its weights file read back gives the same images.
sg2='{"z_dim": 8, "w_dim": 8, "img_resolution": 32, "img_channels": 1, "mapping_kwargs": {"num_layers": 2}, "synthesis_kwargs": {"channel_base": 64, "channel_max": 8}}'
"$phantom" generate --init "$sg2" --save-weights "$work/G.safetensors" --seeds 0-3 --psi 0.7 \
  --tensor "$work/a.safetensors" --png "$work/a.png" >/dev/null || fail "generate --init"
"$phantom" generate --weights "$work/G.safetensors" --seeds 0-3 --psi 0.7 \
  --tensor "$work/b.safetensors" >/dev/null || fail "generate --weights"
cmp -s "$work/a.safetensors" "$work/b.safetensors" || fail "generate: reloaded weights give other images"
[ -s "$work/a.png" ] || fail "generate wrote no PNG"
"$phantom" generate --weights "$work/G.safetensors" --seeds 1,2 --interpolate 4 --noise random \
  --png "$work/strip.png" | grep -q "^5 images 32x32" || fail "generate --interpolate"

# The Plug & Play Attack on the tiny classifier with that generator; a rerun reads the finished run.
attack=("$phantom" attack --target "$run/model.safetensors" --generator "$work/G.safetensors" --out "$work/atk"
  --samples 16 --candidates 4 --steps 3 --batch 4 --rounds 2 --keep 4)
"${attack[@]}" >"$work/attack1.txt" 2>&1 || fail "attack: $(tail -n 3 "$work/attack1.txt")"
for f in manifest.json stage1.safetensors stage2.safetensors stage2_steps.jsonl stage3.safetensors images/class_1_final.png; do
  [ -s "$work/atk/$f" ] || fail "attack wrote no $f"
done
"${attack[@]}" 2>/dev/null | grep -E '^ +[0-9]+ ' >"$work/attack2.txt" || fail "attack rerun"
grep -E '^ +[0-9]+ ' "$work/attack1.txt" | cmp -s - "$work/attack2.txt" || fail "attack rerun gives another summary"

# Its metrics, with an evaluation model of another architecture.
"$phantom" train --arch vgg11-bn --classes 0,1 --per-class 20 --width 4 --epochs 1 --batch-size 16 \
  --out "$work/eval" >/dev/null 2>&1 || fail "train the evaluation model"
"$phantom" evaluate --run "$work/atk" --eval-model "$work/eval/model.safetensors" --private-classes 0,1 --private-per-class 20 \
  --knowledge-epochs 1 --bootstrap 50 >"$work/evaluate.txt" 2>&1 || fail "evaluate: $(tail -n 3 "$work/evaluate.txt")"
for f in metrics.csv metrics.json images/class_0_vs_private.png; do
  [ -s "$work/atk/$f" ] || fail "evaluate wrote no $f"
done
grep -q "^accuracy_top1 " "$work/evaluate.txt" || fail "evaluate printed no accuracy"

# A tiny GAN training writes G and D; the attack's discriminator term reads them end to end, and
# --eval-model evaluates right after the attack.
"$phantom" train-gan --classes 5 --per-class 8 --iterations 2 --batch-size 4 --z-dim 8 --w-dim 8 \
  --channel-base 64 --channel-max 8 --sample-every 0 --checkpoint-every 0 --out "$work/gan" \
  >"$work/gan.txt" 2>&1 || fail "train-gan: $(tail -n 3 "$work/gan.txt")"
"$phantom" attack --target "$run/model.safetensors" --generator "$work/gan/generator.safetensors" \
  --discriminator "$work/gan/discriminator.safetensors" --discriminator-weight 0.5 --out "$work/atk_d" \
  --samples 16 --candidates 4 --steps 3 --batch 4 --rounds 2 --keep 4 \
  --eval-model "$work/eval/model.safetensors" --private-classes 0,1 --private-per-class 20 \
  --knowledge-epochs 1 --bootstrap 50 >"$work/attack_d.txt" 2>&1 ||
  fail "attack with the discriminator term: $(tail -n 3 "$work/attack_d.txt")"
[ -s "$work/atk_d/metrics.json" ] && grep -q "^accuracy_top1 " "$work/attack_d.txt" ||
  fail "attack --eval-model wrote no metrics"
grep -q '"discriminator_loss":[0-9]' "$work/atk_d/stage2_steps.jsonl" || fail "attack logged no discriminator loss"
grep -q '"discriminator"' "$work/atk_d/manifest.json" || fail "attack manifest lacks the discriminator"

# Bad input: one line on stderr naming the problem, exit code 2.
expect_error() {  # pattern, command...
  local pattern=$1
  shift
  "$@" >/dev/null 2>"$work/err.txt"
  local code=$?
  [ "$code" = 2 ] || fail "'$*' exited $code, expected 2"
  [ "$(wc -l <"$work/err.txt")" = 1 ] || fail "'$*' printed $(wc -l <"$work/err.txt") error lines"
  grep -q -- "$pattern" "$work/err.txt" || fail "'$*' error does not mention '$pattern': $(cat "$work/err.txt")"
}
expect_error "missing.safetensors" "$phantom" infer --weights "$work/missing.safetensors" "$png"
expect_error "--alpha" "$phantom" train --alpha 2 --out "$work/bad"
expect_error "--resume" "$phantom" train --classes 0,1 --per-class 4 --width 4 --epochs 1 --out "$work/none" --resume
expect_error "fashion-mnist" "$phantom" train --data fashion-mnist:"$work/nowhere" --out "$work/bad2"
expect_error "--noise" "$phantom" generate --weights "$work/G.safetensors" --noise loud --png "$work/x.png"
expect_error "num_fp16_res" "$phantom" generate --init '{"synthesis_kwargs": {"num_fp16_res": 4}}' --png "$work/x.png"
expect_error "PHANTOM_CPU_CONV" env PHANTOM_CPU_CONV=fast "$phantom" info
expect_error "--filter" "$phantom" bench --conv-passes --filter nothing-like-this

# bench --conv-passes times the three passes with each algorithm; the auto rule keeps the
# generator's 8x8 per-sample groups (16 GEMM columns) on im2col and takes Winograd at 32x32.
"$phantom" bench --conv-passes --filter "generator" --reps 1 --min-seconds 0 --json >"$work/passes.json" ||
  fail "bench --conv-passes"
[ "$(grep -c '"auto_uses"' "$work/passes.json")" = 9 ] || fail "bench --conv-passes: expected 3 convolutions x 3 passes"
# (keys are sorted: "auto_uses" stands on the line before "convolution")
[ "$(grep -B1 '"convolution": "generator 8x8"' "$work/passes.json" | grep -c '"auto_uses": "im2col"')" = 3 ] ||
  fail "bench --conv-passes: auto should keep the 8x8 generator convolution on im2col"
[ "$(grep -B1 '"convolution": "generator 32x32"' "$work/passes.json" | grep -c '"auto_uses": "winograd"')" = 3 ] ||
  fail "bench --conv-passes: auto should take Winograd for the 32x32 generator convolution"
expect_error "--classes" "${attack[@]}" --classes 0,7
expect_error "manifest.json" "$phantom" evaluate --run "$work/nowhere" --eval-model "$work/eval/model.safetensors"
expect_error "different config" "${attack[@]}" --seed 5
expect_error "--modconv" "${attack[@]}" --modconv grouped
expect_error "different config" "${attack[@]}" --modconv fused
expect_error "--discriminator-weight" "${attack[@]}" --discriminator-weight 1
expect_error "discriminator_kwargs" "${attack[@]}" --discriminator "$work/G.safetensors" --discriminator-weight 1
echo "cli smoke: all checks passed"
