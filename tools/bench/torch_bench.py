"""PyTorch side of `phantom bench`: times the same cases with the same thread count, best of N
after a warm-up, so the ratios compare like with like. Run with Debian's /usr/bin/python3 (where
python3-torch lives). Input: one JSON argument {"threads", "reps", "min_seconds", "cases": [...]} and optionally
"device" ("cuda:0": tensors on the GPU, TF32 off as in phantom, each run synchronised); output: one
JSON line {"seconds": [best time per case]} or {"error": "why"}."""
import json
import os
import sys
import time


def best_of(fn, reps, min_seconds, sync=lambda: None):
    """Best of at least `reps` runs and of as many more as fit in `min_seconds` (as phantom does)."""
    inner = fn

    def fn():
        inner()
        sync()
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


def resnet18_cifar(torch, width=64, in_channels=1, classes=10):
    """torchvision's ResNet-18 with the CIFAR stem (3x3 stride 1, no max-pool), as phantom builds it."""
    nn = torch.nn

    class Block(nn.Module):
        def __init__(self, cin, cout, stride):
            super().__init__()
            self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
            self.bn1 = nn.BatchNorm2d(cout)
            self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
            self.bn2 = nn.BatchNorm2d(cout)
            self.downsample = None
            if stride != 1 or cin != cout:
                self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

        def forward(self, x):
            y = torch.relu(self.bn1(self.conv1(x)))
            y = self.bn2(self.conv2(y))
            return torch.relu(y + (x if self.downsample is None else self.downsample(x)))

    layers = [nn.Conv2d(in_channels, width, 3, 1, 1, bias=False), nn.BatchNorm2d(width), nn.ReLU()]
    cin = width
    for stage in range(4):
        cout = width << stage
        layers += [Block(cin, cout, 1 if stage == 0 else 2), Block(cout, cout, 1)]
        cin = cout
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, classes)]
    return nn.Sequential(*layers)


def resnet_runner(torch, case, device):
    model = resnet18_cifar(torch, case.get("width", 64)).to(device)
    x = torch.randn(case["batch"], 1, 32, 32, device=device)
    if case["kind"] == "resnet_inference":
        model.eval()

        def inference():
            with torch.no_grad():
                model(x)
        return inference
    labels = torch.randint(0, 10, (case["batch"],), device=device)
    sgd = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    model.train()

    def train_step():
        sgd.zero_grad()
        torch.nn.functional.cross_entropy(model(x), labels).backward()
        sgd.step()
    return train_step


def poincare_loss(torch, logits, targets, xi=1e-4):
    """Plug & Play Attacks' Poincare loss (protocol.md 3), mean over the batch."""
    u = logits / logits.abs().sum(1, keepdim=True)
    v = (torch.nn.functional.one_hot(targets, logits.shape[1]) - xi).clamp(0, 1)
    delta = 2 * (u - v).square().sum(1) / ((1 - u.square().sum(1)) * (1 - v.square().sum(1)))
    return torch.acosh(1 + delta).mean()


def stylegan2_runner(torch, case, device):
    """A randomly initialised, frozen generator (eval: constant noise; modulated convolutions fused
    unless the case says "modconv": "unfused") from the case's generator_kwargs: mapping +
    synthesis forward from z, synthesis forward + backward to one w broadcast over the layers, or
    one Plug & Play Attack step (generator, target ResNet-18-cifar in eval mode, Poincare loss,
    backward to w, Adam on w)."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import stylegan2_torch
    torch.manual_seed(0)
    g = stylegan2_torch.Generator(**case["generator"]).to(device).eval().requires_grad_(False)
    g.set_fused_modconv(case.get("modconv", "fused") == "fused")
    batch, kind = case["batch"], case["kind"]
    if kind == "stylegan2_forward":
        z = torch.randn(batch, g.mapping.fc0.weight.shape[1], device=device)

        def forward():
            with torch.no_grad():
                g(z)
        return forward
    w = torch.randn(batch, g.mapping.w_avg.shape[0], device=device, requires_grad=True)
    images = lambda: g.synthesis(w[:, None, :].expand(-1, g.num_ws, -1))
    if kind == "stylegan2_backward":
        def forward_backward():
            w.grad = None
            img = images()
            img.backward(torch.ones_like(img))
        return forward_backward
    t = case["target"]
    target = resnet18_cifar(torch, t["width"], t["in_channels"], t["classes"]).to(device)
    target.eval().requires_grad_(False)
    classes = torch.arange(batch, device=device) % t["classes"]
    adam = torch.optim.Adam([w], lr=case["lr"], betas=tuple(case["betas"]))

    def attack_step():
        adam.zero_grad()
        poincare_loss(torch, target(images()), classes).backward()
        adam.step()
    return attack_step


def runner(torch, case, device="cpu"):
    kind = case["kind"]
    if kind.startswith("resnet"):
        return resnet_runner(torch, case, device)
    if kind.startswith("stylegan2") or kind == "attack_step":
        return stylegan2_runner(torch, case, device)
    if kind == "gemm":
        a = torch.rand(case["m"], case["k"], device=device)
        b = torch.rand(case["k"], case["n"], device=device)
        return lambda: torch.mm(a, b)
    if kind in ("copy", "add", "relu"):  # memory-bound elementwise ops on n floats
        a = torch.rand(case["n"], device=device)
        b = torch.rand(case["n"], device=device)
        return {"copy": lambda: a.clone(), "add": lambda: a + b, "relu": lambda: torch.relu(a)}[kind]
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
    device = request.get("device", "cpu")
    sync = lambda: None
    if device.startswith("cuda"):
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
        torch.backends.cudnn.benchmark = True
        sync = torch.cuda.synchronize
    try:
        seconds = [best_of(runner(torch, c, device), request["reps"], request["min_seconds"], sync)
                   for c in request["cases"]]
    except Exception as e:  # reported as one line, never a traceback in phantom's table
        print(json.dumps({"error": f"{type(e).__name__}: {e}"}))
        return
    print(json.dumps({"seconds": seconds, "version": torch.__version__}))


if __name__ == "__main__":
    main()
