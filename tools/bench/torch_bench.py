"""PyTorch side of `phantom bench`: times the same cases with the same thread count, best of N
after a warm-up, so the ratios compare like with like. Run with Debian's /usr/bin/python3 (where
python3-torch lives). Input: one JSON argument {"threads", "reps", "min_seconds", "cases": [...]}; output: one
JSON line {"seconds": [best time per case]} or {"error": "why"}."""
import json
import sys
import time


def best_of(fn, reps, min_seconds):
    """Best of at least `reps` runs and of as many more as fit in `min_seconds` (as phantom does)."""
    fn()  # warm-up: first-touch allocation, thread pool start
    best = float("inf")
    begin = time.perf_counter()
    runs = 0
    while runs < reps or time.perf_counter() - begin < min_seconds:
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
        runs += 1
    return best


def runner(torch, case):
    kind = case["kind"]
    if kind == "gemm":
        a = torch.rand(case["m"], case["k"])
        b = torch.rand(case["k"], case["n"])
        return lambda: torch.mm(a, b)
    x = torch.rand(case["batch"], case["channels"], case["size"], case["size"])
    w = torch.rand(case["channels"], case["channels"], 3, 3)
    conv = torch.nn.functional.conv2d
    if kind == "conv_forward":
        def forward():
            with torch.no_grad():
                conv(x, w, padding=1)
        return forward
    x.requires_grad_(True)
    w.requires_grad_(True)

    def forward_backward():
        y = conv(x, w, padding=1)
        y.backward(torch.ones_like(y))
    return forward_backward


def main():
    request = json.loads(sys.argv[1])
    try:
        import torch
    except ImportError as e:
        print(json.dumps({"error": f"PyTorch not installed ({e})"}))
        return
    torch.set_num_threads(request["threads"])
    try:
        seconds = [best_of(runner(torch, c), request["reps"], request["min_seconds"])
                   for c in request["cases"]]
    except Exception as e:  # reported as one line, never a traceback in phantom's table
        print(json.dumps({"error": f"{type(e).__name__}: {e}"}))
        return
    print(json.dumps({"seconds": seconds, "version": torch.__version__}))


if __name__ == "__main__":
    main()
