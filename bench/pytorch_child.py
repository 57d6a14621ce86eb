"""PyTorch as a column of `pnpm bench`: W1–W7 on the shared data, timed as bench/common.ts times
the JavaScript libraries (same warm-ups, reps and budgets), written as the same LibResult JSON.

    /usr/bin/python3 bench/pytorch_child.py <lib> <dataBase> <outFile> <threads>

run.ts starts it in a fresh process per column (1 and 2 threads); the models are reference.py's.
"""
import json
import os
import re
import resource
import sys
import time

T0 = time.perf_counter()
import torch  # noqa: E402  (its import is what the "import" row times)

IMPORT_MS = (time.perf_counter() - T0) * 1000

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference import STEP_MODELS, load, loss_step, mlp_step, spiral_run, train  # noqa: E402


def now_ms():
    return time.perf_counter() * 1000


def series(times):
    s = sorted(times)
    m = len(s) // 2
    return {"timesMs": times, "medianMs": s[m] if len(s) % 2 else (s[m - 1] + s[m]) / 2}


def time_calls(fn, min_rep_ms, reps):
    for _ in range(3):
        fn()
    calls = 1
    while True:
        t0 = now_ms()
        for _ in range(calls):
            fn()
        dt = now_ms() - t0
        if dt >= min_rep_ms or calls >= 1 << 16:
            break
        calls = max(calls * 2, int(-(-calls * min_rep_ms // max(dt, 0.01))))
    times = []
    for _ in range(reps):
        t0 = now_ms()
        for _ in range(calls):
            fn()
        times.append((now_ms() - t0) / calls)
    return {**series(times), "callsPerRep": calls}


def time_budgeted(fn, max_reps, budget_ms):
    times, results, spent = [], [], 0.0
    while len(times) < max_reps and (not times or spent < budget_ms):
        t0 = now_ms()
        results.append(fn())
        dt = now_ms() - t0
        times.append(dt)
        spent += dt
    return times, results


def time_steps(step, warmup, timed, budget_ms):
    losses = [step() for _ in range(warmup)]
    times, spent = [], 0.0
    while len(times) < timed and spent < budget_ms:
        t0 = now_ms()
        losses.append(step())
        dt = now_ms() - t0
        times.append(dt)
        spent += dt
    return {**series(times), "losses": losses}


def model_step(model, opt, x, y, beta):
    return lambda: train(model, opt, x, y, beta, 1)[0]


def main():
    lib, data_base, out_file, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    t1 = now_ms()
    torch.set_num_threads(threads)
    man, arr = load(data_base)
    cfg = man["config"]
    beta = cfg["smoothing"]
    init_ms = now_ms() - t1

    w1 = []
    for n in cfg["w1"]["sizes"]:
        a = torch.tensor(arr(f"w1.a{n}").reshape(n, n))
        b = torch.tensor(arr(f"w1.b{n}").reshape(n, n))
        s = time_calls(lambda: torch.mm(a, b), cfg["w1"]["minRepMs"], cfg["w1"]["reps"])
        w1.append({"n": n, **s, "gflops": 2 * n**3 / (s["medianMs"] * 1e6)})

    c2 = cfg["w2"]
    w2 = time_steps(mlp_step(cfg, arr, beta), c2["warmup"], c2["timed"], float("inf"))
    times3, results3 = time_budgeted(spiral_run(cfg, arr, beta), cfg["w3"]["maxRuns"], cfg["w3"]["budgetMs"])
    step4 = loss_step(cfg, arr, beta)
    for _ in range(cfg["w4"]["warmup"]):
        step4()
    times4, results4 = time_budgeted(step4, cfg["w4"]["maxReps"], cfg["w4"]["budgetMs"])
    steps = {}
    for key, build in STEP_MODELS.items():
        c = cfg[key]
        steps[key] = time_steps(model_step(*build(c, arr), beta), c["warmup"], c["timed"], c["budgetMs"])

    # The BLAS library this process really loaded (LD_LIBRARY_PATH picks it; see run.ts).
    with open("/proc/self/maps") as maps:
        libs = sorted({line.split()[-1] for line in maps if re.search(r"lib(open)?blas", line)})
    blas = "BLAS " + (", ".join(os.path.basename(p) for p in libs) if libs else "unknown")
    result = {
        "lib": lib,
        "describe": f"PyTorch {torch.__version__} (/usr/bin/python3), {threads} thread{'s' if threads > 1 else ''}, {blas}",
        "config": cfg["name"],
        "importMs": IMPORT_MS,
        "initMs": init_ms,
        "maxRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "w1": w1,
        "w2": w2,
        "w3": {**series(times3), "accuracy": results3[-1][0], "loss": results3[-1][1]},
        "w4": {**series(times4), "loss": results4[-1]},
        **steps,
    }
    with open(out_file, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
