"""PyTorch reference values for the bench's sanity checks, on the bench's exact data.

Run from the repo root (needs torch; Debian's python3-torch 1.13 works):
    node --import tsx --conditions=tsgrad-source bench/run.ts --data-only /tmp/bench-full
    node --import tsx --conditions=tsgrad-source bench/run.ts --data-only /tmp/bench-quick --quick
    /usr/bin/python3 bench/reference.py /tmp/bench-full /tmp/bench-quick
It rewrites bench/reference.json. Rerun it whenever bench/data.ts changes (the harness notices a
stale file through the data fingerprint and falls back to WORKLOADS.md's figures).
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)


def load(base):
    with open(base + ".json") as f:
        man = json.load(f)
    raw = open(base + ".bin", "rb").read()

    def arr(name):
        e = man["arrays"][name]
        dt = np.float32 if e["dtype"] == "float32" else np.int32
        return np.frombuffer(raw, dtype=dt, count=e["length"], offset=e["offset"]).copy()

    return man, arr


def linear(arr, name, inf, outf):
    w = torch.tensor(arr(name + ".weight").reshape(outf, inf), requires_grad=True)
    b = torch.tensor(arr(name + ".bias"), requires_grad=True)
    return w, b


def reference(base):
    man, arr = load(base)
    cfg = man["config"]
    beta = cfg["smoothing"]
    out = {"fingerprint": man["fingerprint"]}

    c = cfg["w2"]
    x = torch.tensor(arr("w2.x").reshape(c["batch"], c["inF"]))
    y = torch.tensor(arr("w2.y")).long()
    w1, b1 = linear(arr, "w2.fc1", c["inF"], c["hidden"])
    w2, b2 = linear(arr, "w2.fc2", c["hidden"], c["classes"])
    params = [w1, b1, w2, b2]
    opt = torch.optim.SGD(params, lr=c["lr"])
    losses = []
    for _ in range(c["warmup"] + c["timed"]):
        opt.zero_grad()
        loss = F.cross_entropy(F.linear(F.relu(F.linear(x, w1, b1)), w2, b2), y, label_smoothing=beta)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    out["w2First"], out["w2Last"] = losses[0], losses[-1]

    c = cfg["w3"]
    m = 3 * c["perClass"]
    x = torch.tensor(arr("w3.x").reshape(m, 2))
    y = torch.tensor(arr("w3.y")).long()
    h = c["hidden"]
    layers = [linear(arr, "w3.fc1", 2, h), linear(arr, "w3.fc2", h, h), linear(arr, "w3.fc3", h, 3)]
    params = [p for l in layers for p in l]

    def forward():
        z = F.relu(F.linear(x, *layers[0]))
        z = F.relu(F.linear(z, *layers[1]))
        return F.linear(z, *layers[2])

    opt = torch.optim.Adam(params, lr=c["lr"])
    for _ in range(c["steps"]):
        opt.zero_grad()
        F.cross_entropy(forward(), y, label_smoothing=beta).backward()
        opt.step()
    with torch.no_grad():
        logits = forward()
        out["w3Accuracy"] = (logits.argmax(1) == y).float().mean().item()
        out["w3Loss"] = F.cross_entropy(logits, y, label_smoothing=beta).item()

    c = cfg["w4"]
    logits = torch.tensor(arr("w4.logits").reshape(c["rows"], c["classes"]), requires_grad=True)
    y = torch.tensor(arr("w4.y")).long()
    loss = F.cross_entropy(logits, y, label_smoothing=beta)
    loss.backward()
    out["w4Loss"] = loss.item()
    out["torch"] = torch.__version__
    return cfg["name"], out


def main():
    result = {}
    for base in sys.argv[1:]:
        name, ref = reference(base)
        result[name] = ref
        print(name, ref)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.json")
    with open(path, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
