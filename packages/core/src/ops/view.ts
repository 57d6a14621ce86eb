/**
 * Views share their input's storage and only change shape, strides and offset, as in PyTorch.
 * Their backward rules move the gradient back into the input's layout.
 */
import { isGradEnabled, noGrad } from "../autograd/grad-mode.js";
import { nameGradFn, record } from "../autograd/node.js";
import {
  allocate,
  checkDtype,
  type DType,
  firstOutsideInt32,
  int32OverflowError,
  isFloating,
} from "../dtype.js";
import { checkDevice, DEVICE_OPTION, type DeviceLike, isDeviceArg } from "../device.js";
import { checkOptions, isOptionsInPlace, type OptionsSpec } from "../options.js";
import { kernels, UnOp } from "../kernels/index.js";
import {
  checkInt,
  checkIntList,
  checkIntOrList,
  checkNumel,
  formatShape,
  MAX_VIEW_NUMEL,
  normalizeDim,
  numelOf,
  type Shape,
  viewStrides,
} from "../shape.js";
import { Tensor } from "../tensor.js";
import { checkHasDims, checkTensor, noDimsMessage } from "./check.js";
import { ne } from "./elementwise.js";
import { sumTo } from "./reduce.js";

function makeView(x: Tensor, shape: Shape, strides: Shape, offset: number): Tensor {
  const root = x.base ?? x;
  const out = new Tensor(x.storage, shape.slice(), strides.slice(), offset, x.dtype, root);
  out._viewHistory = root.gradFn;
  // A view remembers the grad mode it was made in; a view of such a view inherits it (as PyTorch's
  // propagate_creation_meta does). In-place ops check it (ops/inplace.ts).
  out.noGradView = x.noGradView || !isGradEnabled();
  return out;
}

/** A contiguous copy that stays in the graph (`clone()`); `op` names the caller in the size-limit error. */
export function clone(x: Tensor, name = "CloneBackward0", op = "clone"): Tensor {
  const out = allocate(x.dtype, x.numel(), op, x._shape);
  kernels.unary(UnOp.Copy, x._shape, out, 0, x.storage.data, x.strides, x.offset);
  return record(Tensor.fromArray(out, x._shape, x.dtype), name, [x], [], (g) => [g]);
}

/** `to`'s keyword arguments, as PyTorch's `x.to(device=None, dtype=None, copy=False)`. */
export interface ToOptions {
  /** The dtype to convert to (default: keep the tensor's). */
  dtype?: DType;
  /** The device: the CPU only ("cpu" or `device("cpu")`). */
  device?: DeviceLike;
  /** Return a new tensor even when nothing changes (default false), as PyTorch's `copy=True`. */
  copy?: boolean;
}

/** What a `to(...)` call asks for. */
export interface ResolvedTo {
  /** The dtype to convert to; undefined keeps the tensor's. */
  dtype: DType | undefined;
  /** Whether a new tensor is asked for even when nothing changes. */
  copy: boolean;
}

/** What `to`'s first argument may be: a dtype, a device, a tensor (its dtype) or the keywords. */
export type ToTarget = DType | DeviceLike | Tensor | ToOptions;

const TO_OPTIONS: OptionsSpec<ToOptions> = { dtype: "dtype", device: DEVICE_OPTION, copy: "boolean" };

/**
 * What a `to(target, options)` call asks for, checked: the dtype (undefined: keep) and whether to
 * copy. The one reading of PyTorch's `to` overloads — `to(dtype)`, `to(device)`, `to(device, dtype)`,
 * `to(tensor)`, `to({ dtype, device, copy })`, each with the keywords after — shared by `Tensor.to`
 * and `Module.to` (which passes its own `spec`, without `copy`).
 *
 * @example
 * resolveTo("to", "cpu", "float64"); // { dtype: "float64", copy: false }
 */
export function resolveTo(
  op: string,
  target: unknown,
  options: unknown,
  spec: OptionsSpec<ToOptions> | OptionsSpec<Omit<ToOptions, "copy">> = TO_OPTIONS,
): ResolvedTo {
  const keys = spec as OptionsSpec<ToOptions>;
  if (isOptionsInPlace(op, target, options)) {
    const { dtype, copy = false } = checkOptions(op, target as ToOptions, keys, 1);
    return { dtype, copy };
  }
  let dtype: DType | undefined;
  let more = options;
  if (target instanceof Tensor) dtype = target.dtype;
  else if (isDeviceArg(target)) {
    checkDevice(op, target);
    // `x.to("cpu", "float64")`: PyTorch's to(device, dtype).
    if (typeof more === "string") {
      dtype = checkDtype(op, more);
      more = undefined;
    }
  } else if (target !== undefined) dtype = checkDtype(op, target);
  const keywords = more === undefined ? {} : checkOptions(op, more as ToOptions, keys, 2);
  if (dtype !== undefined && keywords.dtype !== undefined) {
    throw new TypeError(`${op}(): the dtype is given twice, as an argument and as the option 'dtype'`);
  }
  return { dtype: dtype ?? keywords.dtype, copy: keywords.copy ?? false };
}

/**
 * Converts to a dtype; returns `x` itself when nothing changes (unless `copy`), as PyTorch's `.to`
 * does. Takes PyTorch's forms: a dtype, a device, `(device, dtype)`, a tensor (its dtype), or the
 * keywords `{ dtype, device, copy }`. Float to int32 truncates toward zero; a value outside int32
 * (or NaN, ±Infinity) is an error (PyTorch silently gives -2147483648 there). The only device is
 * the CPU ("cpu", `device("cpu")`), where the tensor already is; any other device is an error.
 *
 * @example
 * const x = tensor([1, 2]);
 * x.to("float64"); // tensor([1., 2.], dtype=torch.float64)
 * x.to({ dtype: "float64" }); // the same: PyTorch's x.to(dtype=torch.float64)
 * x.to("cpu") === x; // true
 * x.to("cpu", { copy: true }) === x; // false
 */
export function toDtype(x: Tensor, target?: ToTarget, options?: DType | ToOptions): Tensor {
  const { dtype = x.dtype, copy } = resolveTo("to", target, options);
  if (x.dtype === dtype && !copy) return x;
  if (dtype === "int32" && x.dtype !== "int32") checkFitsInt32("to", x);
  let out: Tensor;
  if (dtype === "bool") out = ne(x, 0);
  else {
    const data = allocate(dtype, x.numel(), "to", x._shape);
    kernels.unary(UnOp.Copy, x._shape, data, 0, x.storage.data, x.strides, x.offset);
    out = Tensor.fromArray(data, x._shape, dtype);
  }
  if (!isFloating(dtype)) return out;
  const from = x.dtype;
  return record(out, "ToCopyBackward0", [isFloating(from) ? x : null], [], (g) => [g.to(from)]);
}

/**
 * Throws `int32OverflowError(op, value)` if a float tensor `x` holds a value that int32 cannot
 * hold after truncation: the one pass made before every float → int32 conversion.
 */
export function checkFitsInt32(op: string, x: Tensor): void {
  if (!isFloating(x.dtype)) return;
  // A strided tensor is scanned through a contiguous copy (the conversion allocates as much anyway).
  const c = x.isContiguous() ? x : noGrad(() => clone(x));
  const bad = firstOutsideInt32(c.storage.data, c.offset, c.offset + c.numel());
  if (bad >= 0) throw int32OverflowError(op, c.storage.data[bad]!);
}

/**
 * at::infer_size's scan of requested sizes: the index of the one `-1` (-1 if there is none) and the
 * product of the other sizes; PyTorch's errors for a second `-1` and for another negative size
 * (`where` ends the latter: view and reshape name the whole shape).
 */
function scanSizes(op: string, sizes: readonly number[], where = ""): { infer: number; known: number } {
  let infer = -1;
  let known = 1;
  for (let i = 0; i < sizes.length; i++) {
    const s = sizes[i]!;
    if (s === -1) {
      if (infer >= 0) throw new Error(`${op}(): only one dimension can be inferred`);
      infer = i;
    } else if (s < 0) {
      throw new Error(`${op}(): invalid shape dimension ${s}${where}`);
    } else known *= s;
  }
  return { infer, known };
}

/** Resolves one `-1` in a requested shape and checks the element count. */
function inferShape(op: string, x: Tensor, shape: readonly number[]): number[] {
  const out = checkIntList(op, "size", shape).slice();
  const { infer, known } = scanSizes(op, out, ` in ${formatShape(shape)}`);
  const n = x.numel();
  if (infer >= 0) {
    if (known === 0 || n % known !== 0) {
      throw new Error(`${op}(): shape '${formatShape(shape)}' is invalid for input of size ${n}`);
    }
    out[infer] = n / known;
  } else if (known !== n) {
    throw new Error(`${op}(): shape '${formatShape(shape)}' is invalid for input of size ${n}`);
  }
  return out;
}

/**
 * A view with a new shape, when the input's strides allow one (see `viewStrides`: a contiguous
 * input always does; a transposed one only where the regrouped dims were adjacent in memory).
 */
export function view(x: Tensor, shape: readonly number[], op = "view", name = "ViewBackward0"): Tensor {
  const target = inferShape(op, x, shape);
  const strides = viewStrides(x._shape, x.strides, target);
  if (strides === null) {
    throw new Error(
      "view(): view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). " +
        `Use .reshape(...) instead. (input shape ${formatShape(x._shape)}, strides ${formatShape(x.strides)}, view shape ${formatShape(target)})`,
    );
  }
  const out = makeView(x, target, strides, x.offset);
  const from = x._shape;
  return record(out, name, [x], [], (g) => [g.reshape(from)]);
}

/**
 * A view when the strides allow one (`view`), otherwise a contiguous copy with the new shape, as
 * PyTorch decides; named as PyTorch 1.13 names the two (ReshapeAliasBackward0, and
 * UnsafeViewBackward0 over a CloneBackward0). Write through the result only when it is a view of
 * what you meant to change: as in PyTorch, whether it is depends on the strides.
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const target = inferShape("reshape", x, shape);
  if (viewStrides(x._shape, x.strides, target) !== null)
    return view(x, target, "reshape", "ReshapeAliasBackward0");
  return view(clone(x, "CloneBackward0", "reshape"), target, "reshape", "UnsafeViewBackward0");
}

export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const nd = x.dim();
  const a = normalizeDim("transpose", dim0, nd);
  const b = normalizeDim("transpose", dim1, nd);
  if (nd === 0) return record(makeView(x, [], [], x.offset), "TransposeBackward0", [x], [], (g) => [g]);
  const shape = x._shape.slice();
  const strides = x.strides.slice();
  [shape[a], shape[b]] = [shape[b]!, shape[a]!];
  [strides[a], strides[b]] = [strides[b]!, strides[a]!];
  const out = makeView(x, shape, strides, x.offset);
  return record(out, "TransposeBackward0", [x], [], (g) => [transpose(g, a, b)]);
}

export function permute(x: Tensor, dims: readonly number[]): Tensor {
  const nd = x.dim();
  if (dims.length !== nd) {
    throw new Error(
      `permute(): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${nd} is not equal to len(dims) = ${dims.length}`,
    );
  }
  const norm = dims.map((d) => normalizeDim("permute", d, nd));
  if (new Set(norm).size !== nd) throw new Error(`permute(): repeated dim in ${formatShape(dims)}`);
  const out = makeView(
    x,
    norm.map((d) => x._shape[d]!),
    norm.map((d) => x.strides[d]!),
    x.offset,
  );
  const inverse = new Array<number>(nd);
  norm.forEach((d, i) => {
    inverse[d] = i;
  });
  return record(out, "PermuteBackward0", [x], [], (g) => [permute(g, inverse)]);
}

/**
 * Broadcasts to `shape` without copying (stride 0 along new or size-1 dims); `-1` keeps a size.
 */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  checkIntList("expand", "size", shape);
  const nd = shape.length;
  if (nd < x.dim()) {
    throw new Error(
      `expand(): the number of sizes provided (${nd}) must be greater or equal to the number of dimensions in the tensor (${x.dim()})`,
    );
  }
  const lead = nd - x.dim();
  const outShape = new Array<number>(nd);
  const strides = new Array<number>(nd);
  for (let i = 0; i < nd; i++) {
    const want = shape[i]!;
    if (want < -1) {
      throw new Error(
        `expand(): invalid size ${want} at dimension ${i} (sizes must be non-negative integers, or -1 to keep a size).  Target sizes: ${formatShape(shape)}.  Tensor sizes: ${formatShape(x._shape)}`,
      );
    }
    if (i < lead) {
      if (want < 0)
        throw new Error(
          `expand(): The expanded size of the tensor (${want}) isn't allowed in a leading, non-existing dimension ${i}`,
        );
      outShape[i] = want;
      strides[i] = 0;
      continue;
    }
    const have = x._shape[i - lead]!;
    if (want === -1 || want === have) {
      outShape[i] = have;
      strides[i] = x.strides[i - lead]!;
    } else if (have === 1) {
      outShape[i] = want;
      strides[i] = 0;
    } else {
      throw new Error(
        `expand(): The expanded size of the tensor (${want}) must match the existing size (${have}) at non-singleton dimension ${i}.  Target sizes: ${formatShape(shape)}.  Tensor sizes: ${formatShape(x._shape)}`,
      );
    }
  }
  // A view allocates nothing, so it may have more elements than a tensor's storage can hold
  // (printing and reductions read it through the strides), but no more than doubles count exactly.
  checkNumel("expand", outShape, MAX_VIEW_NUMEL);
  const out = makeView(x, outShape, strides, x.offset);
  const from = x._shape;
  return record(out, "ExpandBackward0", [x], [], (g) => [sumTo(g, from)]);
}

/** Removes size-1 dims (all of them, or only `dim` if it has size 1). */
export function squeeze(x: Tensor, dim?: number): Tensor {
  let keep: number[];
  if (dim === undefined) keep = x._shape.map((_, i) => i).filter((i) => x._shape[i] !== 1);
  else {
    const d = normalizeDim("squeeze", dim, x.dim());
    keep = x._shape.map((_, i) => i).filter((i) => i !== d || x._shape[i] !== 1);
  }
  const out = makeView(
    x,
    keep.map((i) => x._shape[i]!),
    keep.map((i) => x.strides[i]!),
    x.offset,
  );
  const from = x._shape;
  // PyTorch 1.13 names squeeze() SqueezeBackward0 and squeeze(dim) SqueezeBackward1.
  const name = dim === undefined ? "SqueezeBackward0" : "SqueezeBackward1";
  return record(out, name, [x], [], (g) => [g.reshape(from)]);
}

/** Inserts a size-1 dim at `dim` (in `[-ndim-1, ndim]`). */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim("unsqueeze", dim, x.dim() + 1);
  const shape = x._shape.slice();
  const strides = x.strides.slice();
  shape.splice(d, 0, 1);
  strides.splice(d, 0, d < x.dim() ? x.strides[d]! * x._shape[d]! : 1);
  const out = makeView(x, shape, strides, x.offset);
  return record(out, "UnsqueezeBackward0", [x], [], (g) => [g.squeeze(d)]);
}

/**
 * Merges dims `startDim` (default 0) to `endDim` (default -1) into one (`torch.flatten`): a view
 * when the strides allow (see `reshape`), else a copy; a 0-d input gives a 1-element 1-d tensor.
 *
 * @example
 * flatten(zeros([2, 3, 4]), 1).shape; // [2, 12]
 */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  checkTensor("flatten", x);
  if (x.dim() === 0) return reshape(x, [1]);
  const s = normalizeDim("flatten", startDim, x.dim());
  const e = normalizeDim("flatten", endDim, x.dim());
  if (s > e) throw new Error("flatten(): flatten() has invalid args: start_dim cannot come after end_dim");
  if (s === e) return x; // nothing to merge: PyTorch returns the input itself, no node
  const shape = [...x._shape.slice(0, s), numelOf(x._shape.slice(s, e + 1)), ...x._shape.slice(e + 1)];
  return reshape(x, shape);
}

/**
 * Elements `start, start+step, ...` before `end` along `dim`, as a view (`x[..., start:end:step]`).
 * Negative `start`/`end` count from the end and are clamped, as Python slices are.
 */
export function slice(x: Tensor, dim: number, start = 0, end?: number, step = 1): Tensor {
  checkHasDims("slice", x, "slice() cannot be applied to a 0-dim tensor.");
  const d = normalizeDim("slice", dim, x.dim());
  // null, like undefined, is Python's None (`x[:5]`); anything else must be an integer.
  if (start !== null) checkInt("slice", "start", start);
  if (end !== undefined && end !== null) checkInt("slice", "end", end);
  checkInt("slice", "step", step);
  if (step <= 0) throw new Error(`slice(): slice step must be positive, got ${step}`);
  const size = x._shape[d]!;
  const clampIdx = (i: number): number => Math.min(Math.max(i < 0 ? i + size : i, 0), size);
  const s = clampIdx(start ?? 0);
  const e = Math.max(clampIdx(end ?? size), s);
  const len = Math.ceil((e - s) / step);
  const shape = x._shape.slice();
  const strides = x.strides.slice();
  shape[d] = len;
  strides[d] = x.strides[d]! * step;
  const out = makeView(x, shape, strides, x.offset + s * x.strides[d]!);
  const from = x._shape;
  return record(out, "SliceBackward0", [x], [], (g) => {
    const z = Tensor.alloc(from, g.dtype);
    if (isGradEnabled() && g.requiresGrad) {
      // Recorded for createGraph: g added at the sliced positions (index_add's backward selects them).
      const idx = new Int32Array(len);
      for (let k = 0; k < len; k++) idx[k] = s + k * step;
      return [z.indexAdd(d, Tensor.fromArray(idx, [len], "int32"), g)];
    }
    noGrad(() => slice(z, d, s, e, step).copy_(g));
    return [z];
  });
}

/** `length` elements from `start` along `dim`, as a view (`narrow`). */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  checkHasDims("narrow", x, "narrow() cannot be applied to a 0-dim tensor.");
  const d = normalizeDim("narrow", dim, x.dim());
  checkInt("narrow", "start", start);
  checkInt("narrow", "length", length);
  const size = x._shape[d]!;
  const s = start < 0 ? start + size : start;
  if (s < 0 || s > size) {
    throw new Error(`narrow(): start (${start}) is out of bounds for dimension ${d} of size ${size}`);
  }
  if (length < 0 || s + length > size) {
    throw new Error(`narrow(): start (${start}) + length (${length}) exceeds dimension size (${size}).`);
  }
  return slice(x, d, s, s + length);
}

/** The slice at `index` along `dim`, with that dim removed (`select`, Python's `x[i]`). */
export function select(x: Tensor, dim: number, index: number): Tensor {
  checkHasDims("select", x, "select() cannot be applied to a 0-dim tensor.");
  const d = normalizeDim("select", dim, x.dim());
  checkInt("select", "index", index);
  const size = x._shape[d]!;
  if (index < -size || index >= size) {
    throw new Error(
      `select(): index ${index} out of range for tensor of size ${formatShape(x._shape)} at dimension ${d}`,
    );
  }
  const i = index < 0 ? index + size : index;
  return nameGradFn(squeeze(slice(x, d, i, i + 1), d), "SelectBackward0");
}

export function split(x: Tensor, splitSize: number | readonly number[], dim = 0): Tensor[] {
  checkHasDims("split", x, "split expects at least a 1-dimensional tensor");
  const d = normalizeDim("split", dim, x.dim());
  const size = x._shape[d]!;
  const sizes: number[] = [];
  if (typeof splitSize === "number") {
    checkInt("split", "split_size", splitSize);
    if (splitSize < 0) {
      throw new Error(`split(): split expects split_size be non-negative, but got split_size=${splitSize}`);
    }
    if (splitSize === 0 && size !== 0) {
      throw new Error(
        `split(): split_size can only be 0 if dimension size is 0, but got dimension size of ${size}`,
      );
    }
    for (let s = 0; s < size; s += splitSize) sizes.push(Math.min(splitSize, size - s));
    if (size === 0) sizes.push(0);
  } else {
    checkIntList("split_with_sizes", "split_sizes", splitSize);
    const total = splitSize.reduce((a, b) => a + b, 0);
    if (total !== size) {
      throw new Error(
        `split_with_sizes(): expects split_sizes to sum exactly to ${size} (input tensor's size at dimension ${d}), but got split_sizes=${formatShape(splitSize)}`,
      );
    }
    for (const s of splitSize) sizes.push(s);
  }
  // PyTorch records one node with an output per piece; tsgrad one node per piece, named as PyTorch's.
  const name = typeof splitSize === "number" ? "SplitBackward0" : "SplitWithSizesBackward0";
  const out: Tensor[] = [];
  let start = 0;
  for (const s of sizes) {
    out.push(nameGradFn(narrow(x, d, start, s), name));
    start += s;
  }
  return out;
}

export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  checkInt("chunk", "chunks", chunks);
  if (chunks <= 0) throw new Error(`chunk(): chunk expects \`chunks\` to be greater than 0, got: ${chunks}`);
  checkHasDims("chunk", x, "chunk expects at least a 1-dimensional tensor");
  const d = normalizeDim("chunk", dim, x.dim());
  // An empty dim gives `chunks` empty pieces, as in PyTorch (split would give one).
  if (x._shape[d] === 0) return split(x, new Array<number>(chunks).fill(0), d);
  return split(x, Math.ceil(x._shape[d]! / chunks), d);
}

export function unbind(x: Tensor, dim = 0): Tensor[] {
  checkHasDims("unbind", x, noDimsMessage(dim));
  const d = normalizeDim("unbind", dim, x.dim());
  const out: Tensor[] = [];
  for (let i = 0; i < x._shape[d]!; i++) out.push(nameGradFn(select(x, d, i), "UnbindBackward0"));
  return out;
}

// ---- moving, swapping and unflattening dims, the diagonal ----------------------------------------

/** `x` in `other`'s dtype (`x.type_as(other)`): `x` itself when they match, as `to` does. */
export function typeAs(x: Tensor, other: Tensor): Tensor {
  if (!(other instanceof Tensor)) {
    throw new TypeError(`type_as(): argument 'other' must be a Tensor, but got ${typeof other}`);
  }
  return toDtype(x, other.dtype);
}

/**
 * Moves dim(s) `source` to position(s) `destination`, the others keeping their order
 * (`torch.movedim`): a permute, recorded as PermuteBackward0 as in PyTorch.
 *
 * @example
 * zeros([2, 3, 4]).movedim(0, -1).shape // [3, 4, 2]
 */
export function movedim(
  x: Tensor,
  source: number | readonly number[],
  destination: number | readonly number[],
): Tensor {
  checkTensor("movedim", x);
  const src = checkIntOrList("movedim", "source", source);
  const dst = checkIntOrList("movedim", "destination", destination);
  if (src.length !== dst.length) {
    throw new Error(
      `movedim(): Invalid source or destination dims: source (${formatShape(src)} dims) should contain the same number of dims as destination (${formatShape(dst)} dims)`,
    );
  }
  const nd = x.dim();
  const s = src.map((d) => normalizeDim("movedim", d, nd));
  const t = dst.map((d) => normalizeDim("movedim", d, nd));
  if (new Set(s).size !== s.length)
    throw new Error(`movedim(): repeated dim in \`source\` (${formatShape(src)})`);
  if (new Set(t).size !== t.length) {
    throw new Error(`movedim(): repeated dim in \`destination\` (${formatShape(dst)})`);
  }
  const order = new Array<number>(nd).fill(-1);
  s.forEach((d, i) => {
    order[t[i]!] = d;
  });
  const rest = x._shape.map((_, i) => i).filter((i) => !s.includes(i));
  for (let i = 0, k = 0; i < nd; i++) if (order[i] === -1) order[i] = rest[k++]!;
  // A 0-d input has nothing to move (dims 0 and -1 name its one place, as PyTorch allows).
  return nd === 0 ? view(x, [], "movedim", "ViewBackward0") : permute(x, order);
}

/**
 * `transpose` under NumPy's name (`torch.swapaxes`; `swapdims` is the same).
 *
 * @example
 * swapaxes(zeros([2, 3, 4]), 0, 2).shape; // [4, 3, 2]
 */
export function swapaxes(x: Tensor, axis0: number, axis1: number): Tensor {
  checkTensor("swapaxes", x);
  return transpose(x, axis0, axis1);
}

/**
 * Splits dim `dim` into `sizes` (one of them may be -1), as a view whatever the strides
 * (`torch.unflatten`).
 *
 * @example
 * zeros([2, 12]).unflatten(1, [3, -1]).shape // [2, 3, 4]
 */
export function unflatten(x: Tensor, dim: number, sizes: readonly number[]): Tensor {
  checkTensor("unflatten", x);
  checkHasDims("unflatten", x, noDimsMessage(dim));
  const d = normalizeDim("unflatten", dim, x.dim());
  checkIntList("unflatten", "sizes", sizes);
  if (sizes.length === 0) throw new Error("unflatten(): sizes must be non-empty");
  const size = x._shape[d]!;
  const { infer, known } = scanSizes("unflatten", sizes);
  if (infer < 0 ? known !== size : size % known !== 0) {
    throw new Error(
      `unflatten(): Provided sizes ${formatShape(sizes)} don't multiply up to the size of dim ${d} (${size}) in the input tensor`,
    );
  }
  // Splitting one dim is a view whatever the strides (PyTorch's ViewBackward0): the new dims
  // step through the old one's stride, the last fastest.
  const split = sizes.slice();
  if (infer >= 0) split[infer] = size / known;
  const splitStrides = new Array<number>(split.length);
  for (let i = split.length - 1, st = x.strides[d]!; i >= 0; i--) {
    splitStrides[i] = st;
    st *= split[i]!;
  }
  const from = x._shape;
  const out = makeView(
    x,
    [...from.slice(0, d), ...split, ...from.slice(d + 1)],
    [...x.strides.slice(0, d), ...splitStrides, ...x.strides.slice(d + 1)],
    x.offset,
  );
  return record(out, "ViewBackward0", [x], [], (g) => [g.reshape(from)]);
}

/**
 * Every window of `size` elements along `dim`, `step` apart, as a new last dim of a view
 * (`Tensor.unfold(dimension, size, step)`; not `F.unfold`, which is `unfold` in core): shape
 * `[..., (n − size) / step + 1, ..., size]`. A 0-d input is treated as 1-d (`size` 0 or 1).
 *
 * @example
 * arange(5).unfold(0, 2, 2); // tensor([[0, 1], [2, 3]])
 */
export function unfoldWindows(x: Tensor, dim: number, size: number, step: number): Tensor {
  checkTensor("unfold", x);
  const d = normalizeDim("unfold", dim, x.dim());
  checkInt("unfold", "size", size);
  checkInt("unfold", "step", step);
  const n = x.dim() === 0 ? 1 : x._shape[d]!;
  if (size > n)
    throw new Error(`unfold(): maximum size for tensor at dimension ${d} is ${n} but size is ${size}`);
  if (size < 0) throw new Error(`unfold(): size is ${size} but must be >= 0`);
  if (step <= 0) throw new Error(`unfold(): step is ${step} but must be > 0`);
  const stride = x.dim() === 0 ? 1 : x.strides[d]!;
  const windows = Math.floor((n - size) / step) + 1;
  const shape = x.dim() === 0 ? [size] : [...x._shape.slice(0, d), windows, ...x._shape.slice(d + 1), size];
  const strides =
    x.dim() === 0 ? [1] : [...x.strides.slice(0, d), stride * step, ...x.strides.slice(d + 1), stride];
  const out = makeView(x, shape, strides, x.offset);
  const from = x._shape;
  return record(out, "UnfoldBackward0", [x], [], (g) => {
    // Each window element k of window w came from position w·step + k: added back, overlaps summed.
    if (x.dim() === 0) return [g.sum().reshape([])];
    let gi = Tensor.alloc(from, g.dtype);
    const starts = Tensor.fromArray(
      Int32Array.from({ length: windows }, (_, w) => w * step),
      [windows],
      "int32",
    );
    for (let k = 0; k < size; k++) gi = gi.indexAdd(d, starts.add(k), g.select(-1, k));
    return [gi];
  });
}

/**
 * The diagonal of the `dim1`, `dim2` planes as a view, that dim last (`torch.diagonal`); `offset`
 * > 0 is above the main diagonal, < 0 below.
 *
 * @example
 * tensor([[1, 2], [3, 4]]).diagonal() // tensor([1, 4])
 */
export function diagonal(x: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor {
  checkTensor("diagonal", x);
  checkInt("diagonal", "offset", offset);
  const nd = x.dim();
  const a = normalizeDim("diagonal", dim1, nd);
  const b = normalizeDim("diagonal", dim2, nd);
  if (a === b) throw new Error(`diagonal(): diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  const [sa, sb] = [x._shape[a]!, x._shape[b]!];
  const length = Math.max(0, offset >= 0 ? Math.min(sa, sb - offset) : Math.min(sa + offset, sb));
  const start = length === 0 ? 0 : offset >= 0 ? offset * x.strides[b]! : -offset * x.strides[a]!;
  const keep = x._shape.map((_, i) => i).filter((i) => i !== a && i !== b);
  const out = makeView(
    x,
    [...keep.map((i) => x._shape[i]!), length],
    [...keep.map((i) => x.strides[i]!), x.strides[a]! + x.strides[b]!],
    x.offset + start,
  );
  const from = x._shape;
  return record(out, "DiagonalBackward0", [x], [], (g) => {
    const z = Tensor.alloc(from, g.dtype);
    if (isGradEnabled() && g.requiresGrad) {
      // Recorded for createGraph: g added at the diagonal's flat positions (as slice's backward).
      const n = numelOf(from);
      const at = Tensor.fromArray(
        Int32Array.from({ length: n }, (_, i) => i),
        from,
        "int32",
      );
      const idx = diagonal(at, offset, a, b).contiguous().reshape([-1]);
      return [
        z
          .reshape([-1])
          .indexAdd(0, idx, g.reshape([-1]))
          .reshape(from),
      ];
    }
    noGrad(() => diagonal(z, offset, a, b).copy_(g));
    return [z];
  });
}
