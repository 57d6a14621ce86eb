/**
 * Tensor creation, as in PyTorch: `tensor`, `zeros`, `ones`, `full`, `empty`, `arange`,
 * `linspace`, `eye`, `rand`, `randn`, `randint` and the `*Like` forms.
 *
 * Convention: a shape is one argument, a number or an array (`zeros([2, 3])`, `zeros(5)`), and
 * PyTorch's keyword arguments go in a trailing options object (`{ dtype, requiresGrad }`).
 */
import {
  allocate,
  checkDtype,
  type TypedArray,
  getDefaultDtype,
  type DType,
  fitsInt32,
  INT32_MAX,
  INT32_MIN,
  inferDtype,
  int32OverflowError,
  isFloating,
  toStorageValue,
  writeValues,
} from "./dtype.js";
import { DEVICE_OPTION, type DeviceLike } from "./device.js";
import { checkOptions, describeValue, isOptionsInPlace, type OptionsSpec } from "./options.js";
import { type Generator, fillNormal, fillUniform, getDefaultGenerator } from "./random.js";
import { checkInt, checkNumel, checkShapeArg, formatShape, numelOf } from "./shape.js";
import { checkTensor } from "./ops/check.js";
import { Tensor } from "./tensor.js";

/**
 * The options every creation function takes (PyTorch's `dtype=`, `requires_grad=`, `device=` keywords).
 */
export interface TensorOptions {
  /** Element type; defaults as in PyTorch (the default dtype, float32, for floats, int32 for integers). */
  dtype?: DType;
  /** Make the new tensor a leaf that requires grad. */
  requiresGrad?: boolean;
  /** `"cpu"` or `device("cpu")`, accepted as PyTorch programs pass it; tsgrad runs on the CPU only. */
  device?: DeviceLike;
}

/**
 * The creation options plus the generator to draw from (PyTorch's `generator=` keyword).
 */
export interface RandomOptions extends TensorOptions {
  /** Generator to draw from; the global one (`manualSeed`) by default. */
  generator?: Generator;
}

const TENSOR_OPTIONS: OptionsSpec<TensorOptions> = {
  dtype: "dtype",
  requiresGrad: "boolean",
  device: DEVICE_OPTION,
};
const RANDOM_OPTIONS: OptionsSpec<RandomOptions> = { ...TENSOR_OPTIONS, generator: "generator" };

/** `tensor()`'s options: those of every creation function, and the shape of typed array data. */
export interface TensorFnOptions extends TensorOptions {
  /**
   * The shape of a typed array's elements, read in row-major order (default: 1-D). Only for typed
   * array data: nested arrays carry their own shape.
   */
  shape?: ShapeArg;
}

const TENSOR_FN_OPTIONS: OptionsSpec<TensorFnOptions> = { ...TENSOR_OPTIONS, shape: "any" };

/**
 * A shape: one size or a list of sizes (`zeros(3)`, `zeros([2, 3])`).
 */
export type ShapeArg = number | readonly number[];

/**
 * The typed arrays `tensor()` accepts. Their elements keep their values: floats give float32 or
 * float64 as their width says, every integer kind gives int32 (checked for range where it can
 * overflow: `Uint32Array`, `BigInt64Array`, `BigUint64Array`).
 */
export type TypedArrayInput =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint8ClampedArray
  | Uint16Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/** Nested arrays of numbers or booleans, or a typed array, as accepted by `tensor()`. */
export type NestedArray = number | boolean | TypedArrayInput | readonly NestedArray[];

function shapeOf(op: string, shape: ShapeArg, name = "size"): number[] {
  if (typeof shape !== "number" && !Array.isArray(shape)) {
    throw new TypeError(
      `${op}(): argument '${name}' must be a number or an array of numbers, but got ${shape === null ? "null" : typeof shape}`,
    );
  }
  if (typeof shape === "number") checkInt(op, name, shape);
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
  spec: OptionsSpec<O>,
): { shape: number[]; options: O } {
  let sizes = args;
  let options = {} as O;
  const last = args[args.length - 1];
  if (last !== null && typeof last === "object" && !Array.isArray(last)) {
    options = checkOptions(op, last as O, spec, args.length);
    sizes = args.slice(0, -1);
  } else if (args.length > 1 && (typeof last === "string" || typeof last === "boolean")) {
    checkOptions(op, last as never, spec, args.length); // throws: `zeros([2], "float64")` meant { dtype }
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
 * is inferred as PyTorch does: any non-integer number gives the default dtype (float32 unless
 * `setDefaultDtype` changed it), all integers give int32
 * (PyTorch: int64), booleans give bool. JavaScript has no float literal (`1.` is `1`), so with
 * `requiresGrad: true` and no `dtype` an all-integer tensor is made the default dtype instead of failing.
 *
 * A typed array gives a 1-D tensor with the same values: `Float64Array` float64, `Float32Array`
 * float32, every integer array (`Uint8Array`, `Int16Array`, `Uint32Array`, `BigInt64Array`, ...)
 * int32. bool only with `{ dtype: "bool" }` (nonzero → true, as `.bool()`). `{ shape }` gives its
 * elements that shape, in row-major order. The values are always copied, as `torch.tensor` copies;
 * `fromTypedArray` shares the array's memory instead.
 *
 * Values are converted as PyTorch converts them: into int32 truncated toward zero (2.7 → 2), and
 * a value outside int32 (3e9, NaN, ±Infinity) is an error, never wrapped around.
 *
 * @example
 * tensor([[1, 2], [3, 4]]).shape; // [2, 2]
 * tensor([[1, 2], [3, 4]]).dtype; // "int32"
 * tensor([0.5, 1], { requiresGrad: true }).dtype; // "float32"
 * tensor(new Uint8Array([0, 200])); // tensor([  0, 200])
 * tensor(3.5); // tensor(3.5000)
 * tensor(new Float32Array(6), { shape: [2, 3] }).shape; // [2, 3]
 */
export function tensor(data: NestedArray, options: TensorFnOptions = {}): Tensor {
  checkOptions("tensor", options, TENSOR_FN_OPTIONS, 2);
  const shape: number[] = [];
  const flat: (number | boolean)[] = [];
  if (ArrayBuffer.isView(data)) {
    const { values, dtype: natural } = typedArrayValues("tensor", data);
    const dims = dataShape("tensor", data, options.shape);
    const dtype = options.dtype ?? natural;
    const out = allocate(dtype, values.length);
    writeValues("tensor", dtype, out, values);
    return finish(Tensor.fromArray(out, dims, dtype), options);
  }
  if (options.shape !== undefined) {
    throw new TypeError(
      `tensor(): option 'shape' is for typed array data (nested arrays carry their own shape), but data is ${describeValue(data)}`,
    );
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
  // JS cannot write `1.` for a float: a tensor asked to require grad is floating (the default dtype).
  const inferred = inferDtype(flat);
  const dtype =
    options.dtype ?? (options.requiresGrad && !isFloating(inferred) ? getDefaultDtype() : inferred);
  const out = allocate(dtype, flat.length);
  writeValues("tensor", dtype, out, flat, options.dtype === undefined ? INFERRED_INT32 : "");
  return finish(Tensor.fromArray(out, shape, dtype), options);
}

/** What to do when an inferred int32 overflows: JS cannot tell `3e9` from `3000000000`. */
const INFERRED_INT32 = 'all-integer numbers make an int32 tensor: pass { dtype: "float64" } for a float one';

/**
 * A typed array's elements as numbers `writeValues` can store, and the dtype they keep their
 * values in. bool is never inferred (a `Uint8Array` of bytes is int32); ask for `{ dtype: "bool" }`.
 */
function typedArrayValues(op: string, data: ArrayBufferView): { values: ArrayLike<number>; dtype: DType } {
  if (data instanceof Float64Array) return { values: data, dtype: "float64" };
  if (data instanceof Float32Array) return { values: data, dtype: "float32" };
  if (
    data instanceof Int32Array ||
    data instanceof Int16Array ||
    data instanceof Int8Array ||
    data instanceof Uint32Array ||
    data instanceof Uint16Array ||
    data instanceof Uint8Array ||
    data instanceof Uint8ClampedArray
  ) {
    return { values: data, dtype: "int32" };
  }
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    // Numbers from here on: exact within ±2^53, and anything beyond is far outside int32 anyway
    // (the range check still sees it); a float dtype gets the nearest double, then its rounding.
    const values = new Float64Array(data.length);
    for (let i = 0; i < data.length; i++) values[i] = Number(data[i]!);
    return { values, dtype: "int32" };
  }
  // Float16Array (newer runtimes) is the only other typed array; a DataView has no element type.
  if (typeof (data as { length?: unknown }).length === "number" && !(data instanceof DataView)) {
    return { values: data as unknown as ArrayLike<number>, dtype: "float32" };
  }
  throw new TypeError(
    `${op}(): a DataView has no element type; pass a typed array (e.g. new Float32Array(view.buffer))`,
  );
}

/**
 * The shape a typed array's elements take: `shape` (default 1-D), checked against the array's
 * length as `view` checks a shape against the input's size.
 */
function dataShape(op: string, data: ArrayBufferView, shape: ShapeArg | undefined): number[] {
  const length = (data as { length?: number }).length ?? 0;
  if (shape === undefined) return [length];
  // The built-in's tag ("Float32Array"): never a class's own name, which bundlers rename (names.ts).
  const kind = Object.prototype.toString.call(data).slice(8, -1);
  const s = shapeOf(op, shape, "shape");
  const n = numelOf(s);
  if (n !== length) {
    throw new Error(
      `${op}(): shape '${formatShape(s)}' is invalid for input of size ${length} (a ${kind} of length ${length}; the shape has ${n} elements)`,
    );
  }
  return s;
}

/** The typed array class that is the storage of each dtype: what `fromTypedArray` can share. */
function storageDtype(data: ArrayBufferView): DType | null {
  if (data instanceof Float32Array) return "float32";
  if (data instanceof Float64Array) return "float64";
  if (data instanceof Int32Array) return "int32";
  return null;
}

/**
 * A tensor that shares a typed array's memory (`torch.from_numpy`): no copy when the array is the
 * dtype's storage type (`Float32Array` for float32, `Float64Array` for float64, `Int32Array` for
 * int32, a `Uint8Array` of 0s and 1s for bool). Writes through either side show in the other, as
 * with a NumPy array and its `from_numpy` tensor; so do in-place ops (`t.add_(1)` changes `data`),
 * and autograd's in-place checks cannot see writes made to `data` directly.
 *
 * `shape` (default `[data.length]`) orders the elements row-major and must hold exactly
 * `data.length` of them. The dtype defaults to the array's own (every other integer array gives
 * int32); another dtype, or an array that is not a storage type (`Uint8Array` for int32,
 * `Int16Array`, ...), is converted into a fresh copy, as `tensor(data, { shape, dtype })` does.
 *
 * PyTorch: `torch.from_numpy(a).reshape(shape)` (and `.to(dtype)` when the dtype differs).
 *
 * @param data a typed array; a subarray shares just its own elements
 * @param shape the tensor's shape, a number or an array (default: 1-D)
 * @param options `{ dtype, requiresGrad, device }`
 *
 * @example
 * const data = new Float32Array([1, 2, 3, 4, 5, 6]);
 * const t = fromTypedArray(data, [2, 3]); // float32, no copy
 * data[0] = 10;
 * t.toString(); // "tensor([[10.,  2.,  3.],\n        [ 4.,  5.,  6.]])"
 */
export function fromTypedArray(data: TypedArrayInput, shape?: ShapeArg, options: TensorOptions = {}): Tensor {
  const op = "fromTypedArray";
  checkOptions(op, options, TENSOR_OPTIONS, 3);
  if (!ArrayBuffer.isView(data) || data instanceof DataView) {
    throw new TypeError(
      `${op}(): argument 'data' must be a typed array (Float32Array, Float64Array, Int32Array, ...), but got ${data instanceof DataView ? "a DataView" : describeValue(data)}`,
    );
  }
  const dims = dataShape(op, data, shape);
  const own = storageDtype(data);
  const dtype = options.dtype ?? own ?? typedArrayValues(op, data).dtype;
  if (dtype === own) return finish(Tensor.fromArray(data as TypedArray, dims, dtype), options, op);
  if (dtype === "bool" && data instanceof Uint8Array) {
    for (let i = 0; i < data.length; i++) {
      if (data[i]! > 1) {
        throw new Error(
          `${op}(): a bool tensor shares a Uint8Array of 0s and 1s, but element ${i} is ${data[i]} (use tensor(data, { dtype: "bool" }) to copy, nonzero → true)`,
        );
      }
    }
    return finish(Tensor.fromArray(data, dims, dtype), options, op);
  }
  const { values } = typedArrayValues(op, data);
  const out = allocate(dtype, values.length, op, dims);
  writeValues(op, dtype, out, values);
  return finish(Tensor.fromArray(out, dims, dtype), options, op);
}

/**
 * A tensor of `shape` filled with `value` (`torch.full`); the dtype is inferred from the value (an
 * integer gives int32, a fraction the default dtype, a boolean bool) unless `dtype` is given.
 * @example
 * full([2], 0.5); // tensor([0.5000, 0.5000])
 * full([2], 7, { dtype: "float32" }); // tensor([7., 7.])
 */
export function full(shape: ShapeArg, value: number | boolean, options: TensorOptions = {}): Tensor {
  const s = shapeOf("full", shape);
  checkOptions("full", options, TENSOR_OPTIONS, 3);
  // PyTorch infers full()'s dtype from the value: bool, integer (int64; here int32) or float.
  const dtype =
    options.dtype ??
    (typeof value === "boolean" ? "bool" : Number.isInteger(value) ? "int32" : getDefaultDtype());
  const v = toStorageValue("full", dtype, value, options.dtype === undefined ? INFERRED_INT32 : "");
  const t = Tensor.alloc(s, dtype);
  t.storage.data.fill(v);
  return finish(t, options);
}

/**
 * Zeros of `shape` (`torch.zeros`), of the default dtype (float32) unless `dtype` says otherwise. Sizes
 * as varargs or one array, optionally followed by the options: `zeros(2, 3)`, `zeros([2, 3], { dtype })`.
 * @example
 * zeros(2, 3).shape; // [2, 3]
 * zeros([2], { dtype: "int32" }); // tensor([0, 0])
 */
export function zeros(...args: SizeArgs<TensorOptions>): Tensor {
  const { shape, options } = parseSizeArgs("zeros", args, TENSOR_OPTIONS);
  const dtype = options.dtype === undefined ? getDefaultDtype() : checkDtype("zeros", options.dtype);
  return finish(Tensor.alloc(shape, dtype), options, "zeros");
}

/**
 * Ones of `shape` (`torch.ones`), of the default dtype unless `dtype` says otherwise; sizes as in `zeros`.
 * @example
 * ones(2); // tensor([1., 1.])
 * ones([2, 2], { requiresGrad: true }).requiresGrad; // true
 */
export function ones(...args: SizeArgs<TensorOptions>): Tensor {
  const { shape, options } = parseSizeArgs("ones", args, TENSOR_OPTIONS);
  return full(shape, 1, { dtype: getDefaultDtype(), ...options });
}

/**
 * A tensor of `shape` whose values are not to be relied on (`torch.empty`); here zero-filled, since
 * typed arrays always are. Sizes as in `zeros`.
 * @example
 * empty(2, 3).shape; // [2, 3]
 */
export function empty(...args: SizeArgs<TensorOptions>): Tensor {
  const { shape, options } = parseSizeArgs("empty", args, TENSOR_OPTIONS);
  return zeros(shape, options);
}

/**
 * Values from `start` to `end` (exclusive) by `step` (`torch.arange`); `arange(5)` is 0..4.
 * Integer arguments give int32, any fractional one the default dtype. An int32 range truncates
 * start, end and step to integers first, as PyTorch's int64 one does.
 *
 * @example
 * arange(5); // tensor([0, 1, 2, 3, 4])
 * // as torch.arange(0, 5, 1.5, dtype=torch.long):
 * arange(0, 5, 1.5, { dtype: "int32" }); // tensor([0, 1, 2, 3, 4])
 * arange(1, 2, 0.25); // tensor([1.0000, 1.2500, 1.5000, 1.7500])
 */
export function arange(end: number, options?: TensorOptions): Tensor;
export function arange(start: number, end: number, options?: TensorOptions): Tensor;
export function arange(start: number, end: number, step: number, options?: TensorOptions): Tensor;
export function arange(start: number, ...rest: (number | TensorOptions | undefined)[]): Tensor {
  // PyTorch's keywords come last: the options object may follow any number of the positional args.
  const last = rest[rest.length - 1];
  if (typeof last === "string" || typeof last === "boolean")
    checkOptions("arange", last as never, TENSOR_OPTIONS);
  const options: TensorOptions =
    typeof last === "object" && last !== null ? checkOptions("arange", last, TENSOR_OPTIONS) : {};
  const nums = (typeof last === "object" ? rest.slice(0, -1) : rest) as (number | undefined)[];
  let end = nums[0];
  let step = nums[1] ?? 1;
  if (end === undefined) {
    end = start;
    start = 0;
  }
  if (![start, end, step].every(Number.isFinite)) {
    throw new Error(
      `arange(): unsupported range: ${start} -> ${end} with step ${step} (bounds and step must be finite)`,
    );
  }
  const dtype = options.dtype ?? ([start, end, step].every(Number.isInteger) ? "int32" : getDefaultDtype());
  if (dtype === "bool") throw new Error('arange(): "arange_cpu" not implemented for bool');
  if (dtype === "int32") {
    // As PyTorch's int64 arange (int32 stands in for it): start, end and step are truncated to
    // integers first, so arange(0, 5, 1.5, int) is [0, 1, 2, 3, 4] and a step of 0.6 is 0.
    start = Math.trunc(start);
    end = Math.trunc(end);
    step = Math.trunc(step);
  }
  if (step === 0) throw new Error("arange(): step must be nonzero");
  if ((step > 0 && end < start) || (step < 0 && end > start)) {
    throw new Error(
      `arange(): upper bound and larger bound inconsistent with step sign (start=${start}, end=${end}, step=${step})`,
    );
  }
  const n = Math.max(0, Math.ceil((end - start) / step));
  if (dtype === "int32" && n > 0) {
    // The values run from start to last in order, so the two ends bound them all. (PyTorch wraps
    // past 2^31 - 1 silently here; tsgrad refuses.)
    const last = start + (n - 1) * step;
    if (!fitsInt32(start)) throw int32OverflowError("arange", start, "the start of the range");
    if (!fitsInt32(last)) throw int32OverflowError("arange", last, "the last value of the range");
  }
  const out = allocate(dtype, n, "arange");
  for (let i = 0; i < n; i++) out[i] = start + i * step;
  return finish(Tensor.fromArray(out, [n], dtype), options, "arange");
}

/**
 * `steps` evenly spaced values from `start` to `end` inclusive (`torch.linspace`), of the default dtype.
 * @example
 * linspace(0, 1, 5); // tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])
 */
export function linspace(start: number, end: number, steps: number, options: TensorOptions = {}): Tensor {
  checkOptions("linspace", options, TENSOR_OPTIONS, 4);
  checkInt("linspace", "steps", steps);
  for (const [name, v] of [
    ["start", start],
    ["end", end],
  ] as const) {
    if (typeof v !== "number")
      throw new TypeError(`linspace(): argument '${name}' must be a number, but got ${describeValue(v)}`);
  }
  if (steps < 0) throw new Error(`linspace(): number of steps must be non-negative, got ${steps}`);
  const dtype = options.dtype ?? getDefaultDtype();
  if (dtype === "bool") throw new Error('linspace(): "linspace_cpu" not implemented for bool');
  if (dtype === "int32") {
    // The values lie between the two ends, so those bound them all.
    toStorageValue("linspace", dtype, start, "from argument 'start'");
    toStorageValue("linspace", dtype, end, "from argument 'end'");
  }
  const out = allocate(dtype, steps, "linspace");
  const delta = steps > 1 ? (end - start) / (steps - 1) : 0;
  // PyTorch fills the first half from the start and the second half from the end.
  // One step is `start` (PyTorch special-cases it; the second-half formula would give `end`).
  const half = steps === 1 ? 1 : Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) out[i] = i < half ? start + i * delta : end - (steps - 1 - i) * delta;
  return finish(Tensor.fromArray(out, [steps], dtype), options);
}

/**
 * The `n × m` identity matrix (`m` defaults to `n`) of the default dtype (`torch.eye`).
 * @example
 * eye(2); // tensor([[1., 0.], [0., 1.]])
 * eye(2, { dtype: "float64" }); // torch.eye(2, dtype=torch.float64)
 */
export function eye(n: number, mArg?: number | TensorOptions, optionsArg?: TensorOptions): Tensor {
  // PyTorch's keywords may follow n directly: eye(3, { dtype }) for torch.eye(3, dtype=...).
  const inPlace = isOptionsInPlace("eye", mArg, optionsArg, 2);
  const m = inPlace ? n : ((mArg as number | undefined) ?? n);
  const options = checkOptions("eye", (inPlace ? mArg : optionsArg) ?? {}, TENSOR_OPTIONS, inPlace ? 2 : 3);
  checkInt("eye", "n", n);
  checkInt("eye", "m", m);
  const t = Tensor.alloc(shapeOf("eye", [n, m]), options.dtype ?? getDefaultDtype(), "eye");
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
  const dtype = options.dtype ?? getDefaultDtype();
  if (!isFloating(dtype)) throw new Error(`${op}(): expected a floating point dtype, got ${dtype}`);
  // Samples go straight into the output (a float32 store rounds each double sample exactly as a
  // float64 temporary copied over would), so `randn([n])` needs 1x its output's memory, not 3x.
  const out = allocate(dtype, numelOf(s), op, s) as Float32Array | Float64Array;
  fill(options.generator ?? getDefaultGenerator(), out);
  return finish(Tensor.fromArray(out, s, dtype), options);
}

/**
 * Samples of U[0, 1) (`torch.rand`) from the global generator (`manualSeed`) or `generator`; sizes as in
 * `zeros`. The stream differs from PyTorch's: same seed, different numbers.
 * @example
 * const u = rand(2, 3);
 * u.shape; // [2, 3]
 * u.min().item() >= 0; // true
 */
export function rand(...args: SizeArgs<RandomOptions>): Tensor {
  const { shape, options } = parseSizeArgs("rand", args, RANDOM_OPTIONS);
  return randomTensor("rand", shape, options, (g, d) => fillUniform(g, d, 0, 1));
}

/**
 * Samples of N(0, 1) (`torch.randn`) from the global generator (`manualSeed`) or `generator`; sizes as in `zeros`.
 * @example
 * manualSeed(0);
 * randn(2, 3).shape; // [2, 3]
 * randn([4], { generator: new Generator(1), dtype: "float64" }).dtype; // "float64"
 */
export function randn(...args: SizeArgs<RandomOptions>): Tensor {
  const { shape, options } = parseSizeArgs("randn", args, RANDOM_OPTIONS);
  return randomTensor("randn", shape, options, (g, d) => fillNormal(g, d, 0, 1));
}

/**
 * Integers uniform in `[low, high)` (`torch.randint(low, high, shape)`), int32 unless `dtype` says otherwise.
 * @example
 * const k = randint(0, 3, [100]);
 * [k.min().item() >= 0, k.max().item() <= 2]; // [true, true]
 */
export function randint(low: number, high: number, shape: ShapeArg, options: RandomOptions = {}): Tensor {
  checkOptions("randint", options, RANDOM_OPTIONS, 4);
  if (!Number.isInteger(low) || !Number.isInteger(high) || low >= high) {
    throw new Error(`randint(): expects integers with low < high, but got low=${low}, high=${high}`);
  }
  const s = shapeOf("randint", shape);
  const gen = options.generator ?? getDefaultGenerator();
  const dtype = options.dtype ?? "int32";
  if (dtype === "int32" || dtype === "bool") {
    // Both ends of [low, high - 1] must be storable (PyTorch: "to - 1 is out of bounds for int").
    const [lo, hi] = dtype === "int32" ? [INT32_MIN, INT32_MAX] : [0, 1];
    for (const [name, v] of [
      ["low", low],
      ["high - 1", high - 1],
    ] as const) {
      if (v < lo || v > hi) {
        throw new Error(
          `randint(): value cannot be converted to type ${dtype} without overflow (${name} = ${v} is outside ${dtype}'s range [${lo}, ${hi}])`,
        );
      }
    }
  }
  const out = allocate(dtype, numelOf(s));
  for (let i = 0; i < out.length; i++) out[i] = low + Math.floor(gen.random() * (high - low));
  return finish(Tensor.fromArray(out, s, dtype), options);
}

/**
 * A random permutation of `0..n-1` (`torch.randperm`), int32 unless `dtype` says otherwise.
 * @example
 * randperm(4).sort().values; // tensor([0, 1, 2, 3])
 */
export function randperm(n: number, options: RandomOptions = {}): Tensor {
  checkOptions("randperm", options, RANDOM_OPTIONS, 2);
  const dtype = options.dtype ?? "int32";
  if (dtype === "bool") throw new Error(`randperm(): "randperm" not implemented for 'Bool'`);
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
  const perm = Tensor.fromArray(out, [n], "int32");
  return finish(dtype === "int32" ? perm : perm.to(dtype), options, "randperm");
}

/**
 * The shared body of the `*Like` functions: checks `t` and the options `given` (`op`'s argument `argc`),
 * then `make`s a tensor of `t`'s shape with `t`'s dtype unless the options give one.
 */
function like<O extends TensorOptions>(
  op: string,
  t: Tensor,
  given: O,
  spec: OptionsSpec<O>,
  argc: number,
  make: (shape: readonly number[], o: O) => Tensor,
): Tensor {
  checkTensor(op, t);
  checkOptions(op, given, spec, argc);
  return make(t._shape, { dtype: t.dtype, ...given });
}

/**
 * Zeros with the shape (and, unless given, dtype) of `t` (`torch.zeros_like`).
 * @example
 * zerosLike(tensor([[1, 2]])); // tensor([[0, 0]])
 */
export function zerosLike(t: Tensor, options: TensorOptions = {}): Tensor {
  return like("zerosLike", t, options, TENSOR_OPTIONS, 2, zeros);
}

/**
 * Ones with the shape (and, unless given, dtype) of `t` (`torch.ones_like`).
 * @example
 * onesLike(zeros([2])); // tensor([1., 1.])
 */
export function onesLike(t: Tensor, options: TensorOptions = {}): Tensor {
  return like("onesLike", t, options, TENSOR_OPTIONS, 2, (s, o) => full(s, 1, o));
}

/**
 * `value` in the shape (and, unless given, dtype) of `t` (`torch.full_like`).
 * @example
 * fullLike(zeros([2]), 3); // tensor([3., 3.])
 */
export function fullLike(t: Tensor, value: number, options: TensorOptions = {}): Tensor {
  return like("fullLike", t, options, TENSOR_OPTIONS, 3, (s, o) => full(s, value, o));
}

/**
 * A tensor with the shape and dtype of `t` whose values are not to be relied on (`torch.empty_like`); zero-filled here.
 * @example
 * emptyLike(zeros([2, 3])).shape; // [2, 3]
 */
export function emptyLike(t: Tensor, options: TensorOptions = {}): Tensor {
  return like("emptyLike", t, options, TENSOR_OPTIONS, 2, zeros);
}

/**
 * Samples of U[0, 1) in the shape (and, unless given, dtype) of `t` (`torch.rand_like`).
 * @example
 * randLike(zeros([2, 3])).shape; // [2, 3]
 */
export function randLike(t: Tensor, options: RandomOptions = {}): Tensor {
  return like("randLike", t, options, RANDOM_OPTIONS, 2, rand);
}

/**
 * Samples of N(0, 1) in the shape (and, unless given, dtype) of `t` (`torch.randn_like`).
 * @example
 * randnLike(zeros([2, 3], { dtype: "float64" })).dtype; // "float64"
 */
export function randnLike(t: Tensor, options: RandomOptions = {}): Tensor {
  return like("randnLike", t, options, RANDOM_OPTIONS, 2, randn);
}

/**
 * A 0-d tensor (`torch.tensor(3.5)`) — `tensor(3.5)` does the same; kept for readability.
 * @example
 * scalarTensor(2, { dtype: "float32" }).shape; // []
 */
export function scalarTensor(value: number, options: TensorOptions = {}): Tensor {
  checkOptions("scalarTensor", options, TENSOR_OPTIONS, 2);
  return tensor(value, options);
}

// ---- new tensors with another tensor's dtype (the `new_*` methods) -------------------------------

/**
 * Zeros of the given size with `t`'s dtype unless the options give one (`t.new_zeros(size)`).
 *
 * @example
 * newZeros(tensor([1, 2]), 2, 2); // tensor([[0, 0], [0, 0]])
 * zeros([1], { dtype: "float64" }).newZeros([2]).dtype; // "float64"
 */
export function newZeros(t: Tensor, ...args: SizeArgs<TensorOptions>): Tensor {
  checkTensor("newZeros", t);
  const { shape, options } = parseSizeArgs("newZeros", args, TENSOR_OPTIONS);
  return zeros(shape, { dtype: t.dtype, ...options });
}

/**
 * Ones of the given size with `t`'s dtype unless the options give one (`t.new_ones(size)`).
 *
 * @example
 * newOnes(zeros([1]), [2]); // tensor([1., 1.])
 */
export function newOnes(t: Tensor, ...args: SizeArgs<TensorOptions>): Tensor {
  checkTensor("newOnes", t);
  const { shape, options } = parseSizeArgs("newOnes", args, TENSOR_OPTIONS);
  return full(shape, 1, { dtype: t.dtype, ...options });
}

/**
 * `t.new_empty(size)`: zero-filled here, as `empty` is.
 *
 * @example
 * newEmpty(zeros([1]), [2, 3]).shape; // [2, 3]
 */
export function newEmpty(t: Tensor, ...args: SizeArgs<TensorOptions>): Tensor {
  checkTensor("newEmpty", t);
  const { shape, options } = parseSizeArgs("newEmpty", args, TENSOR_OPTIONS);
  return zeros(shape, { dtype: t.dtype, ...options });
}

/**
 * `value` everywhere, with `t`'s dtype unless the options give one (`t.new_full(size, value)`).
 *
 * @example
 * newFull(zeros([1]), [2], 7); // tensor([7., 7.])
 */
export function newFull(
  t: Tensor,
  shape: ShapeArg,
  value: number | boolean,
  options: TensorOptions = {},
): Tensor {
  checkTensor("newFull", t);
  checkOptions("newFull", options, TENSOR_OPTIONS, 3);
  return full(shape, value, { dtype: t.dtype, ...options });
}

/**
 * A tensor of `data` with `t`'s dtype unless the options give one (`t.new_tensor(data)`).
 *
 * @example
 * newTensor(zeros([1], { dtype: "float64" }), [1, 2]).dtype; // "float64"
 */
export function newTensor(t: Tensor, data: NestedArray, options: TensorOptions = {}): Tensor {
  checkTensor("newTensor", t);
  checkOptions("newTensor", options, TENSOR_OPTIONS, 2);
  return tensor(data, { dtype: t.dtype, ...options });
}
