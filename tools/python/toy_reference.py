#!/usr/bin/env python3
"""phantom's toy experiment in PyTorch, two ways.

Replay, from phantom's own data and initial weights (same numbers expected):

    phantom toy --seeds 10 --export-inputs --out toy_out
    python3 tools/python/toy_reference.py toy_out/toy_seed4_inputs.safetensors

prints, per alpha, the final training loss, attack steps and distance, to compare with phantom's
table. Independent draws (numpy's blobs, PyTorch's default initialisation under
torch.manual_seed), to measure how often the paper's ordering holds outside phantom's RNG:

    python3 tools/python/toy_reference.py --own-draws FIRST_SEED COUNT

prints one line per seed and the count of seeds with the full ordering. Needs only torch and numpy.
"""
import sys

import numpy as np

import torch
import torch.nn as nn
import torch.nn.functional as F

import safetensors_io


def load_safetensors(path):
    return {name: torch.from_numpy(array) for name, array in safetensors_io.read(path)[0].items()}


def smoothed_ce(logits, labels, alpha):
    """(1 - alpha)(-log p_y) + alpha/C sum_k(-log p_k), for any alpha <= 1."""
    logp = F.log_softmax(logits, 1)
    return ((1 - alpha) * -logp.gather(1, labels[:, None])[:, 0] - alpha / logits.shape[1] * logp.sum(1)).mean()


def make_model():
    model = nn.Sequential()
    model.fc1, model.bn1, model.r1 = nn.Linear(2, 20), nn.BatchNorm1d(20), nn.ReLU()
    model.fc2, model.bn2, model.r2 = nn.Linear(20, 20), nn.BatchNorm1d(20), nn.ReLU()
    model.fc3 = nn.Linear(20, 3, bias=False)
    return model


def replay_inputs(state):
    """Data and a model initialised from phantom's exported inputs."""
    model = make_model()
    weights = {k: v for k, v in state.items() if not k.startswith("data.")}
    model.load_state_dict({k: v.long() if k.endswith("num_batches_tracked") else v.float() for k, v in weights.items()})
    return state["data.x"].float(), state["data.label"].long(), model


def own_inputs(seed):
    """The issue's blobs drawn by numpy (167/167/166 points) and PyTorch's default initialisation."""
    rng = np.random.RandomState(seed)
    centres, counts = [(0, -10), (-10, 10), (10, 10)], (167, 167, 166)
    x = np.concatenate([rng.normal(loc=c, scale=1.6, size=(n, 2)) for c, n in zip(centres, counts)])
    y = np.concatenate([np.full(n, k) for k, n in enumerate(counts)])
    torch.manual_seed(seed)
    return torch.tensor(x, dtype=torch.float32), torch.tensor(y), make_model()


def run(inputs, alpha):
    x, y, model = inputs
    opt = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9)
    for _ in range(5000):
        opt.zero_grad()
        loss = smoothed_ce(model(x), y, alpha)
        loss.backward()
        opt.step()
    model.eval()
    for p in model.parameters():
        p.requires_grad_(False)
    point = torch.tensor([[-3.0, -10.0]], requires_grad=True)
    attack = torch.optim.SGD([point], lr=0.1)
    steps = 0
    while steps < 10000:
        logits = model(point)
        if F.softmax(logits, 1)[0, 2] > 0.95:
            break
        attack.zero_grad()
        F.cross_entropy(logits, torch.tensor([2])).backward()
        attack.step()
        steps += 1
    distance = (x[y == 2] - point.detach()[0]).norm(dim=1).min().item()
    return loss.item(), steps, distance


def ordering_holds(results):
    """steps(-0.05) < steps(0) < steps(+0.05) and distance(+0.05) < distance(0) < distance(-0.05)."""
    steps = {a: r[1] for a, r in results.items()}
    dist = {a: r[2] for a, r in results.items()}
    return steps[-0.05] < steps[0.0] < steps[0.05] and dist[0.05] < dist[0.0] < dist[-0.05]


ALPHAS = (0.0, 0.05, -0.05)

if __name__ == "__main__":
    torch.set_num_threads(1)
    if sys.argv[1] == "--own-draws":
        first, count = int(sys.argv[2]), int(sys.argv[3])
        holds = 0
        for seed in range(first, first + count):
            results = {a: run(own_inputs(seed), a) for a in ALPHAS}
            holds += ordering_holds(results)
            cells = "  ".join(f"{a:+.2f}: {s:5d} steps, distance {d:5.2f}" for a, (_, s, d) in results.items())
            print(f"seed {seed:3d}  {cells}  ordering {'yes' if ordering_holds(results) else 'no'}", flush=True)
        print(f"paper's ordering holds for {holds} of {count} seeds")
    else:
        state = load_safetensors(sys.argv[1])
        for alpha in ALPHAS:
            loss, steps, distance = run(replay_inputs(state), alpha)
            print(f"alpha {alpha:+.2f}  final_loss {loss:.4f}  steps {steps}  distance {distance:.2f}")
