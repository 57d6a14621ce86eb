/**
 * The playground page: the seed's walkthrough (run on the page's thread: it is a few small tensors)
 * and the toy classifier training live in a worker, drawn on two canvases.
 *
 * DOM contract (examples/web/README.md): `#seed-loss`, `#gradcheck`, `#held-out-accuracy`,
 * `document.documentElement.dataset.trainState` ("running" / "done" / "stopped" / "error").
 */
import { tensor } from "@tsgrad/core";
import {
  downloadSafetensors,
  loadFromIndexedDB,
  loadSafetensors,
  type Sequential,
  type StateDict,
  saveToIndexedDB,
} from "@tsgrad/nn";
import type { Dataset } from "../../lib/spiral.js";
import { PALETTE } from "../../lib/svg.js";
import { TOY_DEFAULTS } from "../../lib/toy-model.js";
import { PRED, runWalkthrough, TARGET } from "../../lib/walkthrough.js";
import { pct, renderCalibration } from "./calibration-view.js";
import { drawGraph, initGraphPanel } from "./graph-panel.js";
import type { FromWorker, Grid, ToWorker } from "./messages.js";
import {
  EXTENT,
  modelFromStateDict,
  otherSmoothing,
  predictions,
  regionGrid,
  setupRun,
  type TrainOptions,
} from "./train.js";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

// ---- the page's own heartbeat: frames counted while training shows the page stayed responsive ----
let frames = 0;
const tick = () => {
  frames++;
  requestAnimationFrame(tick);
};
requestAnimationFrame(tick);

// ---- the seed, live -------------------------------------------------------------------------------
const smoothingIn = $<HTMLInputElement>("seed-smoothing");
const predIn = $<HTMLTextAreaElement>("seed-pred");
const targetIn = $<HTMLInputElement>("seed-target");
const weightIn = $<HTMLInputElement>("seed-weight");
predIn.value = JSON.stringify(PRED).replace(/\],\[/g, "],\n [");
targetIn.value = JSON.stringify(TARGET);

function renderWalkthrough(): void {
  const error = $("seed-error");
  error.textContent = "";
  try {
    const smoothing = Number(smoothingIn.value);
    if (smoothingIn.value.trim() === "" || !(smoothing >= 0 && smoothing <= 1)) {
      throw new Error(`smoothing: expected a number in [0, 1], got '${smoothingIn.value}'`);
    }
    const pred = JSON.parse(predIn.value) as number[][];
    const target = JSON.parse(targetIn.value) as number[];
    const weight = weightIn.value.trim() === "" ? undefined : (JSON.parse(weightIn.value) as number[]);
    // The post's own example keeps the post's captions and notes.
    const isPost =
      JSON.stringify(pred) === JSON.stringify(PRED) && JSON.stringify(target) === JSON.stringify(TARGET);
    const lines: string[] = [];
    const result = runWalkthrough({
      smoothing,
      ...(isPost ? {} : { pred, target }),
      ...(weight === undefined ? {} : { weight }),
      log: (line) => lines.push(line),
    });
    const loss = result.steps.find((s) => s.key === "loss")!;
    $("seed-loss").textContent = loss.printed.replace(/, grad_fn=<\w+>/, "");
    $("seed-gradcheck").textContent = result.gradcheck ? "passed" : "failed";
    $("seed-beta").textContent = String(result.beta);
    const list = $("seed-steps");
    list.replaceChildren(
      ...result.steps.map((s) => {
        const li = document.createElement("li");
        const code = document.createElement("div");
        code.className = "lines";
        for (const [who, text] of [
          ["PyTorch", s.pytorch],
          ["tsgrad", s.tsgrad],
        ] as const) {
          const p = document.createElement("code");
          p.className = who === "PyTorch" ? "py" : "ts";
          p.textContent = `${who}: ${text}`;
          code.append(p);
        }
        const out = document.createElement("pre");
        out.textContent = s.printed;
        li.append(code, out);
        return li;
      }),
    );
    $("seed-transcript").textContent = lines.join("\n");
    void drawGraph(
      $("seed-graph"),
      result.graph,
      "Autograd graph of the seed's loss: MeanBackward0, SumBackward1, two MulBackward0, LogSoftmaxBackward0, AccumulateGrad, pred",
    );
  } catch (e) {
    error.textContent = e instanceof Error ? e.message : String(e);
  }
}
for (const el of [smoothingIn, predIn, targetIn, weightIn]) el.addEventListener("change", renderWalkthrough);
$("seed-form").addEventListener("submit", (e) => {
  e.preventDefault();
  renderWalkthrough();
});
renderWalkthrough();

// ---- train live -----------------------------------------------------------------------------------
const regions = $<HTMLCanvasElement>("regions");
const curves = $<HTMLCanvasElement>("curves");
const trainButton = $<HTMLButtonElement>("train");
const stopButton = $<HTMLButtonElement>("stop");
const resetButton = $<HTMLButtonElement>("reset");
let worker: Worker | null = null;
let data: Extract<FromWorker, { type: "setup" }> | null = null;
let lastGrid: Grid | null = null;
let history: { loss: number[]; testAccuracy: number[] } = { loss: [], testAccuracy: [] };
let framesAtStart = 0;
let startedAt = 0;

const rgb = (hex: string) => {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255] as const;
};
const COLORS = PALETTE.slice(0, 3).map(rgb);

for (const key of ["smoothing", "hidden", "lr", "seed", "epochs"] as const) {
  $<HTMLInputElement>(`opt-${key}`).value = String(TOY_DEFAULTS[key]);
}

function readOptions(): TrainOptions {
  const num = (id: string) => Number($<HTMLInputElement>(id).value);
  return {
    smoothing: num("opt-smoothing"),
    hidden: num("opt-hidden"),
    lr: num("opt-lr"),
    seed: num("opt-seed"),
    epochs: num("opt-epochs"),
    points: TOY_DEFAULTS.points,
  };
}

function setState(state: "running" | "done" | "stopped" | "idle" | "error", text: string): void {
  document.documentElement.dataset.trainState = state;
  $("train-status").textContent = text;
  trainButton.disabled = state === "running";
  stopButton.disabled = state !== "running";
}

function drawRegions(): void {
  const ctx = regions.getContext("2d")!;
  const w = regions.width;
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, w, w);
  if (lastGrid) {
    const { size, classes, confidence } = lastGrid;
    const img = ctx.createImageData(size, size);
    for (let k = 0; k < size * size; k++) {
      const c = COLORS[classes[k]!]!;
      // Paler where the model is unsure: 1/3 is a coin toss between three classes.
      const a = 0.15 + 0.45 * Math.max(0, (confidence[k]! - 1 / 3) / (2 / 3));
      for (let ch = 0; ch < 3; ch++) img.data[4 * k + ch] = Math.round(c[ch]! * a + 255 * (1 - a));
      img.data[4 * k + 3] = 255;
    }
    const off = new OffscreenCanvas(size, size);
    off.getContext("2d")!.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(off, 0, 0, w, w);
  }
  if (!data) return;
  const toPx = (v: number) => ((v + EXTENT) / (2 * EXTENT)) * w;
  for (const [set, ringed] of [
    [data.train, false],
    [data.test, true],
  ] as const) {
    for (let i = 0; i < set.y.length; i++) {
      const [r, g, b] = COLORS[set.y[i]!]!;
      ctx.beginPath();
      ctx.arc(toPx(set.x[2 * i]!), w - toPx(set.x[2 * i + 1]!), ringed ? 3.5 : 2.2, 0, 2 * Math.PI);
      ctx.fillStyle = `rgb(${r},${g},${b})`;
      ctx.fill();
      if (ringed) {
        ctx.strokeStyle = "#111";
        ctx.lineWidth = 1;
        ctx.stroke();
      }
    }
  }
}

function drawCurves(epochs: number): void {
  const ctx = curves.getContext("2d")!;
  const { width: w, height: h } = curves;
  const pad = { l: 44, r: 44, t: 12, b: 28 };
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, w, h);
  ctx.strokeStyle = "#888";
  ctx.lineWidth = 1;
  ctx.strokeRect(pad.l, pad.t, w - pad.l - pad.r, h - pad.t - pad.b);
  ctx.fillStyle = "#222";
  ctx.font = "12px system-ui, sans-serif";
  ctx.fillText("epoch", w / 2 - 16, h - 8);
  ctx.fillText(String(epochs), w - pad.r - 20, h - 14);
  ctx.fillText("0", pad.l, h - 14);
  const maxLoss = Math.max(1e-6, ...history.loss.slice(0, 1), 1.2);
  ctx.fillStyle = PALETTE[0]!;
  ctx.fillText(`loss ${maxLoss.toFixed(1)}`, 2, pad.t + 10);
  ctx.fillText("0", 30, h - pad.b);
  ctx.fillStyle = PALETTE[2]!;
  ctx.fillText("100 %", w - pad.r + 4, pad.t + 10);
  ctx.fillText("acc", w - pad.r + 4, pad.t + 24);
  const line = (values: number[], top: number, color: string) => {
    ctx.beginPath();
    values.forEach((v, i) => {
      const x = pad.l + ((i + 1) / epochs) * (w - pad.l - pad.r);
      const y = h - pad.b - (Math.min(v, top) / top) * (h - pad.t - pad.b);
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    ctx.stroke();
  };
  line(history.loss, maxLoss, PALETTE[0]!);
  line(history.testAccuracy, 1, PALETTE[2]!);
}

function onMessage(msg: FromWorker, options: TrainOptions): void {
  switch (msg.type) {
    case "setup": {
      data = msg;
      heldOut = {
        x: tensor(msg.test.x).reshape([msg.test.y.length, 2]),
        y: tensor(msg.test.y, { dtype: "int32" }),
      };
      showInside(msg.model, msg.parameters);
      drawRegions();
      break;
    }
    case "threads": {
      const out = $("threads");
      out.dataset.threads = String(msg.threads);
      out.dataset.identical = String(msg.identical);
      out.dataset.cpuCapability = msg.capability;
      out.textContent =
        `${msg.threads} ${msg.threads === 1 ? "thread" : "threads"}: a 384×384 matmul in ${msg.manyMs.toFixed(1)} ms ` +
        `(1 thread: ${msg.oneMs.toFixed(1)} ms; ${msg.identical ? "the same bits" : "DIFFERENT bits"}; wasm ${msg.capability})`;
      break;
    }
    case "gradcheck":
      $("gradcheck").textContent = msg.passed ? "passed" : "failed";
      break;
    case "epoch":
      history.loss.push(msg.loss);
      history.testAccuracy.push(msg.testAccuracy);
      $("epoch").textContent = `${msg.epoch} / ${options.epochs}`;
      $("train-loss").textContent = msg.loss.toFixed(4);
      $("held-out-accuracy").textContent = pct(msg.testAccuracy);
      if (msg.grid) lastGrid = msg.grid;
      break;
    case "done": {
      const during = frames - framesAtStart;
      $("frames").textContent = String(during);
      $("train-seconds").textContent = msg.seconds.toFixed(2);
      $("held-out-accuracy").textContent = pct(msg.testAccuracy);
      useModel(modelFromStateDict(loadSafetensors(msg.weights)));
      setState("done", `done in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
      $("calibration-status").textContent =
        `training the comparison run (smoothing ${otherSmoothing(options.smoothing)})…`;
      break;
    }
    case "stopped":
      useModel(modelFromStateDict(loadSafetensors(msg.weights)));
      worker?.terminate();
      worker = null;
      setState("stopped", `stopped after epoch ${msg.epoch}`);
      $("calibration-status").textContent = "(the comparison needs a finished run)";
      break;
    case "calibration":
      renderCalibration(msg.rows, $("calibration"), $("reliability"), $("calibration-verdict"));
      $("calibration-status").textContent = `held-out split, ${options.epochs} epochs each`;
      worker?.terminate();
      worker = null;
      break;
    case "error":
      setState("error", `error: ${msg.message}`);
      console.error(msg.message);
      break;
  }
}

// Draw at the display's pace, not per message: the worker can send epochs faster than frames come.
let drawn = -1;
const paint = () => {
  if (history.loss.length !== drawn) {
    drawn = history.loss.length;
    drawRegions();
    drawCurves(Math.max(1, Number($<HTMLInputElement>("opt-epochs").value)));
    if (worker) $("frames").textContent = String(frames - framesAtStart);
  }
  requestAnimationFrame(paint);
};
requestAnimationFrame(paint);

function start(): void {
  worker?.terminate();
  const options = readOptions();
  clearCalibration();
  history = { loss: [], testAccuracy: [] };
  lastGrid = null;
  data = null;
  drawn = -1;
  for (const id of ["gradcheck", "held-out-accuracy", "train-loss", "epoch", "train-seconds"])
    $(id).textContent = "…";
  framesAtStart = frames;
  startedAt = performance.now();
  setState("running", "training…");
  worker = new Worker(new URL("./train-worker.ts", import.meta.url), { type: "module" });
  worker.onmessage = (e: MessageEvent<FromWorker>) => onMessage(e.data, options);
  worker.onerror = (e) => {
    setState("error", `error: ${e.message}`);
    console.error(e.message);
  };
  worker.postMessage({ type: "start", options } satisfies ToWorker);
}

/** Back to a fresh, untrained model with the current settings (what Start would begin from). */
function reset(): void {
  worker?.terminate();
  worker = null;
  const toy = setupRun(readOptions());
  history = { loss: [], testAccuracy: [] };
  drawn = -1;
  for (const id of ["gradcheck", "held-out-accuracy", "train-loss", "epoch", "train-seconds", "frames"])
    $(id).textContent = "…";
  clearCalibration();
  data = {
    type: "setup",
    model: toy.model.toString(),
    parameters: [],
    train: { x: toy.train.x.toTypedArray() as Float32Array, y: toy.train.y.toTypedArray() as Int32Array },
    test: { x: toy.test.x.toTypedArray() as Float32Array, y: toy.test.y.toTypedArray() as Int32Array },
  };
  heldOut = toy.test;
  useModel(toy.model);
  setState("idle", "reset: an untrained model");
}

trainButton.addEventListener("click", start);
// The worker's trainLoop hears this between two steps and answers "stopped" with its weights.
stopButton.addEventListener("click", () => worker?.postMessage({ type: "stop" } satisfies ToWorker));
resetButton.addEventListener("click", reset);

// ---- calibration ----------------------------------------------------------------------------------
function clearCalibration(): void {
  $("calibration").querySelector("tbody")!.replaceChildren();
  $("reliability").replaceChildren();
  $("calibration-verdict").textContent = "";
  $("calibration-status").textContent = "after training, a second run with the other smoothing…";
}

// ---- look inside, predictions and keeping the weights ----------------------------------------------
/** The model the page holds (the last finished, stopped or loaded one) and the held-out split. */
let current: Sequential | null = null;
let heldOut: Dataset | null = null;

function showInside(repr: string, parameters: { name: string; shape: readonly number[] }[]): void {
  $("model-repr").textContent = repr;
  const total = parameters.reduce((a, p) => a + p.shape.reduce((x, y) => x * y, 1), 0);
  $("model-params").textContent =
    `${parameters.map((p) => `${p.name.padEnd(10)} [${p.shape.join(", ")}]`).join("\n")}\n${total} parameters`;
}

function useModel(model: Sequential): void {
  current = model;
  showInside(
    model.toString(),
    [...model.namedParameters()].map(([name, p]) => ({ name, shape: p.shape })),
  );
  for (const b of weightButtons) b.disabled = false;
  if (!heldOut) return;
  // ONNX Runtime Web (~0.3 MB of script, 14 MB of wasm) loads only once there is a model to run.
  const x = heldOut.x;
  void import("./onnx-panel.js").then((m) =>
    m.runOnnx(model, x, $("onnx"), $<HTMLAnchorElement>("download-onnx")),
  );
  const p = predictions(model, heldOut);
  const out = $("predictions");
  out.textContent = p.printed;
  out.dataset.digest = p.digest;
  $("predictions-digest").textContent = p.digest;
  $("predictions-accuracy").textContent = pct(p.accuracy);
  lastGrid = { size: 96, ...regionGrid(model, 96) };
  drawRegions();
}

const WEIGHTS_KEY = "playground-model";
const weightButtons = ["download", "save-idb"].map((id) => $<HTMLButtonElement>(id));
for (const b of weightButtons) b.disabled = true;

function weightsStatus(text: string, error = false): void {
  $("weights-status").textContent = error ? "" : text;
  $("weights-error").textContent = error ? text : "";
}

/** Loads `sd` into a fresh playground model (its hidden size from the file); a run in progress stops. */
function loadWeights(sd: StateDict, from: string): void {
  const model = modelFromStateDict(sd);
  if (worker) {
    worker.terminate();
    worker = null;
    setState("stopped", "stopped: weights loaded");
  }
  $<HTMLInputElement>("opt-hidden").value = String(sd.get("0.weight")!.shape[0]);
  useModel(model);
  const n = [...model.parameters()].reduce((a, p) => a + p.numel(), 0);
  weightsStatus(`loaded ${n} parameters from ${from}`);
}

async function loadFile(file: File): Promise<void> {
  try {
    loadWeights(loadSafetensors(await file.arrayBuffer()), `the file ${file.name}`);
  } catch (e) {
    weightsStatus(`could not load ${file.name}: ${e instanceof Error ? e.message : String(e)}`, true);
  }
}

$("download").addEventListener("click", () => {
  if (!current) return;
  downloadSafetensors(current.stateDict(), "tsgrad-spiral-mlp.safetensors");
  weightsStatus("downloaded tsgrad-spiral-mlp.safetensors");
});
$("save-idb").addEventListener("click", async () => {
  if (!current) return;
  try {
    await saveToIndexedDB(current.stateDict(), WEIGHTS_KEY);
    weightsStatus(`saved to IndexedDB (key '${WEIGHTS_KEY}')`);
  } catch (e) {
    weightsStatus(`could not save: ${e instanceof Error ? e.message : String(e)}`, true);
  }
});
$("load-idb").addEventListener("click", async () => {
  try {
    loadWeights(await loadFromIndexedDB(WEIGHTS_KEY), `IndexedDB (key '${WEIGHTS_KEY}')`);
  } catch (e) {
    weightsStatus(`could not load: ${e instanceof Error ? e.message : String(e)}`, true);
  }
});
const fileInput = $<HTMLInputElement>("weights-file");
fileInput.addEventListener("change", () => {
  const file = fileInput.files?.[0];
  if (file) void loadFile(file);
  fileInput.value = "";
});
const dropZone = $("drop-zone");
dropZone.addEventListener("dragover", (e) => {
  e.preventDefault();
  dropZone.classList.add("over");
});
dropZone.addEventListener("dragleave", () => dropZone.classList.remove("over"));
dropZone.addEventListener("drop", (e) => {
  e.preventDefault();
  dropZone.classList.remove("over");
  const file = e.dataTransfer?.files[0];
  if (file) void loadFile(file);
});

start();
initGraphPanel($<HTMLInputElement>("opt-hidden"), $("model-graph"));
