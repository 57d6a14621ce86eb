/**
 * Matrix products in all of `torch.matmul`'s cases. One primitive, a batched product with
 * broadcast batch dims, carries the backward rule; the 1-D cases add and remove a dim around it
 * (recorded views), so their gradients come for free.
 */
import { noGrad } from "../autograd/grad-mode.js";
import { nameGradFn, record } from "../autograd/node.js";
import { allocate } from "../dtype.js";
import { kernels } from "../kernels/index.js";
import { carryDeltas, nextIndex, startIndex } from "../kernels/walk.js";
import { broadcastShapes, checkNumel, formatShape, numelOf, type Shape } from "../shape.js";
import { checkOptions, type OptionsSpec, positionalOrKeywords } from "../options.js";
import { otherCopyNote } from "../copies.js";
import { Tensor } from "../tensor.js";
import { resultType, where } from "./elementwise.js";
import { sumTo } from "./reduce.js";

/** `names`: PyTorch's names of the two arguments (mm's are self and mat2), for the type error. */
function checkOperands(op: string, a: Tensor, b: Tensor, names = ["input", "other"]): void {
  [a, b].forEach((t: unknown, i) => {
    if (!(t instanceof Tensor)) {
      throw new TypeError(
        `${op}(): argument '${names[i]}' (position ${i + 1}) must be a Tensor, but got ${t === null ? "null" : Array.isArray(t) ? "array" : typeof t}${otherCopyNote(t)}`,
      );
    }
  });
  if (a.dtype === "bool" || b.dtype === "bool") throw new Error(`${op}(): not implemented for 'Bool'`);
  if (a.dtype !== b.dtype) {
    throw new Error(
      `${op}(): expected both operands to have the same dtype, but got ${a.dtype} and ${b.dtype}`,
    );
  }
}

/**
 * `[..., m, k] @ [..., k, n]` with broadcast batch dims; both operands at least 2-D. `shape`, of the
 * same size, is the result's shape when a vector operand's dim is dropped again: the result is
 * then a tensor of that shape, not a view (as PyTorch's, so in-place ops on it work).
 */
function batchedMatmul(op: string, a: Tensor, b: Tensor, node = "BmmBackward0", shape?: Shape): Tensor {
  const m = a._shape[a.dim() - 2]!;
  const k = a._shape[a.dim() - 1]!;
  const k2 = b._shape[b.dim() - 2]!;
  const n = b._shape[b.dim() - 1]!;
  if (k !== k2) {
    const show = (t: Tensor) => (t.dim() === 2 ? `${t._shape[0]}x${t._shape[1]}` : formatShape(t._shape));
    throw new Error(`${op}(): mat1 and mat2 shapes cannot be multiplied (${show(a)} and ${show(b)})`);
  }
  const [ab, bb] = [a._shape.slice(0, -2), b._shape.slice(0, -2)];
  for (let i = 1; i <= Math.min(ab.length, bb.length); i++) {
    const [x, y] = [ab[ab.length - i]!, bb[bb.length - i]!];
    if (x !== y && x !== 1 && y !== 1) {
      throw new Error(
        `${op}(): batch dimensions do not broadcast: size ${x} vs ${y} at batch dimension -${i} (shapes ${formatShape(a._shape)} and ${formatShape(b._shape)})`,
      );
    }
  }
  const batch = broadcastShapes(op, ab, bb);
  const nb = numelOf(batch);
  const dtype = resultType(a, b);
  const outShape = [...batch, m, n];
  const out = allocate(dtype, checkNumel(op, outShape));
  const aE = a.expand([...batch, m, k]);
  const bE = b.expand([...batch, k, n]);
  const nd = batch.length;
  const bi = startIndex(nd);
  const da = carryDeltas(batch, aE.strides, nd);
  const db = carryDeltas(batch, bE.strides, nd);
  let aOff = aE.offset;
  let bOff = bE.offset;
  const [aRs, aCs] = [aE.strides[nd]!, aE.strides[nd + 1]!];
  const [bRs, bCs] = [bE.strides[nd]!, bE.strides[nd + 1]!];
  for (let p = 0; p < nb; p++) {
    kernels.matmul(m, k, n, a.storage.data, aOff, aRs, aCs, b.storage.data, bOff, bRs, bCs, out, p * m * n);
    const d = nextIndex(bi, batch, nd);
    aOff += da[d]!;
    bOff += db[d]!;
  }
  const result = Tensor.fromArray(out, shape ?? outShape, dtype);
  return record(result, node, [a, b], [a, b], (gOut, [as, bs], needs) => {
    const g = shape === undefined ? gOut : gOut.reshape(outShape);
    return [
      needs[0] ? sumTo(batchedMatmul(op, g, bs!.transpose(-1, -2), node), as!._shape) : null,
      needs[1] ? sumTo(batchedMatmul(op, as!.transpose(-1, -2), g, node), bs!._shape) : null,
    ];
  });
}

/**
 * Matrix product with PyTorch's rules (`torch.matmul`): 1-D·1-D is a dot product, 2-D·2-D a
 * matrix product, a 1-D operand is treated as a row (left) or column (right) vector and that dim
 * is removed again, and leading batch dims broadcast.
 *
 * @example
 * matmul(randn([10, 3, 4]), randn([4, 5])).shape // [10, 3, 5]
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  checkOperands("matmul", a, b);
  if (a.dim() === 0 || b.dim() === 0) {
    throw new Error(
      `matmul(): both arguments to matmul need to be at least 1D, but they are ${a.dim()}D and ${b.dim()}D`,
    );
  }
  if (a.dim() === 1 && b.dim() === 1) {
    // Checked here so that the error names matmul, the op the user called.
    if (a._shape[0] !== b._shape[0]) {
      throw new Error(
        `matmul(): inconsistent tensor size, expected tensor [${a._shape[0]}] and src [${b._shape[0]}] to have the same number of elements, but got ${a._shape[0]} and ${b._shape[0]} elements respectively`,
      );
    }
    return dot(a, b);
  }
  const out =
    a.dim() === 1
      ? batchedMatmul("matmul", a.unsqueeze(0), b, undefined, [
          ...b._shape.slice(0, -2),
          b._shape[b.dim() - 1]!,
        ])
      : b.dim() === 1
        ? batchedMatmul("matmul", a, b.unsqueeze(-1), undefined, a._shape.slice(0, -1))
        : batchedMatmul("matmul", a, b);
  return nameGradFn(out, matmulNodeName(a.dim(), b.dim()));
}

/**
 * The node PyTorch 1.13's matmul ends in, by operand ranks (its matmul is a composite: mv, mm, a
 * folded mm or bmm and then a view); tsgrad computes every case in one batched product.
 */
function matmulNodeName(da: number, db: number): string {
  if (da === 2 && db === 2) return "MmBackward0";
  if (da === 2 && db === 1) return "MvBackward0";
  if (da === 1 && db === 2) return "SqueezeBackward3";
  if (da === 2) return "CloneBackward0"; // a matrix times a batch: 1.13 expands and clones it
  return "UnsafeViewBackward0";
}

/**
 * 2-D matrix product (`torch.mm`).
 *
 * @example
 * mm(tensor([[1, 2]]), tensor([[3], [4]])); // tensor([[11]])
 */
export function mm(a: Tensor, b: Tensor): Tensor {
  checkOperands("mm", a, b, ["self", "mat2"]);
  if (a.dim() !== 2) throw new Error(`mm(): self must be a matrix, but got a ${a.dim()}-D tensor`);
  if (b.dim() !== 2) throw new Error(`mm(): mat2 must be a matrix, but got a ${b.dim()}-D tensor`);
  return batchedMatmul("mm", a, b, "MmBackward0");
}

/**
 * Batched 3-D matrix product without broadcasting (`torch.bmm`).
 *
 * @example
 * bmm(randn([4, 2, 3]), randn([4, 3, 5])).shape; // [4, 2, 5]
 */
export function bmm(a: Tensor, b: Tensor): Tensor {
  checkOperands("bmm", a, b, ["self", "batch2"]);
  if (a.dim() !== 3) throw new Error(`bmm(): batch1 must be a 3D tensor, but got ${a.dim()}-D`);
  if (b.dim() !== 3) throw new Error(`bmm(): batch2 must be a 3D tensor, but got ${b.dim()}-D`);
  if (a._shape[0] !== b._shape[0]) {
    throw new Error(
      `bmm(): batch1 and batch2 must have same number of batches, got ${a._shape[0]} and ${b._shape[0]}`,
    );
  }
  return batchedMatmul("bmm", a, b);
}

/**
 * Dot product of two 1-D tensors (a 0-d tensor).
 *
 * @example
 * dot(tensor([1, 2]), tensor([3, 4])); // tensor(11)
 */
export function dot(a: Tensor, b: Tensor): Tensor {
  checkOperands("dot", a, b);
  if (a.dim() !== 1 || b.dim() !== 1) {
    throw new Error(`dot(): 1D tensors expected, but got ${a.dim()}D and ${b.dim()}D tensors`);
  }
  if (a._shape[0] !== b._shape[0]) {
    throw new Error(
      `dot(): inconsistent tensor size, expected tensor [${a._shape[0]}] and src [${b._shape[0]}] to have the same number of elements, but got ${a._shape[0]} and ${b._shape[0]} elements respectively`,
    );
  }
  return batchedMatmul("dot", a.unsqueeze(0), b.unsqueeze(-1), "DotBackward0", []);
}

/**
 * Matrix × vector (`torch.mv`): `[n, m] @ [m]` is `[n]`.
 *
 * @example
 * mv(ones([2, 3]), tensor([1, 2, 3]).float()); // tensor([6., 6.])
 */
export function mv(a: Tensor, b: Tensor): Tensor {
  checkOperands("mv", a, b, ["input", "vec"]);
  if (a.dim() !== 2 || b.dim() !== 1) {
    throw new Error(`mv(): vector + matrix @ vector expected, got 1, ${a.dim()}, ${b.dim()}`);
  }
  if (a._shape[1] !== b._shape[0]) {
    throw new Error(`mv(): size mismatch, got ${a._shape[0]}, ${a._shape[0]}x${a._shape[1]},${b._shape[0]}`);
  }
  return batchedMatmul("mv", a, b.unsqueeze(-1), "MvBackward0", [a._shape[0]!]);
}

// ---- outer, addmm, baddbmm, cdist, einsum -------------------------------------------------------

/** Checks that `x` is a tensor of `nd` dims, in PyTorch's words for `op`'s `name` argument. */
function checkDims(op: string, name: string, x: Tensor, nd: number, what: string): void {
  if (!(x instanceof Tensor)) throw new TypeError(`${op}(): argument '${name}' must be a Tensor`);
  if (x.dim() !== nd)
    throw new Error(
      `${op}(): Expected ${what} argument ${name}, but got ${x.dim()}-D (shape ${formatShape(x._shape)})`,
    );
}

/**
 * The outer product of two 1-D tensors (`torch.outer`): `out[i][j] = a[i] * b[j]`.
 *
 * PyTorch: `torch.outer(a, b)`.
 * @example outer(tensor([1, 2]), tensor([3, 4, 5])) // [[3, 4, 5], [6, 8, 10]]
 */
export function outer(a: Tensor, b: Tensor): Tensor {
  checkDims("outer", "self", a, 1, "1-D");
  checkDims("outer", "vec2", b, 1, "1-D");
  return a.reshape([a.numel(), 1]).mul(b);
}

/** `addmm` / `baddbmm`'s keyword options. */
export interface AddmmOptions {
  /** The factor of `input` (default 1; with 0, `input` is ignored, NaN included, as in PyTorch). */
  beta?: number;
  /** The factor of the product (default 1). */
  alpha?: number;
}
const ADDMM_OPTIONS: OptionsSpec<AddmmOptions> = { beta: "number", alpha: "number" };

/** The products `addProduct` adds: the op, its node's name, the product and the transpose of its operands. */
interface Product {
  op: string;
  name: string;
  prod: (a: Tensor, b: Tensor) => Tensor;
  transposeLast: (t: Tensor) => Tensor;
}
const MM: Product = {
  op: "addmm",
  name: "AddmmBackward0",
  prod: (a, b) => mm(a, b),
  transposeLast: (t) => t.transpose(0, 1),
};
const BMM: Product = {
  op: "baddbmm",
  name: "BaddbmmBackward0",
  prod: (a, b) => bmm(a, b),
  transposeLast: (t) => t.transpose(1, 2),
};

/** `beta·input + alpha·prod(m1, m2)`, recorded as one node named `name`. */
function addProduct(
  { op, name, prod, transposeLast }: Product,
  input: Tensor,
  m1: Tensor,
  m2: Tensor,
  options: AddmmOptions | undefined,
): Tensor {
  const { beta = 1, alpha = 1 } = checkOptions(op, options, ADDMM_OPTIONS, 4);
  if (!(input instanceof Tensor)) throw new TypeError(`${op}(): argument 'input' must be a Tensor`);
  const result = noGrad(() => {
    const p = renamed(op, () => prod(m1, m2));
    const scaled = alpha === 1 ? p : p.mul(alpha);
    const shape = broadcastShapes(op, input._shape, p._shape);
    if (shape.length !== p._shape.length || shape.some((s, i) => s !== p._shape[i])) {
      throw new Error(
        `${op}(): input of shape ${formatShape(input._shape)} does not broadcast to the product's shape ${formatShape(p._shape)}`,
      );
    }
    return beta === 0 ? scaled : scaled.add(input, beta);
  });
  const inShape = input._shape;
  return record(result, name, [input, m1, m2], [m1, m2], (g, [a, b], needs) => {
    const ga = alpha === 1 ? g : g.mul(alpha);
    return [
      needs[0]
        ? beta === 0
          ? sumTo(g.mul(0), inShape) // recorded zeros (createGraph checks that g's graph goes on)
          : sumTo(beta === 1 ? g : g.mul(beta), inShape)
        : null,
      needs[1] ? prod(ga, transposeLast(b!)) : null,
      needs[2] ? prod(transposeLast(a!), ga) : null,
    ];
  });
}

/** `f()`, with an error of the product it runs (`mm(): ...`, `bmm(): ...`) reworded as `op`'s. */
function renamed<T>(op: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    const m = e instanceof Error ? /^b?mm\(\): (.*)$/s.exec(e.message) : null;
    if (m === null) throw e;
    throw new Error(`${op}(): ${m[1]}`);
  }
}

/**
 * `beta·input + alpha·(m1 @ m2)` for matrices (`torch.addmm`, what `nn.Linear` computes); `input`
 * broadcasts to the product's shape.
 *
 * PyTorch: `torch.addmm(bias, x, w.t(), beta=1, alpha=1)`.
 * @example addmm(zeros([2, 2]), ones([2, 3]), ones([3, 2]), { alpha: 0.5 })
 */
export function addmm(input: Tensor, m1: Tensor, m2: Tensor, options?: AddmmOptions): Tensor {
  return addProduct(MM, input, m1, m2, options);
}

/**
 * `beta·input + alpha·(b1 @ b2)` for batches of matrices (`torch.baddbmm`, attention's
 * `scores = baddbmm(mask, q, k^T)`); `input` broadcasts to the product's shape.
 *
 * PyTorch: `torch.baddbmm(input, b1, b2, beta=0.5, alpha=2)`.
 * @example
 * const q = randn([4, 2, 8]);
 * const k = randn([4, 2, 8]);
 * baddbmm(zeros([4, 2, 2]), q, k.transpose(1, 2), { alpha: 0.125 }).shape; // [4, 2, 2]
 */
export function baddbmm(input: Tensor, b1: Tensor, b2: Tensor, options?: AddmmOptions): Tensor {
  return addProduct(BMM, input, b1, b2, options);
}

const CDIST_OPTIONS: OptionsSpec<{ p?: number }> = { p: "number" };

/**
 * Pairwise p-norm distances between the rows of `x1` `[..., P, M]` and of `x2` `[..., R, M]`
 * (`torch.cdist`): shape `[..., P, R]`, the batch dims broadcast. `p` is 2 (Euclidean, the
 * default) or 1; the gradient at a zero distance is 0, as PyTorch's. tsgrad computes the exact
 * differences for every `p` (PyTorch's `p = 2` for more than 25 rows uses a matmul form that
 * loses precision for close points).
 *
 * PyTorch: `torch.cdist(x1, x2, p=1)`; `p` positionally or as `{ p }`.
 * @example
 * cdist(tensor([[0, 0], [3, 4]], { dtype: "float32" }), zeros([1, 2])); // [[0], [5]]
 * cdist(tensor([[0, 0], [3, 4]], { dtype: "float32" }), zeros([1, 2]), { p: 1 }); // [[0], [7]]
 */
export function cdist(x1: Tensor, x2: Tensor, pArg: number | { p?: number } = 2): Tensor {
  for (const [name, x] of [
    ["x1", x1],
    ["x2", x2],
  ] as const) {
    if (!(x instanceof Tensor)) throw new TypeError(`cdist(): argument '${name}' must be a Tensor`);
    if (x.dim() < 2)
      throw new Error(
        `cdist(): cdist only supports at least 2D tensors, ${name.toUpperCase()} got: ${x.dim()}D`,
      );
    if (x.dtype !== "float32" && x.dtype !== "float64") {
      throw new Error(`cdist(): only supports floating-point dtypes, ${name.toUpperCase()} got: ${x.dtype}`);
    }
  }
  if (x1._shape.at(-1) !== x2._shape.at(-1)) {
    throw new Error(
      `cdist(): X1 and X2 must have the same number of columns. X1: ${x1._shape.at(-1)} X2: ${x2._shape.at(-1)}`,
    );
  }
  const { p = 2 } = positionalOrKeywords("cdist", CDIST_OPTIONS, [pArg], 3);
  if (p !== 1 && p !== 2) throw new Error(`cdist(): tsgrad supports p = 1 and p = 2 only (got ${p})`);
  const diffOf = (a: Tensor, b: Tensor) => a.unsqueeze(-2).sub(b.unsqueeze(-3));
  const result = noGrad(() => {
    const d = diffOf(x1, x2);
    return p === 1 ? d.abs().sum(-1) : d.square().sum(-1).sqrt();
  });
  const [s1, s2] = [x1._shape, x2._shape];
  return record(result, "CdistBackward0", [x1, x2], [x1, x2, result], (g, [a, b, dist], needs) => {
    // d/dx1 of |x1_p − x2_r|_p summed with g over r; x2's is the negative summed over p.
    const w =
      p === 1
        ? diffOf(a!, b!).sign().mul(g.unsqueeze(-1))
        : diffOf(a!, b!).mul(where(dist!.eq(0), 0, g.div(dist!)).unsqueeze(-1));
    return [needs[0] ? sumTo(w.sum(-2), s1) : null, needs[1] ? sumTo(w.sum(-3).neg(), s2) : null];
  });
}

/**
 * Einstein summation (`torch.einsum`) over one or more operands, written with permute, reshape,
 * sum and bmm (so its gradients are theirs): `"bij,bjk->bik"`, `"ij->ji"`, `"i,i->"`,
 * `"ij,j->i"`, `"bhqd,bhkd->bhqk"`, `"i,j->ij"`; without `->` the output is the labels seen
 * once, in alphabetical order, as in PyTorch. Size-1 dims broadcast. Three or more operands are
 * contracted left to right. Not supported (an error): `...` and a label repeated within one
 * operand (a diagonal, `"ii->i"`).
 *
 * PyTorch: `torch.einsum("bij,bjk->bik", a, b)`.
 * @example
 * const w = tensor([[1, 2], [3, 4]]);
 * const v = tensor([1, 1]);
 * einsum("ij,j->i", w, v); // [3, 7]
 */
export function einsum(equation: string, ...operands: Tensor[]): Tensor {
  if (typeof equation !== "string") throw new TypeError("einsum(): argument 'equation' must be a string");
  const eq = equation.replace(/\s+/g, "");
  if (eq.includes("."))
    throw new Error(`einsum(): tsgrad does not support '...' in the equation (got "${equation}")`);
  const arrow = eq.indexOf("->");
  const lhs = arrow < 0 ? eq : eq.slice(0, arrow);
  const terms = lhs.split(",");
  for (const t of [...terms, arrow < 0 ? "" : eq.slice(arrow + 2)]) {
    if (!/^[a-zA-Z]*$/.test(t))
      throw new Error(`einsum(): invalid subscript given in "${equation}": subscripts must be letters`);
  }
  if (terms.length > operands.length)
    throw new Error("einsum(): fewer operands were provided than specified in the equation");
  if (terms.length < operands.length)
    throw new Error("einsum(): more operands were provided than specified in the equation");
  const count = new Map<string, number>();
  for (const t of terms) for (const c of t) count.set(c, (count.get(c) ?? 0) + 1);
  const out =
    arrow < 0
      ? [...count.keys()]
          .filter((c) => count.get(c) === 1)
          .sort()
          .join("")
      : eq.slice(arrow + 2);
  for (const c of out) {
    if (!count.has(c))
      throw new Error(
        `einsum(): output subscript ${c} does not appear in the equation for any input operand`,
      );
    if (out.indexOf(c) !== out.lastIndexOf(c))
      throw new Error(`einsum(): output subscript ${c} appears more than once in the output`);
  }
  const sizes = new Map<string, number>();
  terms.forEach((t, k) => {
    const x = operands[k]!;
    if (!(x instanceof Tensor)) throw new TypeError(`einsum(): operand ${k} must be a Tensor`);
    if (t.length !== x.dim()) {
      throw new Error(
        `einsum(): the number of subscripts in the equation (${t.length}) does not match the number of dimensions (${x.dim()}) for operand ${k}`,
      );
    }
    for (let i = 0; i < t.length; i++) {
      const c = t[i]!;
      if (t.indexOf(c) !== i)
        throw new Error(
          `einsum(): tsgrad does not support a subscript repeated within one operand (${c} in operand ${k})`,
        );
      const s = x._shape[i]!;
      const seen = sizes.get(c);
      if (seen !== undefined && seen !== s && seen !== 1 && s !== 1) {
        throw new Error(
          `einsum(): subscript ${c} has size ${s} for operand ${k} which does not broadcast with previously seen size ${seen}`,
        );
      }
      if (seen === undefined || seen === 1) sizes.set(c, s);
    }
  });
  let acc = operands[0]!;
  let accLabels = terms[0]!;
  for (let k = 1; k < terms.length; k++) {
    const later = terms.slice(k + 1).join("") + out;
    [acc, accLabels] = contractPair(acc, accLabels, operands[k]!, terms[k]!, later, sizes);
  }
  // Sum what the output does not keep, then put the rest in the output's order.
  const drop = [...accLabels].map((c, i) => (out.includes(c) ? -1 : i)).filter((i) => i >= 0);
  if (drop.length > 0) {
    acc = acc.sum(drop);
    accLabels = [...accLabels].filter((c) => out.includes(c)).join("");
  }
  acc = expandTo(acc, accLabels, sizes);
  const perm = [...out].map((c) => accLabels.indexOf(c));
  // A lone operand is returned as a view (as PyTorch's), never as the input object itself.
  return acc === operands[0] || perm.some((p, i) => p !== i) ? acc.permute(perm) : acc;
}

/** `t` (labelled `labels`) with its size-1 dims expanded to the labels' sizes. */
function expandTo(t: Tensor, labels: string, sizes: Map<string, number>): Tensor {
  const shape = [...labels].map((c) => sizes.get(c)!);
  return t._shape.every((s, i) => s === shape[i]) ? t : t.expand(shape);
}

/** Contracts `a` and `b` over the labels they share that `keep` does not need, with one bmm. */
function contractPair(
  a: Tensor,
  la: string,
  b: Tensor,
  lb: string,
  keep: string,
  sizes: Map<string, number>,
): [Tensor, string] {
  // Labels of one operand that nothing else needs are summed away first.
  const only = (t: Tensor, l: string, other: string): [Tensor, string] => {
    const dims = [...l].map((c, i) => (other.includes(c) || keep.includes(c) ? -1 : i)).filter((i) => i >= 0);
    if (dims.length === 0) return [t, l];
    return [t.sum(dims), [...l].filter((c) => other.includes(c) || keep.includes(c)).join("")];
  };
  [a, la] = only(a, la, lb);
  [b, lb] = only(b, lb, la);
  a = expandTo(a, la, sizes);
  b = expandTo(b, lb, sizes);
  const batch = [...la].filter((c) => lb.includes(c) && keep.includes(c));
  const contracted = [...la].filter((c) => lb.includes(c) && !keep.includes(c));
  const left = [...la].filter((c) => !lb.includes(c));
  const right = [...lb].filter((c) => !la.includes(c));
  const size = (cs: string[]) => cs.reduce((n, c) => n * sizes.get(c)!, 1);
  const pa = a.permute([...batch, ...left, ...contracted].map((c) => la.indexOf(c)));
  const pb = b.permute([...batch, ...contracted, ...right].map((c) => lb.indexOf(c)));
  const prod = bmm(
    pa.reshape([size(batch), size(left), size(contracted)]),
    pb.reshape([size(batch), size(contracted), size(right)]),
  );
  const labels = [...batch, ...left, ...right];
  return [prod.reshape(labels.map((c) => sizes.get(c)!)), labels.join("")];
}
