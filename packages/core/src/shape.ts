/** Shape, stride and broadcasting helpers shared by every op. */

export type Shape = readonly number[];

export function numelOf(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

/** Row-major (C-contiguous) strides for `shape`. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A shape as PyTorch shows it (`torch.Size`), what `t.shape` and `t.size()` are: an array of
 * numbers (indexable, iterable, `length`, spreads, `toEqual([2, 3])`) that prints as
 * `torch.Size([3, 28, 28])` in `console.log`, `toString()` and template strings, with `numel()`
 * as in PyTorch. `t.shape` is frozen, `t.size()` a fresh copy. Array
 * methods on a Size (`slice`, `map`, ...) give plain arrays, where slicing a `torch.Size` gives a
 * `torch.Size`. (Library code never reads a Size: tensors keep their shape as a plain array too,
 * since V8 runs `slice`, spreads and `map` on an Array subclass far slower.)
 *
 * @example
 * const x = zeros(3, 28, 28);
 * `${x.shape}`         // "torch.Size([3, 28, 28])"
 * x.size()[0]          // 3
 * x.size().numel()     // 2352
 * new Size([2, 3])     // torch.Size([2, 3])
 */
export class Size extends Array<number> {
  /** The name messages use for this class; bundlers may rename the class itself. */
  static readonly typeName: string = "Size";
  /** Derived arrays (`slice`, `map`, `filter`, `concat`) are plain arrays, so no op makes a Size by accident. */
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  /** A Size of `dims` (`torch.Size([2, 3])`); `new Size()` is `torch.Size([])`. */
  constructor(dims: Shape = []) {
    super();
    for (let i = 0; i < dims.length; i++) this.push(dims[i]!);
  }

  /** The number of elements a tensor of this shape has (`torch.Size.numel()`). */
  numel(): number {
    return numelOf(this);
  }

  /** `torch.Size([3, 28, 28])`, as PyTorch prints it. */
  override toString(): string {
    return `torch.Size([${this.join(", ")}])`;
  }

  /** `console.log(t.shape)` in Node prints what `print(t.shape)` prints in Python. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/**
 * A shape as error messages print it.
 *
 * @example
 * formatShape([2, 3]); // "[2, 3]"
 */
export function formatShape(shape: Shape): string {
  return `[${shape.join(", ")}]`;
}

/**
 * Wraps a possibly negative `dim` into `[0, ndim)`, throwing PyTorch's message otherwise.
 * A 0-d tensor accepts dims -1 and 0, as in PyTorch.
 *
 * @example
 * normalizeDim("sum", -1, 3); // 2
 */
export function normalizeDim(op: string, dim: number, ndim: number): number {
  const n = Math.max(ndim, 1);
  checkInt(op, "dim", dim);
  if (dim < -n || dim >= n) {
    throw new Error(
      `${op}(): Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`,
    );
  }
  return dim < 0 ? dim + n : dim;
}

/** Normalizes a list of dims, rejecting repeats as PyTorch does. Returns them sorted. */
export function normalizeDims(op: string, dims: readonly number[], ndim: number): number[] {
  const out = dims.map((d) => normalizeDim(op, d, ndim));
  const seen = new Set<number>();
  for (const d of out) {
    if (seen.has(d)) throw new Error(`${op}(): dim ${d} appears multiple times in the list of dims`);
    seen.add(d);
  }
  return out.sort((a, b) => a - b);
}

/**
 * The broadcast shape of two shapes, or PyTorch's error naming the op and the first mismatch.
 *
 * @example
 * broadcastShapes("add", [2, 1], [3]); // [2, 3]
 */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)]!;
    const db = i < n - b.length ? 1 : b[i - (n - b.length)]!;
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else {
      throw new Error(
        `${op}(): The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}` +
          ` (shapes ${formatShape(a)} and ${formatShape(b)})`,
      );
    }
  }
  return out;
}

/**
 * Strides that read a tensor of `shape`/`strides` as if broadcast to `target`
 * (stride 0 along broadcast dims). The caller has checked that the shapes broadcast.
 */
export function broadcastStrides(shape: Shape, strides: Shape, target: Shape): number[] {
  const out = new Array<number>(target.length).fill(0);
  const lead = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) out[lead + i] = shape[i] === 1 ? 0 : strides[i]!;
  return out;
}

/**
 * The dims to sum a gradient of shape `from` over so that it gets back to `to`, the shape of an
 * input that was broadcast: the leading dims `from` has in excess, and the dims where `to` is 1.
 * This is the one place where broadcasting is undone.
 */
export function broadcastReductionDims(from: Shape, to: Shape): number[] {
  const lead = from.length - to.length;
  const dims: number[] = [];
  for (let i = 0; i < from.length; i++) {
    if (i < lead) dims.push(i);
    else if (to[i - lead] === 1 && from[i] !== 1) dims.push(i);
  }
  return dims;
}

/** True when `shape`/`strides` describe a row-major layout with no gaps. */
export function isContiguous(shape: Shape, strides: Shape): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const s = shape[i]!;
    if (s !== 1 && strides[i] !== expected) return false;
    expected *= s;
  }
  return true;
}

/**
 * The strides that let a tensor of `shape`/`strides` be seen as `newShape` without a copy, or null
 * when no strides can (PyTorch's `computeStride`, the rule behind `view` and `reshape`). Dims are
 * taken in chunks that are contiguous among themselves (each dim's stride the next one's times its
 * size); a view may regroup the sizes within a chunk but not across two, so `t().view(...)` works only
 * where it keeps the transposed dims apart, and a slice or split along the last dim still views:
 * `[3, 8, 16]` with strides `[384, 48, 1]` (a split of the last dim) views as `[3, 8, 4, 4]` with
 * strides `[384, 48, 4, 1]`, while a transposed `[3, 2]` (strides `[1, 3]`) has no view as `[6]`.
 */
export function viewStrides(shape: Shape, strides: Shape, newShape: Shape): number[] | null {
  const out = new Array<number>(newShape.length);
  if (numelOf(shape) === 0 || shape.length === 0) {
    if (numelOf(shape) === 0 && shapesEqual(shape, newShape)) return strides.slice();
    // Contiguous strides, a 0 size counting as 1 (PyTorch's choice for empty views).
    for (let d = newShape.length - 1, st = 1; d >= 0; d--) {
      out[d] = st;
      st *= Math.max(newShape[d]!, 1);
    }
    return out;
  }
  let viewD = newShape.length - 1;
  let chunkBase = strides[strides.length - 1]!;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorNumel *= shape[d]!;
    const chunkEnds = d === 0 || (shape[d - 1] !== 1 && strides[d - 1] !== tensorNumel * chunkBase);
    if (!chunkEnds) continue;
    while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
      out[viewD] = viewNumel * chunkBase;
      viewNumel *= newShape[viewD]!;
      viewD--;
    }
    if (viewNumel !== tensorNumel) return null;
    if (d > 0) {
      chunkBase = strides[d - 1]!;
      tensorNumel = 1;
      viewNumel = 1;
    }
  }
  return viewD === -1 ? out : null;
}

/**
 * Checks the sizes of a tensor to be created: integers (a TypeError naming `op` and the argument
 * otherwise), non-negative (PyTorch's error), and at most {@link MAX_NUMEL} elements in all.
 */
export function checkShapeArg(op: string, shape: Shape, name = "size"): void {
  checkIntList(op, name, shape);
  for (const s of shape) {
    if (s < 0) {
      throw new Error(`${op}(): Trying to create tensor with negative dimension ${s}: ${formatShape(shape)}`);
    }
  }
  checkNumel(op, shape);
}

// ---------------------------------------------------------------------------------------------
// Limits: how many elements a tensor may have
// ---------------------------------------------------------------------------------------------

/**
 * The most elements a tensor's storage may hold: 2^31 − 1, so that int32 (the index dtype) can
 * address every element. V8 (Node 20) itself allows typed arrays of up to 2^32 elements, so every
 * array below the limit can be created, memory permitting.
 */
export const MAX_NUMEL = 2 ** 31 - 1;

/**
 * The most elements a view may describe (`expand` of a size-1 dim allocates nothing, so
 * `ones([1, 1]).expand(1e5, 1e5)` is fine): 2^53 − 1, where element counts and offsets are still
 * exact doubles. Materialising such a view (`contiguous()`, an elementwise op) meets {@link MAX_NUMEL}.
 */
export const MAX_VIEW_NUMEL = Number.MAX_SAFE_INTEGER;

/**
 * The number of elements of `shape`, or the one error for a tensor that would be too big, naming
 * `op`, the shape and the limit. Every path that allocates a tensor goes through here (directly,
 * or through `allocate`), before allocating anything.
 */
export function checkNumel(op: string, shape: Shape, limit: number = MAX_NUMEL): number {
  const n = numelOf(shape);
  if (!(n <= limit)) {
    const what = limit === MAX_VIEW_NUMEL ? " for a view" : "";
    throw new Error(
      `${op}(): a tensor of shape ${formatShape(shape)} would have ${n} elements, more than tsgrad's limit of ${limit}${what}`,
    );
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Integer arguments: sizes, dims, positions, lengths, counts
// ---------------------------------------------------------------------------------------------

/** How a wrong argument is shown in a message: the number itself, else its kind. */
function describeArg(v: unknown): string {
  if (typeof v === "number") return String(v);
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/**
 * `value` as an integer argument `name` of `op` (a size, dim, position, length or count): a
 * TypeError naming both unless it is a safe integer. NaN, ±Infinity and fractions are refused
 * here, at the call, instead of flowing into shapes and loops; so are whole numbers beyond
 * ±(2^53 − 1) (`1e300`), which doubles no longer count exactly. The range is the caller's check.
 */
export function checkInt(op: string, name: string, value: unknown): number {
  if (typeof value === "number" && Number.isSafeInteger(value)) return value;
  throw new TypeError(
    `${op}(): argument '${name}' must be an integer, but got ${describeArg(value)}${beyond(value)}${keywordHint(op, name, value)}`,
  );
}

/**
 * What to add to the message when `value` is PyTorch's keyword written as an options object
 * (`x.sum({ dim: 1 })` for `x.sum(dim=1)`): that `name` is a positional argument here. Else "".
 */
export function keywordHint(op: string, name: string, value: unknown): string {
  if (typeof value !== "object" || value === null || Array.isArray(value) || ArrayBuffer.isView(value))
    return "";
  if (!(name in value)) {
    // Other keywords in the place of `name` (`x.var({ unbiased: false })`): they go after it.
    if (Object.getPrototypeOf(value) !== Object.prototype) return "";
    return ` (an options object cannot stand in the place of ${name}: give ${name} first, then the options)`;
  }
  const v = (value as Record<string, unknown>)[name];
  const given = Array.isArray(v) ? `[${v.join(", ")}]` : (JSON.stringify(v) ?? "undefined");
  return ` (${name} is a positional argument here: write x.${op}(${given}, ...) or ${op}(x, ${given}, ...), not { ${name}: ${given} })`;
}

/** Why a whole number is still refused: it is too big for a double to count exactly. */
function beyond(v: unknown): string {
  return typeof v === "number" && Number.isInteger(v) ? `, beyond Number.MAX_SAFE_INTEGER` : "";
}

/**
 * An argument PyTorch types `int[]` and also takes as one int (`dim`, `shifts`, `source`): the
 * list it stands for (`2` is `[2]`), each element checked by {@link checkInt}; a TypeError naming
 * `op` and `name` for anything else (an options object gets {@link keywordHint}'s note).
 */
export function checkIntOrList(op: string, name: string, value: unknown): number[] {
  if (typeof value === "number") return [checkInt(op, name, value)];
  if (Array.isArray(value)) return checkIntList(op, name, value);
  throw new TypeError(
    `${op}(): argument '${name}' must be an integer or a list of integers, but got ${describeArg(value)}${keywordHint(op, name, value)}`,
  );
}

/** {@link checkInt} for a list of integers (a shape, a list of dims or repeats). */
export function checkIntList(op: string, name: string, values: unknown): number[] {
  if (!Array.isArray(values)) {
    throw new TypeError(
      `${op}(): argument '${name}' must be a list of integers, but got ${describeArg(values)}`,
    );
  }
  const bad = values.findIndex((v) => !Number.isSafeInteger(v));
  if (bad < 0) return values as number[];
  const v = values[bad];
  const why = beyond(v) === "" ? "" : ` (${describeArg(v)} is beyond Number.MAX_SAFE_INTEGER)`;
  const got =
    values.length <= 16
      ? `[${values.map(describeArg).join(", ")}]${why}`
      : `a list of ${values.length} with ${describeArg(v)} at index ${bad}${why}`;
  throw new TypeError(`${op}(): argument '${name}' must be a list of integers, but got ${got}`);
}
