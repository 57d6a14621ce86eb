/**
 * The data and initial weights of W1–W7, deterministic in the config's seed. They are drawn from
 * @tsgrad/core's Generator (xoshiro128** seeded by splitmix32); bench.test.ts checks the data's
 * fingerprint against reference.json's, so a change to that stream cannot go unnoticed.
 * Only the parent (run.ts) and bench.test.ts import this file: see data.ts.
 */
import { Generator } from "@tsgrad/core";
import { type Arrays, type Config, lenetSizes } from "./data.js";

/** The generator with the two draws the data needs besides `random()` and `normal()`. */
class Rng extends Generator {
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.random();
  }
  int(n: number): number {
    return Math.floor(this.random() * n);
  }
}

function uniformF32(rng: Rng, n: number, lo: number, hi: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.uniform(lo, hi);
  return a;
}

/** PyTorch's default `nn.Linear` init: weight [out, in] and bias [out], both U(±1/√in). */
function linearInit(rng: Rng, arrays: Arrays, name: string, inF: number, outF: number): void {
  const bound = 1 / Math.sqrt(inF);
  arrays[`${name}.weight`] = uniformF32(rng, outF * inF, -bound, bound);
  arrays[`${name}.bias`] = uniformF32(rng, outF, -bound, bound);
}

/** All inputs of W1–W4 for `cfg`, deterministic in `cfg.seed`. */
export function generate(cfg: Config): Arrays {
  const rng = new Rng(cfg.seed);
  const arrays: Arrays = {};
  for (const n of cfg.w1.sizes) {
    arrays[`w1.a${n}`] = uniformF32(rng, n * n, -1, 1);
    arrays[`w1.b${n}`] = uniformF32(rng, n * n, -1, 1);
  }
  const { batch, inF, hidden, classes } = cfg.w2;
  arrays["w2.x"] = uniformF32(rng, batch * inF, 0, 1);
  const y2 = new Int32Array(batch);
  for (let i = 0; i < batch; i++) y2[i] = rng.int(classes);
  arrays["w2.y"] = y2;
  linearInit(rng, arrays, "w2.fc1", inF, hidden);
  linearInit(rng, arrays, "w2.fc2", hidden, classes);

  // CS231n spiral: class j, point i: r = i/(P-1), t = 4j + 4i/(P-1) + 0.2 z.
  const p = cfg.w3.perClass;
  const x3 = new Float32Array(3 * p * 2);
  const y3 = new Int32Array(3 * p);
  for (let j = 0; j < 3; j++) {
    for (let i = 0; i < p; i++) {
      const r = i / (p - 1);
      const t = 4 * j + (4 * i) / (p - 1) + 0.2 * rng.normal();
      const row = j * p + i;
      x3[2 * row] = r * Math.sin(t);
      x3[2 * row + 1] = r * Math.cos(t);
      y3[row] = j;
    }
  }
  arrays["w3.x"] = x3;
  arrays["w3.y"] = y3;
  const h = cfg.w3.hidden;
  linearInit(rng, arrays, "w3.fc1", 2, h);
  linearInit(rng, arrays, "w3.fc2", h, h);
  linearInit(rng, arrays, "w3.fc3", h, 3);

  arrays["w4.logits"] = uniformF32(rng, cfg.w4.rows * cfg.w4.classes, -3, 3);
  const y4 = new Int32Array(cfg.w4.rows);
  for (let i = 0; i < cfg.w4.rows; i++) y4[i] = rng.int(cfg.w4.classes);
  arrays["w4.y"] = y4;

  // W5: PyTorch's default Conv2d init is kaiming_uniform(a=√5), i.e. U(±1/√fan_in) as Linear's.
  const c5 = cfg.w5;
  arrays["w5.x"] = uniformF32(rng, c5.batch * c5.size * c5.size, 0, 1);
  arrays["w5.y"] = labels(rng, c5.batch, c5.classes);
  const k2 = c5.kernel * c5.kernel;
  linearInit(rng, arrays, "w5.conv1", k2, c5.c1);
  linearInit(rng, arrays, "w5.conv2", c5.c1 * k2, c5.c2);
  linearInit(rng, arrays, "w5.fc1", lenetSizes(c5).flat, c5.hidden);
  linearInit(rng, arrays, "w5.fc2", c5.hidden, c5.classes);

  // W6: nn.LSTM initialises every weight and bias U(±1/√hidden); gates in PyTorch's order i, f, g, o.
  const c6 = cfg.w6;
  arrays["w6.x"] = normalF32(rng, c6.batch * c6.seq * c6.features);
  arrays["w6.y"] = labels(rng, c6.batch, c6.classes);
  const b6 = 1 / Math.sqrt(c6.hidden);
  const g6 = 4 * c6.hidden;
  arrays["w6.weight_ih_l0"] = uniformF32(rng, g6 * c6.features, -b6, b6);
  arrays["w6.weight_hh_l0"] = uniformF32(rng, g6 * c6.hidden, -b6, b6);
  arrays["w6.bias_ih_l0"] = uniformF32(rng, g6, -b6, b6);
  arrays["w6.bias_hh_l0"] = uniformF32(rng, g6, -b6, b6);
  linearInit(rng, arrays, "w6.fc", c6.hidden, c6.classes);

  // W7: MultiheadAttention's in_proj_weight is xavier_uniform and its biases start at 0; the
  // feed-forward Linears and the head use Linear's init; LayerNorms start at weight 1, bias 0.
  const c7 = cfg.w7;
  const d = c7.dModel;
  arrays["w7.x"] = normalF32(rng, c7.batch * c7.seq * d);
  arrays["w7.y"] = labels(rng, c7.batch, c7.classes);
  const xavier = Math.sqrt(6 / (d + 3 * d));
  arrays["w7.self_attn.in_proj_weight"] = uniformF32(rng, 3 * d * d, -xavier, xavier);
  arrays["w7.self_attn.in_proj_bias"] = new Float32Array(3 * d);
  arrays["w7.self_attn.out_proj.weight"] = uniformF32(rng, d * d, -1 / Math.sqrt(d), 1 / Math.sqrt(d));
  arrays["w7.self_attn.out_proj.bias"] = new Float32Array(d);
  linearInit(rng, arrays, "w7.linear1", d, c7.ff);
  linearInit(rng, arrays, "w7.linear2", c7.ff, d);
  for (const n of ["norm1", "norm2"]) {
    arrays[`w7.${n}.weight`] = new Float32Array(d).fill(1);
    arrays[`w7.${n}.bias`] = new Float32Array(d);
  }
  linearInit(rng, arrays, "w7.fc", d, c7.classes);
  return arrays;
}

function normalF32(rng: Rng, n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.normal();
  return a;
}

function labels(rng: Rng, n: number, classes: number): Int32Array {
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = rng.int(classes);
  return y;
}
