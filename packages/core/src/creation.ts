/**
 * Tensor creation, as in PyTorch: `tensor`, `zeros`, `ones`, `full`, `empty`, `arange`,
 * `linspace`, `eye`, `rand`, `randn`, `randint` and the `*Like` forms.
 *
 * Convention: a shape is one argument, a number or an array (`zeros([2, 3])`, `zeros(5)`), and
 * PyTorch's keyword arguments go in a trailing options object (`{ dtype, requiresGrad }`).
 */
import { allocate, checkDtype, type DType, inferDtype, isFloating, type TypedArray } from "./dtype.js";
import { type Generator, fillNormal, fillUniform, getDefaultGenerator } from "./random.js";
import { checkInt, checkNumel, checkShapeArg, numelOf } from "./shape.js";
import { Tensor } from "./tensor.js";

export interface TensorOptions {
  /** Element type; defaults as in PyTorch (float32 for floats, int32 for integers). */
  dtype?: DType;
  /** Make the new tensor a leaf that requires grad. */
  requiresGrad?: boolean;
}

export interface RandomOptions extends TensorOptions {
  /** Generator to draw from; the global one (`manualSeed`) by default. */
  generator?: Generator;
}

export type ShapeArg = number | readonly number[];

/** Nested arrays of numbers or booleans, or a typed array, as accepted by `tensor()`. */
export type NestedArray = number | boolean | TypedArray | readonly NestedArray[];

function shapeOf(op: string, shape: ShapeArg): number[] {
  if (typeof shape !== "number" && !Array.isArray(shape)) {
    throw new TypeError(
      `${op}(): argument 'size' must be a number or an array of numbers, but got ${shape === null ? "null" : typeof shape}`,
    );
  }
  if (typeof shape === "number") checkInt(op, "size", shape);
  const s = typeof shape === "number" ? [shape] : Array.from(shape);
  checkShapeArg(op, s);
  return s;
}

/**
 * The size arguments PyTorch accepts: `f(2, 3)`, `f([2, 3])`, each optionally followed by an
 * options object (`f(2, 3, { dtype })`).
 */
export type SizeArgs<O> = [shape: ShapeArg, options?: O] | number[] | [...number[], O];

function parseSizeArgs<O extends object>(
  op: string,
  args: readonly unknown[],
): { shape: number[]; options: O } {
  let sizes = args;
  let options = {} as O;
  const last = args[args.length - 1];
  if (last !== null && typeof last === "object" && !Array.isArray(last)) {
    options = last as O;
    sizes = args.slice(0, -1);
  }
  if (sizes.length === 1 && (Array.isArray(sizes[0]) || typeof sizes[0] === "number")) {
    return { shape: shapeOf(op, sizes[0] as ShapeArg), options };
  }
  if (sizes.length > 1 && sizes.every((s) => typeof s === "number")) {
    return { shape: shapeOf(op, sizes as number[]), options };
  }
  const got = sizes
    .map((s) => (Array.isArray(s) ? `[${s.join(", ")}]` : s === null ? "null" : typeof s))
    .join(", ");
  throw new TypeError(
    `${op}(): size must be numbers or one array of numbers, e.g. ${op}(2, 3) or ${op}([2, 3]), optionally followed by an options object, but got (${got})`,
  );
}

function finish(t: Tensor, options: TensorOptions, op = "tensor"): Tensor {
  if (options.requiresGrad) {
    if (!isFloating(t.dtype)) {
      throw new Error(
        `${op}(): only Tensors of floating point dtype can require gradients (got dtype=${t.dtype}, requiresGrad: true)`,
      );
    }
    t.requiresGrad_(true);
  }
  return t;
}

/**
 * A new leaf tensor from (nested) JS arrays, a number or a typed array (`torch.tensor`). The dtype
 * is inferred as PyTorch does: any non-integer number gives float32, all integers give int32
 * (PyTorch: int64), booleans give bool. JavaScript has no float literal (`1.` is `1`), so with
 * `requiresGrad: true` and no `dtype` an all-integer tensor is made float32 instead of failing.
 *
 * @example
 * tensor([[1, 2], [3, 4]]).shape          // [2, 2], int32
 * tensor([0.5, 1], { requiresGrad: true }) // float32 leaf
 */
export function tensor(data: NestedArray, options: TensorOptions = {}): Tensor {
  if (options.dtype !== undefined) checkDtype("tensor", options.dtype);
  const shape: number[] = [];
  const flat: (number | boolean)[] = [];
  if (ArrayBuffer.isView(data)) {
    const arr = data as TypedArray;
    const dtype =
      options.dtype ??
      (arr instanceof Float64Array
        ? "float64"
        : arr instanceof Int32Array
          ? "int32"
          : arr instanceof Uint8Array
            ? "bool"
            : "float32");
    const out = allocate(dtype, arr.length);
    out.set(arr as never);
    return finish(Tensor.fromArray(out, [arr.length], dtype), options);
  }
  // Walk the nesting once to find the shape, then check every level agrees.
  let probe: NestedArray = data;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0] as NestedArray;
  }
  const visit = (v: NestedArray, depth: number): void => {
    if (depth === shape.length) {
      if (Array.isArray(v)) throw new Error(`tensor(): expected a number at depth ${depth}, got a sequence`);
      if (typeof v !== "number" && typeof v !== "boolean") {
        throw new TypeError(
          `tensor(): could not convert ${v === null ? "null" : typeof v} to a number (at depth ${depth})`,
        );
      }
      flat.push(v as number | boolean);
      return;
    }
    if (!Array.isArray(v))
      throw new Error(
        `tensor(): expected a sequence of length ${shape[depth]} at dim ${depth} (got a number)`,
      );
    if (v.length !== shape[depth]) {
      throw new Error(
        `tensor(): expected sequence of length ${shape[depth]} at dim ${depth} (got ${v.length})`,
      );
    }
    for (const item of v) visit(item as NestedArray, depth + 1);
  };
  visit(data, 0);
  // JS cannot write `1.` for a float: a tensor asked to require grad is float32 unless told otherwise.
  const inferred = inferDtype(flat);
  const dtype = options.dtype ?? (options.requiresGrad && !isFloating(inferred) ? "float32" : inferred);
  const out = allocate(dtype, flat.length);
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i]!;
    out[i] = typeof v === "boolean" ? (v ? 1 : 0) : dtype === "bool" ? (v ? 1 : 0) : v;
  }
  return finish(Tensor.fromArray(out, shape, dtype), options);
}

/** A tensor of `shape` filled with `value` (`torch.full`); dtype inferred from the value. */
export function full(shape: ShapeArg, value: number | boolean, options: TensorOptions = {}): Tensor {
  const s = shapeOf("full", shape);
  if (options.dtype !== undefined) checkDtype("full", options.dtype);
  // PyTorch infers full()'s dtype from the value: bool, integer (int64; here int32) or float.
  const dtype =
    options.dtype ?? (typeof value === "boolean" ? "bool" : Number.isInteger(value) ? "int32" : "float32");
  const t = Tensor.alloc(s, dtype);
  t.storage.data.fill(Number(value));
  return finish(t, options);
}

/** Zeros of `shape` (`torch.zeros`), float32 unless `dtype` says otherwise. */
export function zeros(...args: SizeArgs<TensorOptions>): Tensor {
  const { shape, options } = parseSizeArgs<TensorOptions>("zeros", args);
  const dtype = options.dtype === undefined ? "float32" : checkDtype("zeros", options.dtype);
  return finish(Tensor.alloc(shape, dtype), options, "zeros");
}

/** Ones of `shape` (`torch.ones`). */
export function ones(...args: SizeArgs<TensorOptions>): Tensor {
  const { shape, options } = parseSizeArgs<TensorOptions>("ones", args);
  return full(shape, 1, { dtype: "float32", ...options });
}

/** An uninitialised tensor in PyTorch; here zero-filled, since typed arrays always are. */
export function empty(...args: SizeArgs<TensorOptions>): Tensor {
  const { shape, options } = parseSizeArgs<TensorOptions>("empty", args);
  return zeros(shape, options);
}

/**
 * Values from `start` to `end` (exclusive) by `step` (`torch.arange`); `arange(5)` is 0..4.
 * Integer arguments give int32, any fractional one float32.
 */
export function arange(end: number, options?: TensorOptions): Tensor;
export function arange(start: number, end: number, options?: TensorOptions): Tensor;
export function arange(start: number, end: number, step: number, options?: TensorOptions): Tensor;
export function arange(start: number, ...rest: (number | TensorOptions | undefined)[]): Tensor {
  // PyTorch's keywords come last: the options object may follow any number of the positional args.
  const last = rest[rest.length - 1];
  const options: TensorOptions = typeof last === "object" && last !== null ? last : {};
  const nums = (typeof last === "object" ? rest.slice(0, -1) : rest) as (number | undefined)[];
  let end = nums[0];
  const step = nums[1] ?? 1;
  if (end === undefined) {
    end = start;
    start = 0;
  }
  if (![start, end, step].every(Number.isFinite)) {
    throw new Error(
      `arange(): unsupported range: ${start} -> ${end} with step ${step} (bounds and step must be finite)`,
    );
  }
  if (step === 0) throw new Error("arange(): step must be nonzero");
  if ((step > 0 && end < start) || (step < 0 && end > start)) {
    throw new Error(
      `arange(): upper bound and larger bound inconsistent with step sign (start=${start}, end=${end}, step=${step})`,
    );
  }
  const n = Math.max(0, Math.ceil((end - start) / step));
  const dtype = options.dtype ?? ([start, end, step].every(Number.isInteger) ? "int32" : "float32");
  const out = allocate(dtype, n, "arange");
  for (let i = 0; i < n; i++) out[i] = start + i * step;
  return finish(Tensor.fromArray(out, [n], dtype), options, "arange");
}

/** `steps` evenly spaced values from `start` to `end` inclusive (`torch.linspace`). */
export function linspace(start: number, end: number, steps: number, options: TensorOptions = {}): Tensor {
  checkInt("linspace", "steps", steps);
  if (steps < 0) throw new Error(`linspace(): number of steps must be non-negative, got ${steps}`);
  const dtype = options.dtype ?? "float32";
  const out = allocate(dtype, steps, "linspace");
  const delta = steps > 1 ? (end - start) / (steps - 1) : 0;
  // PyTorch fills the first half from the start and the second half from the end.
  // One step is `start` (PyTorch special-cases it; the second-half formula would give `end`).
  const half = steps === 1 ? 1 : Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) out[i] = i < half ? start + i * delta : end - (steps - 1 - i) * delta;
  return finish(Tensor.fromArray(out, [steps], dtype), options);
}

/** The `n × m` identity matrix (`torch.eye`). */
export function eye(n: number, m: number = n, options: TensorOptions = {}): Tensor {
  checkInt("eye", "n", n);
  checkInt("eye", "m", m);
  const t = Tensor.alloc(shapeOf("eye", [n, m]), options.dtype ?? "float32", "eye");
  for (let i = 0; i < Math.min(n, m); i++) t.storage.data[i * m + i] = 1;
  return finish(t, options);
}

function randomTensor(
  op: string,
  shape: ShapeArg,
  options: RandomOptions,
  fill: (g: Generator, d: Float32Array | Float64Array) => void,
): Tensor {
  const s = shapeOf(op, shape);
  const dtype = options.dtype ?? "float32";
  if (!isFloating(dtype)) throw new Error(`${op}(): expected a floating point dtype, got ${dtype}`);
  // Samples go straight into the output (a float32 store rounds each double sample exactly as a
  // float64 temporary copied over would), so `randn([n])` needs 1x its output's memory, not 3x.
  const out = allocate(dtype, numelOf(s), op, s) as Float32Array | Float64Array;
  fill(options.generator ?? getDefaultGenerator(), out);
  return finish(Tensor.fromArray(out, s, dtype), options);
}

/** Samples of U[0, 1) (`torch.rand`). */
export function rand(...args: SizeArgs<RandomOptions>): Tensor {
  const { shape, options } = parseSizeArgs<RandomOptions>("rand", args);
  return randomTensor("rand", shape, options, (g, d) => fillUniform(g, d, 0, 1));
}

/** Samples of N(0, 1) (`torch.randn`). */
export function randn(...args: SizeArgs<RandomOptions>): Tensor {
  const { shape, options } = parseSizeArgs<RandomOptions>("randn", args);
  return randomTensor("randn", shape, options, (g, d) => fillNormal(g, d, 0, 1));
}

/** Integers uniform in `[low, high)` (`torch.randint`), int32. */
export function randint(low: number, high: number, shape: ShapeArg, options: RandomOptions = {}): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high) || low >= high) {
    throw new Error(`randint(): expects integers with low < high, but got low=${low}, high=${high}`);
  }
  const s = shapeOf("randint", shape);
  const gen = options.generator ?? getDefaultGenerator();
  const dtype = options.dtype ?? "int32";
  const out = allocate(dtype, numelOf(s));
  for (let i = 0; i < out.length; i++) out[i] = low + Math.floor(gen.random() * (high - low));
  return finish(Tensor.fromArray(out, s, dtype), options);
}

/** A random permutation of `0..n-1` (`torch.randperm`), int32. */
export function randperm(n: number, options: RandomOptions = {}): Tensor {
  checkInt("randperm", "n", n);
  if (n < 0) throw new Error(`randperm(): n must be a non-negative integer, but got ${n}`);
  checkNumel("randperm", [n]);
  const gen = options.generator ?? getDefaultGenerator();
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(gen.random() * (i + 1));
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return Tensor.fromArray(out, [n], "int32");
}

/** Zeros with the shape (and, unless given, dtype) of `t`. */
export function zerosLike(t: Tensor, options: TensorOptions = {}): Tensor {
  return zeros(t.shape, { dtype: t.dtype, ...options });
}

export function onesLike(t: Tensor, options: TensorOptions = {}): Tensor {
  return full(t.shape, 1, { dtype: t.dtype, ...options });
}

export function fullLike(t: Tensor, value: number, options: TensorOptions = {}): Tensor {
  return full(t.shape, value, { dtype: t.dtype, ...options });
}

export function emptyLike(t: Tensor, options: TensorOptions = {}): Tensor {
  return zerosLike(t, options);
}

export function randLike(t: Tensor, options: RandomOptions = {}): Tensor {
  return rand(t.shape, { dtype: t.dtype, ...options });
}

export function randnLike(t: Tensor, options: RandomOptions = {}): Tensor {
  return randn(t.shape, { dtype: t.dtype, ...options });
}

/** A 0-d tensor (`torch.tensor(3.5)`) — `tensor(3.5)` does the same; kept for readability. */
export function scalarTensor(value: number, options: TensorOptions = {}): Tensor {
  return tensor(value, options);
}
