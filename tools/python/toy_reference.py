#!/usr/bin/env python3
"""Replays phantom's toy experiment in PyTorch from the same data and initial weights.

    phantom toy --seeds 10 --export-inputs --out toy_out
    python3 tools/python/toy_reference.py toy_out/toy_seed4_inputs.safetensors

Prints, per alpha, the final training loss, attack steps and distance, to compare with phantom's
table. Needs only torch and numpy.
"""
import sys

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


def run(state, alpha):
    x, y = state["data.x"].float(), state["data.label"].long()
    model = nn.Sequential()
    model.fc1, model.bn1, model.r1 = nn.Linear(2, 20), nn.BatchNorm1d(20), nn.ReLU()
    model.fc2, model.bn2, model.r2 = nn.Linear(20, 20), nn.BatchNorm1d(20), nn.ReLU()
    model.fc3 = nn.Linear(20, 3, bias=False)
    weights = {k: v for k, v in state.items() if not k.startswith("data.")}
    model.load_state_dict({k: v.long() if k.endswith("num_batches_tracked") else v.float() for k, v in weights.items()})
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


if __name__ == "__main__":
    torch.set_num_threads(1)
    state = load_safetensors(sys.argv[1])
    for alpha in (0.0, 0.05, -0.05):
        loss, steps, distance = run(state, alpha)
        print(f"alpha {alpha:+.2f}  final_loss {loss:.4f}  steps {steps}  distance {distance:.2f}")
