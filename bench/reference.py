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


def mlp_step(cfg, arr, beta):
    """W2: a closure running one SGD step of the MLP and returning the loss."""
    c = cfg["w2"]
    x = torch.tensor(arr("w2.x").reshape(c["batch"], c["inF"]))
    y = torch.tensor(arr("w2.y")).long()
    w1, b1 = linear(arr, "w2.fc1", c["inF"], c["hidden"])
    w2, b2 = linear(arr, "w2.fc2", c["hidden"], c["classes"])
    opt = torch.optim.SGD([w1, b1, w2, b2], lr=c["lr"])

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(F.linear(F.relu(F.linear(x, w1, b1)), w2, b2), y, label_smoothing=beta)
        loss.backward()
        opt.step()
        return loss.item()

    return step


def spiral_run(cfg, arr, beta):
    """W3: a closure training the spiral MLP from the shared weights; returns (accuracy, loss)."""
    c = cfg["w3"]
    m = 3 * c["perClass"]
    x = torch.tensor(arr("w3.x").reshape(m, 2))
    y = torch.tensor(arr("w3.y")).long()
    h = c["hidden"]

    def run():
        layers = [linear(arr, "w3.fc1", 2, h), linear(arr, "w3.fc2", h, h), linear(arr, "w3.fc3", h, 3)]

        def forward():
            z = F.relu(F.linear(x, *layers[0]))
            z = F.relu(F.linear(z, *layers[1]))
            return F.linear(z, *layers[2])

        opt = torch.optim.Adam([p for l in layers for p in l], lr=c["lr"])
        for _ in range(c["steps"]):
            opt.zero_grad()
            F.cross_entropy(forward(), y, label_smoothing=beta).backward()
            opt.step()
        with torch.no_grad():
            logits = forward()
            return (logits.argmax(1) == y).float().mean().item(), F.cross_entropy(logits, y, label_smoothing=beta).item()

    return run


def loss_step(cfg, arr, beta):
    """W4: a closure running the label-smoothed loss forward and backward; returns the loss."""
    c = cfg["w4"]
    logits = torch.tensor(arr("w4.logits").reshape(c["rows"], c["classes"]), requires_grad=True)
    y = torch.tensor(arr("w4.y")).long()

    def step():
        logits.grad = None
        loss = F.cross_entropy(logits, y, label_smoothing=beta)
        loss.backward()
        return loss.item()

    return step


def reference(base):
    man, arr = load(base)
    cfg = man["config"]
    beta = cfg["smoothing"]
    out = {"fingerprint": man["fingerprint"]}
    step = mlp_step(cfg, arr, beta)
    losses = [step() for _ in range(cfg["w2"]["warmup"] + cfg["w2"]["timed"])]
    out["w2First"], out["w2Last"] = losses[0], losses[-1]
    out["w3Accuracy"], out["w3Loss"] = spiral_run(cfg, arr, beta)()
    out["w4Loss"] = loss_step(cfg, arr, beta)()
    out["steps"] = {key: step_losses(key, cfg, arr, beta) for key in STEP_MODELS}
    out["torch"] = torch.__version__
    return cfg["name"], out


def train(model, opt, x, y, beta, steps):
    """W2's step (zero grads, forward, loss, backward, update) `steps` times; every loss."""
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y, label_smoothing=beta)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


def load_state(model, arr, prefix):
    state = {k: torch.tensor(arr(f"{prefix}.{k}")).reshape(v.shape) for k, v in model.state_dict().items()}
    model.load_state_dict(state)
    return model


def cnn_model(c, arr):
    """W5's LeNet with the shared initial weights, its input and labels."""
    k, s = c["kernel"], c["size"]
    s2 = ((s - k + 1) // 2 - k + 1) // 2
    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, c["c1"], k), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(c["c1"], c["c2"], k), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten(),
        torch.nn.Linear(c["c2"] * s2 * s2, c["hidden"]), torch.nn.ReLU(), torch.nn.Linear(c["hidden"], c["classes"]))
    names = {"0": "conv1", "3": "conv2", "7": "fc1", "9": "fc2"}
    model.load_state_dict({key: torch.tensor(arr("w5." + names[key.split(".")[0]] + "." + key.split(".")[1])).reshape(v.shape)
                           for key, v in model.state_dict().items()})
    x = torch.tensor(arr("w5.x")).reshape(c["batch"], 1, s, s)
    y = torch.tensor(arr("w5.y")).long()
    return model, torch.optim.SGD(model.parameters(), lr=c["lr"], momentum=c["momentum"]), x, y


class SequenceClassifier(torch.nn.Module):
    """W6 and W7: `body` over x[batch, seq, ·] (batch_first), `pool` of its output over the sequence, then Linear."""

    def __init__(self, body, pool, width, classes):
        super().__init__()
        self.body = body
        self.pool = pool
        self.fc = torch.nn.Linear(width, classes)

    def forward(self, x):
        return self.fc(self.pool(self.body(x)))


def sequence_model(key, c, arr, body, pool, width):
    """W6's or W7's model with the shared initial weights (the body's under `key`, the head's under
    `key`.fc), its input and labels, and Adam."""
    model = SequenceClassifier(body, pool, width, c["classes"])
    load_state(model.body, arr, key)
    load_state(model.fc, arr, key + ".fc")
    x = torch.tensor(arr(key + ".x")).reshape(c["batch"], c["seq"], -1)
    y = torch.tensor(arr(key + ".y")).long()
    return model, torch.optim.Adam(model.parameters(), lr=c["lr"]), x, y


def lstm_model(c, arr):
    """W6: LSTM(batch_first) → the last step's hidden state → Linear."""
    lstm = torch.nn.LSTM(c["features"], c["hidden"], batch_first=True)
    return sequence_model("w6", c, arr, lstm, lambda out: out[0][:, -1], c["hidden"])


def transformer_model(c, arr):
    """W7: TransformerEncoderLayer(batch_first, dropout 0) → mean over the sequence → Linear."""
    layer = torch.nn.TransformerEncoderLayer(c["dModel"], c["heads"], c["ff"], dropout=0.0, batch_first=True)
    return sequence_model("w7", c, arr, layer, lambda out: out.mean(1), c["dModel"])


# W5–W7: config key → builder of (model, optimizer, x, y).
STEP_MODELS = {"w5": cnn_model, "w6": lstm_model, "w7": transformer_model}


def step_losses(key, cfg, arr, beta):
    c = cfg[key]
    model, opt, x, y = STEP_MODELS[key](c, arr)
    return train(model, opt, x, y, beta, c["warmup"] + c["timed"])


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
