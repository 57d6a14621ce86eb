/**
 * Recurrent layers: `RNN`, `LSTM`, `GRU` and their cells (`torch.nn.RNN`, ...). Built from core
 * ops, so autograd differentiates them: per layer and direction the input projection of every
 * time step is one matmul, then the recurrence runs one step at a time.
 *
 * PyTorch returns tuples; tsgrad returns arrays in the same order: `RNN`/`GRU` give
 * `[output, hN]`, `LSTM` gives `[output, [hN, cN]]` and takes its initial state as `[h0, c0]`;
 * `LSTMCell` gives `[h, c]`.
 */
import {
  cat,
  checkOptions,
  type DType,
  full,
  type Generator,
  getDefaultDtype,
  nameGradFn,
  type OptionsSpec,
  stack,
  type Tensor,
  typeNameOf,
  zeros,
} from "@tsgrad/core";
import { uniform_ } from "../init.js";
import { Module, Parameter } from "../module.js";
import { checkInput, checkSizes } from "./check.js";
import { PackedSequence } from "../utils/rnn.js";
import { pyBool, pyFloat } from "../repr.js";

type Mode = "RNN_TANH" | "RNN_RELU" | "LSTM" | "GRU";

/** Gate blocks per mode, in PyTorch's order: LSTM i, f, g, o; GRU r, z, n. */
const GATES: Readonly<Record<Mode, number>> = { RNN_TANH: 1, RNN_RELU: 1, LSTM: 4, GRU: 3 };

/** Options shared by `RNN`, `LSTM` and `GRU` (PyTorch's keyword arguments, camelCase). */
export interface RNNBaseOptions {
  /** Stacked recurrent layers; layer l > 0 reads layer l − 1's output (default 1). */
  numLayers?: number;
  /** Learn the biases `bias_ih_l*` and `bias_hh_l*` (default true). */
  bias?: boolean;
  /** Input and output are `[batch, seq, feature]` instead of `[seq, batch, feature]` (default false). */
  batchFirst?: boolean;
  /** Dropout probability on the outputs of every layer but the last, in training mode (default 0). */
  dropout?: number;
  /** Add a second direction per layer, run from the last step to the first (default false). */
  bidirectional?: boolean;
  /** The dtype of the parameters (default: the default dtype, float32), as PyTorch's `dtype=`. */
  dtype?: DType;
  /** Where the dropout masks are drawn from (default: the global generator, `manualSeed`). */
  generator?: Generator;
}

/** `RNN`'s options: the shared ones plus the nonlinearity. */
export interface RNNOptions extends RNNBaseOptions {
  /** `"tanh"` (default) or `"relu"`. */
  nonlinearity?: "tanh" | "relu";
}

/** `LSTM`'s options: the shared ones plus the projection size. */
export interface LSTMOptions extends RNNBaseOptions {
  /** If > 0, each step's hidden state is projected to this size by `weight_hr_l*` (default 0). */
  projSize?: number;
}

/** `GRU`'s options: the shared ones. */
export type GRUOptions = RNNBaseOptions;

const BASE_SPEC: OptionsSpec<RNNBaseOptions> = {
  numLayers: "integer",
  bias: "boolean",
  batchFirst: "boolean",
  dropout: "any",
  bidirectional: "boolean",
  dtype: "dtype",
  generator: "generator",
};
// RNN and GRU know projSize only to reject it with PyTorch's message.
const RNN_SPEC: OptionsSpec<RNNOptions & { projSize?: unknown }> = {
  ...BASE_SPEC,
  nonlinearity: "string",
  projSize: "any",
};
const LSTM_SPEC: OptionsSpec<LSTMOptions> = { ...BASE_SPEC, projSize: "integer" };
const GRU_SPEC: OptionsSpec<GRUOptions & { projSize?: unknown }> = { ...BASE_SPEC, projSize: "any" };

/** Python's repr of a shape tuple, `(1, 2, 4)`, as PyTorch's hidden-size errors print it. */
function pyShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  return typeof v === "object" ? typeNameOf(v as object) : typeof v;
}

/** Input and states must have the module's dtype: ops would otherwise fail deep inside, or promote. */
function checkDtype(op: string, what: string, t: Tensor, dtype: DType): void {
  if (t.dtype !== dtype) {
    throw new Error(
      `${op}: expected ${what} of dtype ${dtype} (the weights'), but got ${t.dtype} with shape [${t._shape.join(", ")}]; convert one of them (x.to(...) or module.double())`,
    );
  }
}

// ---- one step of each cell, shared by the sequence layers and the cells ------------------------

/** LSTM gates `[B, 4H]` (i, f, g, o) and the cell state → `[h', c']`. */
function lstmStep(gates: Tensor, c: Tensor, hidden: number): [Tensor, Tensor] {
  const i = gates.narrow(-1, 0, hidden).sigmoid();
  const f = gates.narrow(-1, hidden, hidden).sigmoid();
  const g = gates.narrow(-1, 2 * hidden, hidden).tanh();
  const o = gates.narrow(-1, 3 * hidden, hidden).sigmoid();
  const c2 = f.mul(c).add(i.mul(g));
  return [o.mul(c2.tanh()), c2];
}

/**
 * GRU from the input gates `gi` and hidden gates `gh` (`[B, 3H]`, r, z, n, each with its bias):
 * n = tanh(gi_n + r·gh_n), so b_hn stays inside the reset gate as in PyTorch; the new state
 * n + z·(h − n) is PyTorch's gru_cell form of (1 − z)·n + z·h.
 */
function gruStep(gi: Tensor, gh: Tensor, h: Tensor, hidden: number): Tensor {
  const r = gi
    .narrow(-1, 0, hidden)
    .add(gh.narrow(-1, 0, hidden))
    .sigmoid();
  const z = gi
    .narrow(-1, hidden, hidden)
    .add(gh.narrow(-1, hidden, hidden))
    .sigmoid();
  const n = gi
    .narrow(-1, 2 * hidden, hidden)
    .add(r.mul(gh.narrow(-1, 2 * hidden, hidden)))
    .tanh();
  return n.add(z.mul(h.sub(n)));
}

/** Removes the batch dim an unbatched input was given, named as PyTorch's `squeeze(dim)`. */
function squeezeBatch(t: Tensor, dim: number): Tensor {
  return nameGradFn(t.squeeze(dim), "SqueezeBackward1");
}

/**
 * The steps of `x` `[N, ...]`, consecutive row blocks of `sizes[0], sizes[1], ...` rows (a padded
 * batch's steps are all `batch` rows; a packed one's shrink), as views taken by halving. Each view's
 * backward allocates a zero gradient the size of the tensor it was cut from, so T cuts from the
 * whole of `x` would cost T full-size gradients (and T full-size sums into x's gradient): O(T²)
 * per layer. Halving cuts each step from ever smaller pieces, which totals O(T log T).
 */
function timeSteps(x: Tensor, sizes: readonly number[]): Tensor[] {
  const out: Tensor[] = [];
  const cut = (part: Tensor, lo: number, hi: number): void => {
    if (hi - lo === 1) {
      out.push(part);
      return;
    }
    const mid = (lo + hi) >> 1;
    let rows = 0;
    for (let t = lo; t < mid; t++) rows += sizes[t]!;
    cut(part.narrow(0, 0, rows), lo, mid);
    cut(part.narrow(0, rows, part._shape[0]! - rows), mid, hi);
  };
  cut(x, 0, sizes.length);
  return out;
}

function activation(mode: Mode, x: Tensor): Tensor {
  return mode === "RNN_RELU" ? x.relu() : x.tanh();
}

/** `x Wᵀ + b` for a 2-D `x` (`F.linear`); `wT` is the transposed weight, a view. */
function linear(x: Tensor, wT: Tensor, b: Tensor | null): Tensor {
  return b === null ? x.mm(wT) : b.addmm(x, wT);
}

// ---- the sequence layers --------------------------------------------------------------------------

/**
 * The multi-layer recurrent network behind `RNN`, `LSTM` and `GRU` (`torch.nn.RNNBase`): PyTorch's
 * parameters (`weight_ih_l{k}`, `weight_hh_l{k}`, `bias_ih_l{k}`, `bias_hh_l{k}`, `weight_hr_l{k}`
 * for an LSTM with `projSize`, each with a `_reverse` twin when bidirectional), all initialised
 * from U(−1/√hiddenSize, 1/√hiddenSize), and PyTorch's repr. Use the subclasses.
 */
export class RNNBase extends Module {
  static override readonly typeName: string = "RNNBase";
  /** `"RNN_TANH"`, `"RNN_RELU"`, `"LSTM"` or `"GRU"` (PyTorch's `mode`). */
  readonly mode: Mode;
  /** The number of features of each input step (PyTorch's `input_size`). */
  readonly inputSize: number;
  /** The number of features of the hidden state (PyTorch's `hidden_size`). */
  readonly hiddenSize: number;
  /** The number of stacked layers (PyTorch's `num_layers`). */
  readonly numLayers: number;
  /** Whether the layer has biases (PyTorch's `bias`). */
  readonly bias: boolean;
  /**
   * Whether inputs and outputs are `[batch, seq, feature]` rather than `[seq, batch, feature]` (PyTorch's
   * `batch_first`).
   */
  readonly batchFirst: boolean;
  /** The dropout probability between stacked layers (PyTorch's `dropout`). */
  readonly dropout: number;
  /** Whether the layer runs in both directions (PyTorch's `bidirectional`). */
  readonly bidirectional: boolean;
  /** The size of the LSTM's projected hidden state, 0 for none (PyTorch's `proj_size`). */
  readonly projSize: number;
  /** The generator random draws come from; undefined for the global one (`manualSeed`). */
  readonly generator: Generator | undefined;
  /** The parameter names of each layer and direction, in PyTorch's order (`_all_weights`). */
  private readonly weightNames: string[][] = [];

  protected constructor(op: string, mode: Mode, inputSize: number, hiddenSize: number, options: LSTMOptions) {
    super();
    checkSizes(op, { input_size: inputSize, hidden_size: hiddenSize });
    const dropout = options.dropout ?? 0;
    if (typeof dropout !== "number" || !(dropout >= 0 && dropout <= 1)) {
      throw new Error(
        `${op}(): dropout should be a number in range [0, 1] representing the probability of an element being zeroed, got ${String(dropout)}`,
      );
    }
    const numLayers = options.numLayers ?? 1;
    if (numLayers < 1) throw new Error(`${op}(): num_layers must be greater than zero, got ${numLayers}`);
    if (dropout > 0 && numLayers === 1) {
      // PyTorch's UserWarning, word for word: the dropout would do nothing.
      console.warn(
        `dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects num_layers greater than 1, but got dropout=${dropout} and num_layers=${numLayers}`,
      );
    }
    const projSize = options.projSize ?? 0;
    if (projSize < 0) {
      throw new Error(`${op}(): proj_size should be a positive integer or zero to disable projections`);
    }
    if (hiddenSize === 0) throw new Error(`${op}(): hidden_size must be greater than zero`);
    if (projSize >= hiddenSize) {
      throw new Error(
        `${op}(): proj_size has to be smaller than hidden_size (got proj_size=${projSize}, hidden_size=${hiddenSize})`,
      );
    }
    this.mode = mode;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.bias = options.bias ?? true;
    this.batchFirst = options.batchFirst ?? false;
    this.dropout = dropout;
    this.bidirectional = options.bidirectional ?? false;
    this.projSize = projSize;
    this.generator = options.generator;
    const dtype = options.dtype ?? getDefaultDtype();
    const gateSize = GATES[mode] * hiddenSize;
    const realHidden = projSize > 0 ? projSize : hiddenSize;
    const directions = this.bidirectional ? 2 : 1;
    const param = (shape: number[]) => new Parameter(zeros(shape, { dtype }));
    for (let layer = 0; layer < numLayers; layer++) {
      for (let dir = 0; dir < directions; dir++) {
        const layerInput = layer === 0 ? inputSize : realHidden * directions;
        const sfx = `_l${layer}${dir === 1 ? "_reverse" : ""}`;
        const names: string[] = [];
        const add = (name: string, shape: number[]) => {
          this.registerParameter(name + sfx, param(shape));
          names.push(name + sfx);
        };
        add("weight_ih", [gateSize, layerInput]);
        add("weight_hh", [gateSize, realHidden]);
        if (this.bias) {
          add("bias_ih", [gateSize]);
          add("bias_hh", [gateSize]);
        }
        if (projSize > 0) add("weight_hr", [projSize, hiddenSize]);
        this.weightNames.push(names);
      }
    }
    this.resetParameters();
  }

  /** PyTorch's init: every parameter from U(−1/√hiddenSize, 1/√hiddenSize). */
  resetParameters(): void {
    const stdv = this.hiddenSize > 0 ? 1 / Math.sqrt(this.hiddenSize) : 0;
    for (const p of this.parameters()) uniform_(p, -stdv, stdv);
  }

  /** The parameters of each layer and direction, in PyTorch's order (`all_weights`). */
  get allWeights(): Parameter[][] {
    return this.weightNames.map((names) => names.map((n) => this.param(n)));
  }

  /** A no-op, as PyTorch's is on the CPU (it packs weights for cuDNN); kept so ported code runs. */
  flattenParameters(): void {}

  private param(name: string): Parameter {
    const p = this.getParameter(name);
    if (!(p instanceof Parameter)) {
      throw new Error(`${this.getName()}: parameter '${name}' is missing (got ${describe(p)})`);
    }
    return p;
  }

  /** The hidden-state size each step returns: `projSize` if set, else `hiddenSize`. */
  private get realHidden(): number {
    return this.projSize > 0 ? this.projSize : this.hiddenSize;
  }

  /**
   * The whole network on `input` with initial states `hx` (h0, and c0 for an LSTM; null for
   * zeros): checks as PyTorch's forward does, then returns the output and the final states.
   */
  protected run<I extends Tensor | PackedSequence>(input: I, hx: Tensor[] | null): [I, Tensor[]] {
    if (input instanceof PackedSequence) return this.runPacked(input, hx) as [I, Tensor[]];
    const op = this.getName();
    checkInput(this, input);
    const lstm = this.mode === "LSTM";
    const dtype = this.param(this.weightNames[0]![0]!).dtype;
    const nd = input.dim();
    if (nd !== 2 && nd !== 3) {
      throw new Error(
        `${op}: input must have 3 dimensions (or 2 for an unbatched sequence), got ${nd}: shape [${input._shape.join(", ")}]`,
      );
    }
    const batched = nd === 3;
    if (hx !== null) {
      const want = batched ? 3 : 2;
      const kind = batched ? "batched 3-D" : "unbatched 2-D";
      if (lstm && (hx[0]!.dim() !== want || hx[1]!.dim() !== want)) {
        throw new Error(
          `${op}: For ${kind} input, hx and cx should also be ${want}-D but got (${hx[0]!.dim()}-D, ${hx[1]!.dim()}-D) tensors`,
        );
      }
      if (!lstm && hx[0]!.dim() !== want) {
        throw new Error(
          `${op}: For ${kind} input, hx should also be ${want}-D but got ${hx[0]!.dim()}-D tensor`,
        );
      }
    }
    // Time-major [seq, batch, feature] from here on.
    const x = batched ? (this.batchFirst ? input.transpose(0, 1) : input) : input.unsqueeze(1);
    const states = hx === null ? null : batched ? hx : hx.map((s) => s.unsqueeze(1));
    if (input._shape[nd - 1] !== this.inputSize) {
      throw new Error(
        `${op}: input.size(-1) must be equal to input_size. Expected ${this.inputSize}, got ${input._shape[nd - 1]}`,
      );
    }
    checkDtype(op, "input", input, dtype);
    const [seq, batch] = [x._shape[0]!, x._shape[1]!];
    const directions = this.bidirectional ? 2 : 1;
    if (states !== null) this.checkStates(states, batch, dtype);
    if (seq === 0) {
      throw new Error(
        `${op}: Expected sequence length to be larger than 0 in RNN, but got input of shape [${input._shape.join(", ")}]`,
      );
    }

    const sizes = new Array<number>(seq).fill(batch);
    const [layerOut, hN, cN] = this.layers(x.reshape([seq * batch, this.inputSize]), sizes, states, dtype);
    // The grad_fn names are PyTorch 1.13's for the same call (its RNN and GRU transpose in place).
    let output = nameGradFn(
      layerOut.reshape([seq, batch, layerOut._shape[1]!]),
      directions === 1 ? "StackBackward0" : "CatBackward0",
    );
    let finals = (lstm ? [hN, cN] : [hN]).map((s) => nameGradFn(stack(s, 0), "StackBackward0"));
    if (!batched) {
      output = squeezeBatch(output, 1);
      finals = finals.map((s) => squeezeBatch(s, 1));
    } else if (this.batchFirst) {
      output = nameGradFn(output.transpose(0, 1), lstm ? "TransposeBackward0" : "TransposeBackward1");
    }
    return [output as I, finals];
  }

  /** The initial states' shapes (`[layers·directions, batch, hidden]`) and dtypes, PyTorch's messages. */
  private checkStates(states: readonly Tensor[], batch: number, dtype: DType): void {
    const op = this.getName();
    const lstm = this.mode === "LSTM";
    const lead = this.numLayers * (this.bidirectional ? 2 : 1);
    const expected = [
      [lead, batch, this.realHidden],
      [lead, batch, this.hiddenSize],
    ];
    states.forEach((s, k) => {
      if (!sameShape(s._shape, expected[k]!)) {
        const label = lstm ? `hidden[${k}] size` : "hidden size";
        throw new Error(`${op}: Expected ${label} ${pyShape(expected[k]!)}, got [${s._shape.join(", ")}]`);
      }
      checkDtype(op, lstm ? `hx[${k}]` : "hx", s, dtype);
    });
  }

  /** `run` on a packed batch: the same layers over the steps each sequence has, no padding. */
  private runPacked(input: PackedSequence, hx: Tensor[] | null): [PackedSequence, Tensor[]] {
    const op = this.getName();
    const data = input.data;
    checkInput(this, data, "input.data");
    const dtype = this.param(this.weightNames[0]![0]!).dtype;
    if (data.dim() !== 2 || data._shape[1] !== this.inputSize) {
      throw new Error(
        `${op}: a packed input's data must be [steps, input_size] = [*, ${this.inputSize}], got shape [${data._shape.join(", ")}]`,
      );
    }
    checkDtype(op, "input", data, dtype);
    const sizes = input.batchSizes.tolist() as number[];
    const batch = sizes[0]!;
    const lstm = this.mode === "LSTM";
    // The initial states are in the caller's batch order: put them in the packed (sorted) order.
    const sorted = input.sortedIndices;
    const states =
      hx === null ? null : hx.map((s) => (sorted === null || s.dim() !== 3 ? s : s.indexSelect(1, sorted)));
    if (states !== null) this.checkStates(states, batch, dtype);
    const [out, hN, cN] = this.layers(data, sizes, states, dtype);
    const unsorted = input.unsortedIndices;
    const finals = (lstm ? [hN, cN] : [hN]).map((f) => {
      const s = stack(f, 0);
      return unsorted === null ? s : s.indexSelect(1, unsorted);
    });
    return [input.withData(out), finals];
  }

  /**
   * All layers and directions over the steps of `x` `[N, inputSize]`, `sizes[t]` rows at step t
   * (non-increasing: the sequences still running), from the initial states (null: zeros). Returns
   * the last layer's output `[N, D·hidden]` and each layer's and direction's final states.
   */
  private layers(
    x: Tensor,
    sizes: readonly number[],
    states: Tensor[] | null,
    dtype: DType,
  ): [Tensor, Tensor[], Tensor[]] {
    const lstm = this.mode === "LSTM";
    const directions = this.bidirectional ? 2 : 1;
    const batch = sizes[0]!;
    const hN: Tensor[] = [];
    const cN: Tensor[] = [];
    let layerInput = x;
    for (let layer = 0; layer < this.numLayers; layer++) {
      const outs: Tensor[] = [];
      for (let dir = 0; dir < directions; dir++) {
        const k = layer * directions + dir;
        const h0 = states === null ? zeros([batch, this.realHidden], { dtype }) : states[0]!.select(0, k);
        const c0 = !lstm
          ? null
          : states === null
            ? zeros([batch, this.hiddenSize], { dtype })
            : states[1]!.select(0, k);
        const [out, h, c] = this.runDirection(layerInput, sizes, k, dir === 1, h0, c0);
        outs.push(out);
        hN.push(h);
        if (c !== null) cN.push(c);
      }
      layerInput = directions === 1 ? outs[0]! : cat(outs, 1);
      if (this.training && this.dropout > 0 && layer < this.numLayers - 1) {
        layerInput = this.dropOut(layerInput);
      }
    }
    return [layerInput, hN, cN];
  }

  /**
   * One layer in one direction over the steps of `x` `[N, in]` (`sizes[t]` rows at step t): the
   * input projection of all steps in one matmul, then the recurrence. A sequence that has ended
   * keeps its state: going forward, the rows that stop at step t leave the state there (their final
   * state); going backward, rows join from h0 at their last step. Returns the step outputs
   * `[N, hidden]` in step order and the final states `[batch, hidden]`.
   */
  private runDirection(
    x: Tensor,
    sizes: readonly number[],
    k: number,
    reverse: boolean,
    h0: Tensor,
    c0: Tensor | null,
  ): [Tensor, Tensor, Tensor | null] {
    const names = this.weightNames[k]!;
    const wIh = this.param(names[0]!);
    const wHh = this.param(names[1]!);
    const bIh = this.bias ? this.param(names[2]!) : null;
    const bHh = this.bias ? this.param(names[3]!) : null;
    const wHr = this.projSize > 0 ? this.param(names[names.length - 1]!) : null;
    const mode = this.mode;
    // RNN and LSTM add b_hh to every step's gates, so it joins b_ih in the one projection; GRU's
    // b_hn sits inside the reset gate and stays with the hidden product.
    const bx = bIh === null ? null : mode === "GRU" ? bIh : bIh.add(bHh!);
    const xw = linear(x, wIh.t(), bx);
    const wHhT = wHh.t();
    const wHrT = wHr === null ? null : wHr.t();
    const hidden = this.hiddenSize;
    const seq = sizes.length;
    const batch = h0._shape[0]!;
    const outs = new Array<Tensor>(seq);
    const steps = timeSteps(xw, sizes);
    // The rows each step runs: forward, fewer as sequences end; backward, more as they begin.
    const rows = (t: number) => sizes[t]!;
    let h = reverse && rows(seq - 1) < batch ? h0.narrow(0, 0, rows(seq - 1)) : h0;
    let c = reverse && c0 !== null && rows(seq - 1) < batch ? c0.narrow(0, 0, rows(seq - 1)) : c0;
    const endedH: Tensor[] = [];
    const endedC: Tensor[] = [];
    for (let s = 0; s < seq; s++) {
      const t = reverse ? seq - 1 - s : s;
      const n = rows(t);
      const have = h._shape[0]!;
      if (n < have) {
        endedH.push(h.narrow(0, n, have - n));
        h = h.narrow(0, 0, n);
        if (c !== null) {
          endedC.push(c.narrow(0, n, have - n));
          c = c.narrow(0, 0, n);
        }
      } else if (n > have) {
        h = cat([h, h0.narrow(0, have, n - have)], 0);
        if (c !== null) c = cat([c, c0!.narrow(0, have, n - have)], 0);
      }
      const xt = steps[t]!;
      if (mode === "LSTM") {
        [h, c] = lstmStep(xt.addmm(h, wHhT), c!, hidden);
        if (wHrT !== null) h = h.mm(wHrT);
      } else if (mode === "GRU") {
        h = gruStep(xt, linear(h, wHhT, bHh), h, hidden);
      } else {
        h = activation(mode, xt.addmm(h, wHhT));
      }
      outs[t] = h;
    }
    // The rows that ended early, last-ended first, follow the ones that ran to the end.
    const finalH = endedH.length === 0 ? h : cat([h, ...endedH.reverse()], 0);
    const finalC = c === null || endedC.length === 0 ? c : cat([c, ...endedC.reverse()], 0);
    return [cat(outs, 0), finalH, finalC];
  }

  /** Inverted dropout with a fresh mask, drawn from `generator` (as `Dropout` draws its own). */
  private dropOut(x: Tensor): Tensor {
    const keep = 1 - this.dropout;
    if (keep === 0) return x.mul(0);
    const mask = full(x._shape, keep, { dtype: x.dtype }).bernoulli({ generator: this.generator });
    return x.mul(mask.mul(1 / keep));
  }

  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (this.projSize !== 0) s += `, proj_size=${this.projSize}`;
    if (this.numLayers !== 1) s += `, num_layers=${this.numLayers}`;
    if (!this.bias) s += `, bias=${pyBool(this.bias)}`;
    if (this.batchFirst) s += `, batch_first=${pyBool(this.batchFirst)}`;
    if (this.dropout !== 0) s += `, dropout=${pyFloat(this.dropout)}`;
    if (this.bidirectional) s += `, bidirectional=${pyBool(this.bidirectional)}`;
    return s;
  }
}

/** The initial state of `RNN`/`GRU` as passed: a Tensor, or absent/null for zeros. */
function singleState(layer: Module, hx: unknown): Tensor[] | null {
  if (hx === undefined || hx === null) return null;
  checkInput(layer, hx, "hx");
  return [hx];
}

/**
 * The initial state of `LSTM`/`LSTMCell` as passed: `[h, c]` (`pair` names it in `op`'s
 * message), or absent/null for zeros.
 */
function pairState(layer: Module, op: string, pair: string, hx: unknown): Tensor[] | null {
  if (hx === undefined || hx === null) return null;
  if (!Array.isArray(hx) || hx.length !== 2) {
    throw new TypeError(`${op}: expected hx to be ${pair}, an array of two Tensors, but got ${describe(hx)}`);
  }
  checkInput(layer, hx[0], "hx[0]");
  checkInput(layer, hx[1], "hx[1]");
  return [hx[0], hx[1]];
}

/**
 * A multi-layer Elman RNN (`torch.nn.RNN`): h_t = tanh(x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh),
 * or ReLU with `nonlinearity: "relu"`.
 *
 * `forward(input, h0?)` → `[output, hN]`. Shapes (L layers, D = 2 if bidirectional else 1):
 * input `[seq, batch, inputSize]` (`[batch, seq, inputSize]` with `batchFirst`) or unbatched
 * `[seq, inputSize]`; h0 and hN `[L·D, batch, hiddenSize]` (unbatched `[L·D, hiddenSize]`);
 * output `[seq, batch, D·hiddenSize]`.
 *
 * PyTorch: `rnn = nn.RNN(10, 20, num_layers=2); output, hn = rnn(x, h0)`.
 *
 * @example
 * const rnn = new RNN(10, 20, { numLayers: 2 });
 * const [output, hn] = rnn.call(randn([5, 3, 10]), randn([2, 3, 20]));
 * output.shape; // [5, 3, 20]
 */
export class RNN extends RNNBase {
  static override readonly typeName: string = "RNN";
  /** `"tanh"` or `"relu"` (PyTorch's `nonlinearity`). */
  readonly nonlinearity: "tanh" | "relu";

  constructor(inputSize: number, hiddenSize: number, options: RNNOptions = {}) {
    const o = checkOptions<RNNOptions & { projSize?: unknown }>("RNN", options, RNN_SPEC, 3);
    if (o.projSize !== undefined) {
      throw new Error("RNN(): proj_size argument is only supported for LSTM, not RNN or GRU");
    }
    const nonlinearity = o.nonlinearity ?? "tanh";
    if (nonlinearity !== "tanh" && nonlinearity !== "relu") {
      throw new Error(`RNN(): Unknown nonlinearity '${nonlinearity}'`);
    }
    super(
      "RNN",
      nonlinearity === "tanh" ? "RNN_TANH" : "RNN_RELU",
      inputSize,
      hiddenSize,
      o as RNNBaseOptions,
    );
    this.nonlinearity = nonlinearity;
  }

  // The Tensor form last: `call` is typed by it (TypeScript's Parameters<> reads the last overload).
  /** On a packed batch (`packPaddedSequence`): the packed output and each sequence's final state. */
  override forward(input: PackedSequence, hx?: Tensor | null): [PackedSequence, Tensor];
  /** On a padded batch (or one unbatched sequence): the output at every step and the final state. */
  override forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor];
  override forward(input: Tensor | PackedSequence, hx?: Tensor | null): [Tensor | PackedSequence, Tensor] {
    const [output, [h]] = this.run(input, singleState(this, hx));
    return [output, h!];
  }
}

/**
 * A multi-layer long short-term memory network (`torch.nn.LSTM`), PyTorch's gates in its order
 * (i, f, g, o): c_t = f·c_{t−1} + i·g, h_t = o·tanh(c_t), with `projSize` h_t = (o·tanh(c_t)) W_hrᵀ.
 *
 * `forward(input, [h0, c0]?)` → `[output, [hN, cN]]` (PyTorch's tuples as arrays). Shapes (L
 * layers, D = 2 if bidirectional else 1, P = projSize or hiddenSize): input `[seq, batch,
 * inputSize]` (`[batch, seq, inputSize]` with `batchFirst`) or unbatched `[seq, inputSize]`; h0, hN
 * `[L·D, batch, P]`; c0, cN `[L·D, batch, hiddenSize]` (unbatched without the batch dim); output
 * `[seq, batch, D·P]`.
 *
 * PyTorch: `lstm = nn.LSTM(64, 128, batch_first=True); output, (hn, cn) = lstm(x)`.
 *
 * @example
 * const lstm = new LSTM(64, 128, { batchFirst: true });
 * const [output, [hn, cn]] = lstm.call(randn([32, 20, 64]));
 * output.shape; // [32, 20, 128]
 * String(lstm); // "LSTM(64, 128, batch_first=True)"
 */
export class LSTM extends RNNBase {
  static override readonly typeName: string = "LSTM";

  constructor(inputSize: number, hiddenSize: number, options: LSTMOptions = {}) {
    super("LSTM", "LSTM", inputSize, hiddenSize, checkOptions("LSTM", options, LSTM_SPEC, 3));
  }

  // The Tensor form last: `call` is typed by it (TypeScript's Parameters<> reads the last overload).
  /** On a packed batch (`packPaddedSequence`): the packed output and each sequence's final states. */
  override forward(
    input: PackedSequence,
    hx?: readonly [Tensor, Tensor] | null,
  ): [PackedSequence, [Tensor, Tensor]];
  /** On a padded batch (or one unbatched sequence): the output at every step and the final states. */
  override forward(input: Tensor, hx?: readonly [Tensor, Tensor] | null): [Tensor, [Tensor, Tensor]];
  override forward(
    input: Tensor | PackedSequence,
    hx?: readonly [Tensor, Tensor] | null,
  ): [Tensor | PackedSequence, [Tensor, Tensor]] {
    const [output, [h, c]] = this.run(input, pairState(this, "LSTM", "[h0, c0]", hx));
    return [output, [h!, c!]];
  }
}

/**
 * A multi-layer gated recurrent unit (`torch.nn.GRU`), PyTorch's gates in its order (r, z, n):
 * n_t = tanh(W_in x_t + b_in + r·(W_hn h_{t−1} + b_hn)), h_t = (1 − z)·n_t + z·h_{t−1}.
 *
 * `forward(input, h0?)` → `[output, hN]`, shapes as `RNN`'s.
 *
 * PyTorch: `gru = nn.GRU(10, 20, bidirectional=True); output, hn = gru(x)`.
 *
 * @example
 * const gru = new GRU(10, 20, { bidirectional: true });
 * const [output, hn] = gru.call(randn([5, 3, 10]));
 * hn.shape; // [2, 3, 20]
 */
export class GRU extends RNNBase {
  static override readonly typeName: string = "GRU";

  constructor(inputSize: number, hiddenSize: number, options: GRUOptions = {}) {
    const o = checkOptions<GRUOptions & { projSize?: unknown }>("GRU", options, GRU_SPEC, 3);
    if (o.projSize !== undefined) {
      throw new Error("GRU(): proj_size argument is only supported for LSTM, not RNN or GRU");
    }
    super("GRU", "GRU", inputSize, hiddenSize, o as GRUOptions);
  }

  // The Tensor form last: `call` is typed by it (TypeScript's Parameters<> reads the last overload).
  /** On a packed batch (`packPaddedSequence`): the packed output and each sequence's final state. */
  override forward(input: PackedSequence, hx?: Tensor | null): [PackedSequence, Tensor];
  /** On a padded batch (or one unbatched sequence): the output at every step and the final state. */
  override forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor];
  override forward(input: Tensor | PackedSequence, hx?: Tensor | null): [Tensor | PackedSequence, Tensor] {
    const [output, [h]] = this.run(input, singleState(this, hx));
    return [output, h!];
  }
}

// ---- the cells -------------------------------------------------------------------------------------

/** Options of `LSTMCell` and `GRUCell`. */
export interface RNNCellBaseOptions {
  /** Learn the biases `bias_ih` and `bias_hh` (default true). */
  bias?: boolean;
  /** The dtype of the parameters (default: the default dtype, float32), as PyTorch's `dtype=`. */
  dtype?: DType;
}

/** `RNNCell`'s options. */
export interface RNNCellOptions extends RNNCellBaseOptions {
  /** `"tanh"` (default) or `"relu"`. */
  nonlinearity?: "tanh" | "relu";
}

const CELL_SPEC: OptionsSpec<RNNCellBaseOptions> = { bias: "boolean", dtype: "dtype" };
const RNN_CELL_SPEC: OptionsSpec<RNNCellOptions> = { ...CELL_SPEC, nonlinearity: "string" };

/**
 * One step of a recurrent cell (`torch.nn.RNNCellBase`): `weight_ih` `[chunks·hiddenSize,
 * inputSize]`, `weight_hh` `[chunks·hiddenSize, hiddenSize]`, `bias_ih`, `bias_hh`
 * `[chunks·hiddenSize]`, all from U(−1/√hiddenSize, 1/√hiddenSize). Use the subclasses.
 */
export class RNNCellBase extends Module {
  static override readonly typeName: string = "RNNCellBase";
  /** The number of features of each input step (PyTorch's `input_size`). */
  readonly inputSize: number;
  /** The number of features of the hidden state (PyTorch's `hidden_size`). */
  readonly hiddenSize: number;
  /** Whether the layer has biases (PyTorch's `bias`). */
  readonly bias: boolean;
  /** The input-to-hidden weight (PyTorch's `weight_ih`). */
  weightIh: Parameter;
  /** The hidden-to-hidden weight (PyTorch's `weight_hh`). */
  weightHh: Parameter;
  /** The input-to-hidden bias (PyTorch's `bias_ih`), or null. */
  biasIh: Parameter | null;
  /** The hidden-to-hidden bias (PyTorch's `bias_hh`), or null. */
  biasHh: Parameter | null;

  protected constructor(
    op: string,
    inputSize: number,
    hiddenSize: number,
    chunks: number,
    options: RNNCellBaseOptions,
  ) {
    super();
    checkSizes(op, { input_size: inputSize, hidden_size: hiddenSize });
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.bias = options.bias ?? true;
    const dtype = options.dtype ?? getDefaultDtype();
    const param = (shape: number[]) => new Parameter(zeros(shape, { dtype }));
    this.weightIh = this.registerParameter("weight_ih", param([chunks * hiddenSize, inputSize]));
    this.weightHh = this.registerParameter("weight_hh", param([chunks * hiddenSize, hiddenSize]));
    this.biasIh = this.registerParameter("bias_ih", this.bias ? param([chunks * hiddenSize]) : null);
    this.biasHh = this.registerParameter("bias_hh", this.bias ? param([chunks * hiddenSize]) : null);
    this.resetParameters();
  }

  /** PyTorch's init: every parameter from U(−1/√hiddenSize, 1/√hiddenSize). */
  resetParameters(): void {
    const stdv = this.hiddenSize > 0 ? 1 / Math.sqrt(this.hiddenSize) : 0;
    for (const p of this.parameters()) uniform_(p, -stdv, stdv);
  }

  /**
   * Checks `input` and the states (null: zeros) as PyTorch's cells do and returns them batched
   * (`[B, inputSize]`, `[B, hiddenSize]` each), plus whether the input was.
   */
  protected prepare(input: unknown, hx: Tensor[] | null, count: number): [Tensor, Tensor[], boolean] {
    const op = this.getName();
    checkInput(this, input);
    if (input.dim() !== 1 && input.dim() !== 2) {
      throw new Error(`${op}: Expected input to be 1-D or 2-D but received ${input.dim()}-D tensor`);
    }
    const batched = input.dim() === 2;
    const x = batched ? input : input.unsqueeze(0);
    const dtype = this.weightIh.dtype;
    if (x._shape[1] !== this.inputSize) {
      throw new Error(
        `${op}: input has inconsistent input_size: got ${x._shape[1]} expected ${this.inputSize}`,
      );
    }
    checkDtype(op, "input", input, dtype);
    const batch = x._shape[0]!;
    if (hx === null) {
      const z = zeros([batch, this.hiddenSize], { dtype });
      return [x, count === 2 ? [z, z] : [z], batched];
    }
    const states = hx.map((s, k) => {
      const label = count === 2 ? `hx[${k}]` : "hx";
      if (s.dim() !== input.dim()) {
        throw new Error(
          `${op}: Expected ${label} to be ${input.dim()}-D like the input, but got ${s.dim()}-D tensor of shape [${s._shape.join(", ")}]`,
        );
      }
      const b = batched ? s : s.unsqueeze(0);
      if (b._shape[0] !== batch) {
        throw new Error(
          `${op}: Input batch size ${batch} doesn't match hidden${k} batch size ${b._shape[0]}`,
        );
      }
      if (b._shape[1] !== this.hiddenSize) {
        throw new Error(
          `${op}: hidden${k} has inconsistent hidden_size: got ${b._shape[1]}, expected ${this.hiddenSize}`,
        );
      }
      checkDtype(op, label, s, dtype);
      return b;
    });
    return [x, states, batched];
  }

  /** `input W_ihᵀ + b_ih` and `h W_hhᵀ + b_hh`, each `[B, chunks·hiddenSize]`. */
  protected gates(x: Tensor, h: Tensor): [Tensor, Tensor] {
    return [linear(x, this.weightIh.t(), this.biasIh), linear(h, this.weightHh.t(), this.biasHh)];
  }

  override extraRepr(): string {
    return `${this.inputSize}, ${this.hiddenSize}${this.bias ? "" : ", bias=False"}`;
  }
}

/**
 * One step of an Elman RNN (`torch.nn.RNNCell`): h' = tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh)
 * (or ReLU).
 *
 * `forward(input, h?)` → h'. Shapes: input `[batch, inputSize]` or `[inputSize]`; h and h'
 * `[batch, hiddenSize]` or `[hiddenSize]`; h absent or null is zeros.
 *
 * PyTorch: `cell = nn.RNNCell(10, 20); hx = cell(x, hx)`.
 *
 * @example
 * const cell = new RNNCell(10, 20);
 * let h = zeros([3, 20]);
 * for (const x of randn([6, 3, 10]).unbind(0)) h = cell.call(x, h);
 */
export class RNNCell extends RNNCellBase {
  static override readonly typeName: string = "RNNCell";
  /** `"tanh"` or `"relu"` (PyTorch's `nonlinearity`). */
  readonly nonlinearity: "tanh" | "relu";

  constructor(inputSize: number, hiddenSize: number, options: RNNCellOptions = {}) {
    const o = checkOptions("RNNCell", options, RNN_CELL_SPEC, 3);
    const nonlinearity = o.nonlinearity ?? "tanh";
    // PyTorch finds out in forward; the constructor is where the mistake is.
    if (nonlinearity !== "tanh" && nonlinearity !== "relu") {
      throw new Error(`RNNCell(): Unknown nonlinearity: ${nonlinearity}`);
    }
    super("RNNCell", inputSize, hiddenSize, 1, o);
    this.nonlinearity = nonlinearity;
  }

  override forward(input: Tensor, hx?: Tensor | null): Tensor {
    const [x, [h], batched] = this.prepare(input, singleState(this, hx), 1);
    const [gi, gh] = this.gates(x, h!);
    const out = activation(this.nonlinearity === "relu" ? "RNN_RELU" : "RNN_TANH", gi.add(gh));
    return batched ? out : squeezeBatch(out, 0);
  }

  override extraRepr(): string {
    return super.extraRepr() + (this.nonlinearity === "tanh" ? "" : `, nonlinearity=${this.nonlinearity}`);
  }
}

/**
 * One step of an LSTM (`torch.nn.LSTMCell`), gates i, f, g, o: c' = f·c + i·g, h' = o·tanh(c').
 *
 * `forward(input, [h, c]?)` → `[h', c']` (PyTorch's tuples as arrays). Shapes: input `[batch,
 * inputSize]` or `[inputSize]`; h, c, h', c' `[batch, hiddenSize]` or `[hiddenSize]`.
 *
 * PyTorch: `cell = nn.LSTMCell(10, 20); hx, cx = cell(x, (hx, cx))`.
 *
 * @example
 * const cell = new LSTMCell(10, 20);
 * let [h, c] = cell.call(randn([3, 10]));
 * [h, c] = cell.call(randn([3, 10]), [h, c]);
 */
export class LSTMCell extends RNNCellBase {
  static override readonly typeName: string = "LSTMCell";

  constructor(inputSize: number, hiddenSize: number, options: RNNCellBaseOptions = {}) {
    super("LSTMCell", inputSize, hiddenSize, 4, checkOptions("LSTMCell", options, CELL_SPEC, 3));
  }

  override forward(input: Tensor, hx?: readonly [Tensor, Tensor] | null): [Tensor, Tensor] {
    const [x, [h, c], batched] = this.prepare(input, pairState(this, "LSTMCell", "[h, c]", hx), 2);
    const [gi, gh] = this.gates(x, h!);
    const [h2, c2] = lstmStep(gi.add(gh), c!, this.hiddenSize);
    return batched ? [h2, c2] : [squeezeBatch(h2, 0), squeezeBatch(c2, 0)];
  }
}

/**
 * One step of a GRU (`torch.nn.GRUCell`), gates r, z, n: n = tanh(W_in x + b_in + r·(W_hn h +
 * b_hn)), h' = (1 − z)·n + z·h.
 *
 * `forward(input, h?)` → h', shapes as `RNNCell`'s.
 *
 * PyTorch: `cell = nn.GRUCell(10, 20); hx = cell(x, hx)`.
 *
 * @example
 * const cell = new GRUCell(10, 20);
 * const h = cell.call(randn([3, 10]));
 */
export class GRUCell extends RNNCellBase {
  static override readonly typeName: string = "GRUCell";

  constructor(inputSize: number, hiddenSize: number, options: RNNCellBaseOptions = {}) {
    super("GRUCell", inputSize, hiddenSize, 3, checkOptions("GRUCell", options, CELL_SPEC, 3));
  }

  override forward(input: Tensor, hx?: Tensor | null): Tensor {
    const [x, [h], batched] = this.prepare(input, singleState(this, hx), 1);
    const [gi, gh] = this.gates(x, h!);
    const out = gruStep(gi, gh, h!, this.hiddenSize);
    return batched ? out : squeezeBatch(out, 0);
  }
}
