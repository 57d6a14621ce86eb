/**
 * The bad-input catalogue of @tsgrad/core, as data. Each case is one wrong call a user can make
 * and the exact error it gets. `errors-catalogue.test.ts` runs every case; `tools/gen-errors-doc.ts`
 * renders them (with the catalogues of other packages) into docs/errors.md.
 *
 * Other packages add their own rows by exporting an `ErrorCase[]` of the same shape (e.g.
 * `packages/nn/test/errors-cases.ts` → `nnErrorCases`) and listing it in tools/gen-errors-doc.ts.
 */
import {
  arange,
  cat,
  full,
  linspace,
  ones,
  oneHot,
  randint,
  randn,
  randperm,
  stack,
  type Tensor,
  tensor,
  zeros,
} from "../src/index.js";
import * as ts from "../src/index.js";
import { MyExp } from "@tsgrad/testing";

export interface ErrorCase {
  /** Stable, unique slug (kebab-case). */
  id: string;
  /** Section of docs/errors.md. */
  group: string;
  /** What the user did wrong, in words. */
  doc: string;
  /** The call as the user would write it (shown in the doc). */
  code: string;
  /** Runs the bad call; must throw. */
  call: () => unknown;
  /** The exact message (a string), or a pattern when part of it varies (a stack, an address). */
  message: string | RegExp;
  /** The op the message must name; by default it must also start with `${op}(): `. */
  op: string;
  /** False when the message names the op without starting with `op(): ` (autograd's messages). */
  prefix?: boolean;
  /** A deliberate TypeError for a wrong argument type; everything else is a plain Error. */
  type?: "Error" | "TypeError";
}

const f64 = { dtype: "float64" } as const;
const i32 = { dtype: "int32" } as const;
const PARTIAL_OVERLAP =
  "unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.";
const INTERNAL_OVERLAP =
  "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.";
const leaf = (shape: number[]): Tensor => zeros(shape, { requiresGrad: true });
const leaf64 = (shape: number[]): Tensor => zeros(shape, { dtype: "float64", requiresGrad: true });
// Wrong argument types are the point of some rows: this gets them past the type checker.
const any = (v: unknown): any => v;
/**
 * Applies a custom Function named Bad (its node is BadBackward) with `forward` and `backward` (by
 * default a pass-through) to `inputs` (by default one [2] leaf).
 */
function applyBad(
  forward: (ctx: ts.FunctionCtx, ...args: any[]) => Tensor,
  inputs: unknown[] = [leaf([2])],
  backward: (g: Tensor) => unknown = (g) => g,
): Tensor {
  class Bad extends ts.autograd.Function {
    static override forward(ctx: ts.FunctionCtx, ...args: unknown[]): Tensor {
      return forward(ctx, ...args);
    }
    static override backward(_ctx: ts.FunctionCtx, g: Tensor): unknown {
      return backward(g);
    }
  }
  return Bad.apply(...inputs);
}
/** scaledDotProductAttention on a [2, 4] query and [3, 4] key and value, with `options`. */
const sdpa = (options: Parameters<typeof ts.scaledDotProductAttention>[3]): Tensor =>
  ts.scaledDotProductAttention(zeros([2, 4]), zeros([3, 4]), zeros([3, 4]), options);

export const coreErrorCases: ErrorCase[] = [
  // ---- creation ------------------------------------------------------------------------------
  {
    id: "tensor-ragged",
    group: "Creating tensors",
    doc: "ragged nested arrays",
    code: "tensor([[1, 2], [3]])",
    call: () => tensor([[1, 2], [3]]),
    message: "tensor(): expected sequence of length 2 at dim 1 (got 1)",
    op: "tensor",
  },
  {
    id: "tensor-ragged-depth",
    group: "Creating tensors",
    doc: "a number where a sequence is expected",
    code: "tensor([[1, 2], 3])",
    call: () => tensor(any([[1, 2], 3])),
    message: "tensor(): expected a sequence of length 2 at dim 1 (got a number)",
    op: "tensor",
  },
  {
    id: "tensor-sequence-too-deep",
    group: "Creating tensors",
    doc: "a sequence where a number is expected",
    code: "tensor([1, [2]])",
    call: () => tensor(any([1, [2]])),
    message: "tensor(): expected a number at depth 1, got a sequence",
    op: "tensor",
  },
  {
    id: "tensor-string",
    group: "Creating tensors",
    doc: "a string among the values",
    code: 'tensor([1, "2"])',
    call: () => tensor(any([1, "2"])),
    message: "tensor(): could not convert string to a number (at depth 1)",
    op: "tensor",
    type: "TypeError",
  },
  {
    id: "tensor-null",
    group: "Creating tensors",
    doc: "null or undefined as data",
    code: "tensor(null)",
    call: () => tensor(any(null)),
    message: "tensor(): could not convert null to a number (at depth 0)",
    op: "tensor",
    type: "TypeError",
  },
  {
    id: "tensor-bad-dtype",
    group: "Creating tensors",
    doc: "a dtype tsgrad does not have",
    code: 'tensor([1, 2], { dtype: "float16" })',
    call: () => tensor([1, 2], { dtype: any("float16") }),
    message: "tensor(): unsupported dtype 'float16' (expected one of float32, float64, int32, bool)",
    op: "tensor",
    type: "TypeError",
  },
  {
    id: "tensor-int-requires-grad",
    group: "Creating tensors",
    doc: "an integer tensor that requires grad",
    code: 'tensor([1, 2], { dtype: "int32", requiresGrad: true })',
    call: () => tensor([1, 2], { dtype: "int32", requiresGrad: true }),
    message:
      "tensor(): only Tensors of floating point dtype can require gradients (got dtype=int32, requiresGrad: true)",
    op: "tensor",
  },
  {
    id: "zeros-negative",
    group: "Creating tensors",
    doc: "a negative size",
    code: "zeros([2, -1])",
    call: () => zeros([2, -1]),
    message: "zeros(): Trying to create tensor with negative dimension -1: [2, -1]",
    op: "zeros",
  },
  {
    id: "zeros-nan",
    group: "Creating tensors",
    doc: "a NaN size",
    code: "zeros([NaN])",
    call: () => zeros([Number.NaN]),
    message: "zeros(): argument 'size' must be a list of integers, but got [NaN]",
    op: "zeros",
    type: "TypeError",
  },
  {
    id: "zeros-fractional",
    group: "Creating tensors",
    doc: "a fractional size",
    code: "ones(2.5)",
    call: () => ones(2.5),
    message: "ones(): argument 'size' must be an integer, but got 2.5",
    op: "ones",
    type: "TypeError",
  },
  {
    id: "zeros-huge",
    group: "Creating tensors",
    doc: "more elements than a typed array can hold",
    code: "zeros([1e6, 1e6])",
    call: () => zeros([1e6, 1e6]),
    message:
      "zeros(): a tensor of shape [1000000, 1000000] would have 1000000000000 elements, more than tsgrad's limit of 2147483647",
    op: "zeros",
  },
  {
    id: "zeros-bad-dtype",
    group: "Creating tensors",
    doc: "an unknown dtype",
    code: 'zeros([2], { dtype: "int64" })',
    call: () => zeros([2], { dtype: any("int64") }),
    message:
      "zeros(): unsupported dtype 'int64' (expected one of float32, float64, int32, bool); int32 plays the role of PyTorch's int64 (torch.long): x.long() gives int32",
    op: "zeros",
    type: "TypeError",
  },
  {
    id: "full-shape-string",
    group: "Creating tensors",
    doc: "a string as a shape",
    code: 'full("3", 1)',
    call: () => full(any("3"), 1),
    message: "full(): argument 'size' must be a number or an array of numbers, but got string",
    op: "full",
    type: "TypeError",
  },
  {
    id: "full-value-string",
    group: "Creating tensors",
    doc: "a string as the fill value (Number() would make it NaN)",
    code: 'full([2], "a")',
    call: () => full([2], any("a")),
    message: 'full(): expected a number or a boolean as the value, but got a string ("a")',
    op: "full",
    type: "TypeError",
  },
  {
    id: "linspace-start-string",
    group: "Creating tensors",
    doc: "a string as an end of linspace",
    code: 'linspace("0", 1, 3)',
    call: () => linspace(any("0"), 1, 3),
    message: "linspace(): argument 'start' must be a number, but got a string (\"0\")",
    op: "linspace",
    type: "TypeError",
  },
  {
    id: "masked-fill-value-null",
    group: "Creating tensors",
    doc: "null as masked_fill's value (Number(null) would make it 0)",
    code: "x.maskedFill(mask, null)",
    call: () => ts.zeros([2]).maskedFill(ts.tensor([true, false]), any(null)),
    message: "masked_fill(): expected a number or a boolean as the value, but got null",
    op: "masked_fill",
    type: "TypeError",
  },
  {
    id: "arange-zero-step",
    group: "Creating tensors",
    doc: "a zero step",
    code: "arange(0, 5, 0)",
    call: () => arange(0, 5, 0),
    message: "arange(): step must be nonzero",
    op: "arange",
  },
  {
    id: "arange-int-step-truncates-to-zero",
    group: "Creating tensors",
    doc: "an integer arange whose step truncates to 0 (PyTorch's int64 truncates start, end and step first)",
    code: 'arange(0, 3, 0.6, { dtype: "int32" })',
    call: () => ts.arange(0, 3, 0.6, { dtype: "int32" }),
    message: "arange(): step must be nonzero",
    op: "arange",
  },
  {
    id: "arange-wrong-sign",
    group: "Creating tensors",
    doc: "a step pointing away from the end",
    code: "arange(5, 0, 1)",
    call: () => arange(5, 0, 1),
    message: "arange(): upper bound and larger bound inconsistent with step sign (start=5, end=0, step=1)",
    op: "arange",
  },
  {
    id: "arange-infinite",
    group: "Creating tensors",
    doc: "an infinite bound",
    code: "arange(Infinity)",
    call: () => arange(Number.POSITIVE_INFINITY),
    message: "arange(): unsupported range: 0 -> Infinity with step 1 (bounds and step must be finite)",
    op: "arange",
  },
  {
    id: "arange-nan",
    group: "Creating tensors",
    doc: "a NaN bound",
    code: "arange(0, NaN)",
    call: () => arange(0, Number.NaN),
    message: "arange(): unsupported range: 0 -> NaN with step 1 (bounds and step must be finite)",
    op: "arange",
  },
  {
    id: "linspace-negative",
    group: "Creating tensors",
    doc: "a negative number of steps",
    code: "linspace(0, 1, -2)",
    call: () => linspace(0, 1, -2),
    message: "linspace(): number of steps must be non-negative, got -2",
    op: "linspace",
  },
  {
    id: "randint-empty-range",
    group: "Creating tensors",
    doc: "an empty range",
    code: "randint(3, 3, [2])",
    call: () => randint(3, 3, [2]),
    message: "randint(): expects integers with low < high, but got low=3, high=3",
    op: "randint",
  },
  {
    id: "randperm-negative",
    group: "Creating tensors",
    doc: "a negative n",
    code: "randperm(-1)",
    call: () => randperm(-1),
    message: "randperm(): n must be a non-negative integer, but got -1",
    op: "randperm",
  },
  {
    id: "randn-int-dtype",
    group: "Creating tensors",
    doc: "an integer dtype for normal samples",
    code: 'randn([2], { dtype: "int32" })',
    call: () => randn([2], { dtype: "int32" }),
    message: "randn(): expected a floating point dtype, got int32",
    op: "randn",
  },

  {
    id: "zeros-huge-size",
    group: "Creating tensors",
    doc: "a size too big to count exactly",
    code: "zeros([1e300])",
    call: () => zeros([1e300]),
    message:
      "zeros(): argument 'size' must be a list of integers, but got [1e+300] (1e+300 is beyond Number.MAX_SAFE_INTEGER)",
    op: "zeros",
    type: "TypeError",
  },
  {
    id: "randn-huge",
    group: "Creating tensors",
    doc: "more elements than the limit, for random samples",
    code: "randn([1e5, 1e5])",
    call: () => randn([1e5, 1e5]),
    message:
      "randn(): a tensor of shape [100000, 100000] would have 10000000000 elements, more than tsgrad's limit of 2147483647",
    op: "randn",
  },
  {
    id: "arange-huge",
    group: "Creating tensors",
    doc: "a range with more elements than the limit",
    code: 'arange(0, 3e9, { dtype: "float32" })',
    call: () => arange(0, 3e9, { dtype: "float32" }),
    message:
      "arange(): a tensor of shape [3000000000] would have 3000000000 elements, more than tsgrad's limit of 2147483647",
    op: "arange",
  },
  {
    id: "linspace-fractional",
    group: "Creating tensors",
    doc: "a fractional number of steps",
    code: "linspace(0, 1, 2.5)",
    call: () => linspace(0, 1, 2.5),
    message: "linspace(): argument 'steps' must be an integer, but got 2.5",
    op: "linspace",
    type: "TypeError",
  },
  {
    id: "eye-fractional",
    group: "Creating tensors",
    doc: "a fractional size",
    code: "eye(2.5)",
    call: () => ts.eye(2.5),
    message: "eye(): argument 'n' must be an integer, but got 2.5",
    op: "eye",
    type: "TypeError",
  },
  {
    id: "randperm-fractional",
    group: "Creating tensors",
    doc: "a fractional or NaN n",
    code: "randperm(NaN)",
    call: () => randperm(Number.NaN),
    message: "randperm(): argument 'n' must be an integer, but got NaN",
    op: "randperm",
    type: "TypeError",
  },
  {
    id: "randperm-huge",
    group: "Creating tensors",
    doc: "more elements than the limit",
    code: "randperm(2 ** 31)",
    call: () => randperm(2 ** 31),
    message:
      "randperm(): a tensor of shape [2147483648] would have 2147483648 elements, more than tsgrad's limit of 2147483647",
    op: "randperm",
  },
  {
    id: "var-options-in-dim-place",
    group: "Creating tensors",
    doc: "keyword options in the place of dim (PyTorch's x.var(unbiased=False))",
    code: "x.var({ unbiased: false })",
    call: () => zeros([2, 3]).var(any({ unbiased: false })),
    message:
      "var(): argument 'dim' must be an integer or a list of integers, but got object (an options object cannot stand in the place of dim: give dim first, then the options)",
    op: "var",
    type: "TypeError",
  },
  {
    id: "set-default-dtype-int",
    group: "Creating tensors",
    doc: "an integer default dtype (PyTorch's default dtype is floating only)",
    code: 'setDefaultDtype("int32")',
    call: () => ts.setDefaultDtype(any("int32")),
    message: "setDefaultDtype(): only floating-point types are supported as the default type (got int32)",
    op: "setDefaultDtype",
    type: "TypeError",
  },
  {
    id: "set-default-dtype-unknown",
    group: "Creating tensors",
    doc: "a dtype tsgrad does not have",
    code: 'setDefaultDtype("float16")',
    call: () => ts.setDefaultDtype(any("float16")),
    message: "setDefaultDtype(): unsupported dtype 'float16' (expected one of float32, float64, int32, bool)",
    op: "setDefaultDtype",
    type: "TypeError",
  },
  {
    id: "relu-inplace-keyword",
    group: "In-place ops",
    doc: "PyTorch's F.relu(x, inplace=True): the in-place form is its own function here",
    code: "relu(x, { inplace: true })",
    call: () => ts.relu(zeros([2]), any({ inplace: true })),
    message: "relu(): PyTorch's inplace=True is relu_(x) in tsgrad (it writes into x and returns x)",
    op: "relu",
  },
  {
    id: "set-print-options-edgeitems",
    group: "Creating tensors",
    doc: "printing no edge items (PyTorch takes 0 and prints a mix of nothing and everything)",
    code: "setPrintOptions({ edgeitems: 0 })",
    call: () => ts.setPrintOptions({ edgeitems: 0 }),
    message: "setPrintOptions(): option 'edgeitems' must be an integer ≥ 1, but got a number (0)",
    op: "setPrintOptions",
    type: "TypeError",
  },
  {
    id: "set-print-options-profile",
    group: "Creating tensors",
    doc: "a print profile PyTorch does not have",
    code: 'setPrintOptions({ profile: "long" })',
    call: () => ts.setPrintOptions(any({ profile: "long" })),
    message: `setPrintOptions(): option 'profile' must be "default", "short" or "full", but got a string ("long")`,
    op: "setPrintOptions",
    type: "TypeError",
  },
  {
    id: "device-cuda",
    group: "Creating tensors",
    doc: "a GPU device (tsgrad runs on the CPU)",
    code: 'device("cuda")',
    call: () => ts.device(any("cuda")),
    message:
      "device(): tsgrad runs on the CPU only, so device 'cuda' is not available; use \"cpu\" (or leave the device out)",
    op: "device",
  },
  {
    id: "to-cuda",
    group: "Creating tensors",
    doc: "moving a tensor to a GPU",
    code: 'x.to("cuda:0")',
    call: () => zeros([2]).to(any("cuda:0")),
    message:
      "to(): tsgrad runs on the CPU only, so device 'cuda:0' is not available; use \"cpu\" (or leave the device out)",
    op: "to",
  },
  {
    id: "creation-device-cuda",
    group: "Creating tensors",
    doc: "a GPU device in creation options",
    code: 'zeros([2], { device: "cuda" })',
    call: () => zeros([2], { device: any("cuda") }),
    message: `zeros(): option 'device' must be "cpu" or device("cpu") (tsgrad runs on the CPU only), but got a string ("cuda")`,
    op: "zeros",
    type: "TypeError",
  },
  // ---- integers: the int32 range ----------------------------------------------------------------------
  {
    id: "tensor-int32-overflow",
    group: "Integers: the int32 range and integer inputs",
    doc: "an integer outside int32 (dtype inferred)",
    code: "tensor([3e9])",
    call: () => tensor([3e9]),
    message:
      'tensor(): value cannot be converted to type int32 without overflow (got 3000000000; all-integer numbers make an int32 tensor: pass { dtype: "float64" } for a float one)',
    op: "tensor",
  },
  {
    id: "tensor-int32-overflow-dtype",
    group: "Integers: the int32 range and integer inputs",
    doc: "2^31 with an explicit int32 dtype (2^31 - 1 is fine)",
    code: 'tensor([2 ** 31], { dtype: "int32" })',
    call: () => tensor([2 ** 31], i32),
    message: "tensor(): value cannot be converted to type int32 without overflow (got 2147483648)",
    op: "tensor",
  },
  {
    id: "tensor-int32-nan",
    group: "Integers: the int32 range and integer inputs",
    doc: "NaN into int32 (±Infinity the same)",
    code: 'tensor([NaN], { dtype: "int32" })',
    call: () => tensor([Number.NaN], i32),
    message: "tensor(): value cannot be converted to type int32 without overflow (got NaN)",
    op: "tensor",
  },
  {
    id: "tensor-uint32-overflow",
    group: "Integers: the int32 range and integer inputs",
    doc: "a Uint32Array value above 2^31 - 1",
    code: "tensor(new Uint32Array([4e9]))",
    call: () => tensor(new Uint32Array([4e9])),
    message: "tensor(): value cannot be converted to type int32 without overflow (got 4000000000)",
    op: "tensor",
  },
  {
    id: "tensor-bigint64-overflow",
    group: "Integers: the int32 range and integer inputs",
    doc: "a BigInt64Array value outside int32",
    code: "tensor(new BigInt64Array([2n ** 40n]))",
    call: () => tensor(new BigInt64Array([2n ** 40n])),
    message: "tensor(): value cannot be converted to type int32 without overflow (got 1099511627776)",
    op: "tensor",
  },
  {
    id: "full-int32-overflow",
    group: "Integers: the int32 range and integer inputs",
    doc: "a fill value outside int32 (dtype inferred)",
    code: "full([2], 3e9)",
    call: () => full([2], 3e9),
    message:
      'full(): value cannot be converted to type int32 without overflow (got 3000000000; all-integer numbers make an int32 tensor: pass { dtype: "float64" } for a float one)',
    op: "full",
  },
  {
    id: "arange-int32-overflow",
    group: "Integers: the int32 range and integer inputs",
    doc: "an int32 range running past 2^31 - 1 (PyTorch wraps around silently)",
    code: "arange(2 ** 31 - 2, 2 ** 31 + 1)",
    call: () => arange(2 ** 31 - 2, 2 ** 31 + 1),
    message:
      "arange(): value cannot be converted to type int32 without overflow (got 2147483648; the last value of the range)",
    op: "arange",
  },
  {
    id: "linspace-int32-overflow",
    group: "Integers: the int32 range and integer inputs",
    doc: "an int32 linspace with an end outside int32",
    code: 'linspace(0, 3e9, 3, { dtype: "int32" })',
    call: () => linspace(0, 3e9, 3, i32),
    message:
      "linspace(): value cannot be converted to type int32 without overflow (got 3000000000; from argument 'end')",
    op: "linspace",
  },
  {
    id: "arange-bool",
    group: "Integers: the int32 range and integer inputs",
    doc: "a bool arange",
    code: 'arange(3, { dtype: "bool" })',
    call: () => arange(3, { dtype: "bool" }),
    message: 'arange(): "arange_cpu" not implemented for bool',
    op: "arange",
  },
  {
    id: "linspace-bool",
    group: "Integers: the int32 range and integer inputs",
    doc: "a bool linspace",
    code: 'linspace(0, 1, 3, { dtype: "bool" })',
    call: () => linspace(0, 1, 3, { dtype: "bool" }),
    message: 'linspace(): "linspace_cpu" not implemented for bool',
    op: "linspace",
  },
  {
    id: "randint-int32-overflow",
    group: "Integers: the int32 range and integer inputs",
    doc: "an int32 randint whose high - 1 is outside int32",
    code: "randint(0, 2 ** 40, [2])",
    call: () => randint(0, 2 ** 40, [2]),
    message:
      "randint(): value cannot be converted to type int32 without overflow (high - 1 = 1099511627775 is outside int32's range [-2147483648, 2147483647])",
    op: "randint",
  },
  {
    id: "randint-bool-range",
    group: "Integers: the int32 range and integer inputs",
    doc: "a bool randint with high > 2",
    code: 'randint(0, 5, [2], { dtype: "bool" })',
    call: () => randint(0, 5, [2], { dtype: "bool" }),
    message:
      "randint(): value cannot be converted to type bool without overflow (high - 1 = 4 is outside bool's range [0, 1])",
    op: "randint",
  },
  {
    id: "fill-int32-overflow",
    group: "Integers: the int32 range and integer inputs",
    doc: "fill_ of an int32 tensor with a value outside int32 (NaN, ±Infinity the same)",
    code: 'zeros([2], { dtype: "int32" }).fill_(3e9)',
    call: () => zeros([2], i32).fill_(3e9),
    message: "fill_(): value cannot be converted to type int32 without overflow (got 3000000000)",
    op: "fill_",
  },
  {
    id: "add-inplace-int32-overflow",
    group: "Integers: the int32 range and integer inputs",
    doc: "an in-place op on an int32 tensor with an integer outside int32 (PyTorch wraps around)",
    code: 'zeros([2], { dtype: "int32" }).add_(3e9)',
    call: () => zeros([2], i32).add_(3e9),
    message:
      "add_(): value cannot be converted to type int32 without overflow (got 3000000000; an integer number next to an integer tensor is int32: convert the tensor first, e.g. x.double())",
    op: "add_",
  },
  {
    id: "lt-int32-scalar-overflow",
    group: "Integers: the int32 range and integer inputs",
    doc: "comparing an int32 tensor with an integer outside int32 (PyTorch wraps it around and answers wrongly)",
    code: 'zeros([2], { dtype: "int32" }).lt(3e9)',
    call: () => zeros([2], i32).lt(3e9),
    message:
      "lt(): value cannot be converted to type int32 without overflow (got 3000000000; an integer number next to an integer tensor is int32: convert the tensor first, e.g. x.double())",
    op: "lt",
  },
  {
    id: "where-int32-scalar-overflow",
    group: "Integers: the int32 range and integer inputs",
    doc: "where() with an int32 tensor and an integer outside int32",
    code: 'where(mask, zeros([2], { dtype: "int32" }), 3e9)',
    call: () => ts.where(tensor([true, false]), zeros([2], i32), 3e9),
    message:
      "where(): value cannot be converted to type int32 without overflow (got 3000000000; an integer number next to an integer tensor is int32: convert the tensor first, e.g. x.double())",
    op: "where",
  },
  {
    id: "masked-fill-int32-overflow",
    group: "Integers: the int32 range and integer inputs",
    doc: "maskedFill of an int32 tensor with a value outside int32",
    code: 'zeros([2], { dtype: "int32" }).maskedFill(mask, 3e9)',
    call: () => zeros([2], i32).maskedFill(tensor([true, false]), 3e9),
    message: "masked_fill(): value cannot be converted to type int32 without overflow (got 3000000000)",
    op: "masked_fill",
  },
  {
    id: "scatter-int32-overflow",
    group: "Integers: the int32 range and integer inputs",
    doc: "scatter of a number outside int32 into an int32 tensor",
    code: 'zeros([2], { dtype: "int32" }).scatter(0, tensor([0]), 3e9)',
    call: () => zeros([2], i32).scatter(0, tensor([0]), 3e9),
    message: "scatter(): value cannot be converted to type int32 without overflow (got 3000000000)",
    op: "scatter",
  },
  {
    id: "clamp-int32-overflow",
    group: "Integers: the int32 range and integer inputs",
    doc: "an int32 clamp bound outside int32",
    code: 'zeros([2], { dtype: "int32" }).clamp(3e9)',
    call: () => zeros([2], i32).clamp(3e9),
    message:
      "clamp(): value cannot be converted to type int32 without overflow (got 3000000000; argument 'min')",
    op: "clamp",
  },
  {
    id: "to-int32-overflow",
    group: "Integers: the int32 range and integer inputs",
    doc: "converting a float outside int32 to int32 (PyTorch silently gives -2147483648)",
    code: 'tensor([3e9], { dtype: "float64" }).to("int32")',
    call: () => tensor([3e9], f64).to("int32"),
    message: "to(): value cannot be converted to type int32 without overflow (got 3000000000)",
    op: "to",
  },
  {
    id: "to-int32-nan",
    group: "Integers: the int32 range and integer inputs",
    doc: "converting NaN (or ±Infinity) to int32 (PyTorch silently gives -2147483648)",
    code: 'tensor([0.5, NaN]).to("int32")',
    call: () => tensor([0.5, Number.NaN]).to("int32"),
    message: "to(): value cannot be converted to type int32 without overflow (got NaN)",
    op: "to",
  },
  {
    id: "copy-int32-overflow",
    group: "Integers: the int32 range and integer inputs",
    doc: "copy_ of floats outside int32 into an int32 tensor (PyTorch wraps around)",
    code: 'zeros([1], { dtype: "int32" }).copy_(tensor([3e9], { dtype: "float64" }))',
    call: () => zeros([1], i32).copy_(tensor([3e9], f64)),
    message: "copy_(): value cannot be converted to type int32 without overflow (got 3000000000)",
    op: "copy_",
  },
  {
    id: "sum-int32-overflow",
    group: "Integers: the int32 range and integer inputs",
    doc: "an int32 sum outside int32 (PyTorch sums into int64)",
    code: "full([3], 2 ** 30).sum()",
    call: () => full([3], 2 ** 30).sum(),
    message:
      "sum(): result of integer reduction overflows int32 (got 3221225472); PyTorch would return int64, which tsgrad does not have: convert first, e.g. x.double().sum()",
    op: "sum",
  },
  {
    id: "prod-int32-overflow",
    group: "Integers: the int32 range and integer inputs",
    doc: "an int32 product outside int32 (PyTorch multiplies into int64)",
    code: "full([3], 2 ** 30).prod()",
    call: () => full([3], 2 ** 30).prod(),
    message:
      "prod(): result of integer reduction overflows int32 (got 1.2379400392853803e+27); PyTorch would return int64, which tsgrad does not have: convert first, e.g. x.double().prod()",
    op: "prod",
  },
  {
    id: "cumsum-int32-overflow",
    group: "Integers: the int32 range and integer inputs",
    doc: "an int32 running sum outside int32",
    code: "full([3], 2 ** 30).cumsum(0)",
    call: () => full([3], 2 ** 30).cumsum(0),
    message:
      "cumsum(): result of integer reduction overflows int32 (got 2147483648); PyTorch would return int64, which tsgrad does not have: convert first, e.g. x.double().cumsum(0)",
    op: "cumsum",
  },
  {
    id: "pow-int-negative",
    group: "Integers: the int32 range and integer inputs",
    doc: "an integer tensor to a negative integer power",
    code: "tensor([2, 3]).pow(-1)",
    call: () => tensor([2, 3]).pow(-1),
    message:
      "pow(): Integers to negative integer powers are not allowed. (Convert to float first, e.g. x.float().pow(-1).)",
    op: "pow",
  },
  {
    id: "pow-int-exponent-overflow",
    group: "Integers: the int32 range and integer inputs",
    doc: "an integer tensor to a power outside int32",
    code: "tensor([1]).pow(2 ** 31)",
    call: () => tensor([1]).pow(2 ** 31),
    message: "pow(): value cannot be converted to type int32 without overflow (got 2147483648; the exponent)",
    op: "pow",
  },
  {
    id: "gelu-int",
    group: "Integers: the int32 range and integer inputs",
    doc: "gelu of an integer tensor",
    code: "gelu(tensor([1, 2]))",
    call: () => ts.gelu(tensor([1, 2])),
    message: 'gelu(): expected a floating point input, but got int32 ("gelu_cpu" not implemented for it)',
    op: "gelu",
  },
  {
    id: "leaky-relu-int",
    group: "Integers: the int32 range and integer inputs",
    doc: "leakyRelu of an integer tensor",
    code: "leakyRelu(tensor([1, 2]))",
    call: () => ts.leakyRelu(tensor([1, 2])),
    message:
      'leakyRelu(): expected a floating point input, but got int32 ("leakyRelu_cpu" not implemented for it)',
    op: "leakyRelu",
  },
  {
    id: "softplus-int",
    group: "Integers: the int32 range and integer inputs",
    doc: "softplus of an integer tensor",
    code: "softplus(tensor([1, 2]))",
    call: () => ts.softplus(tensor([1, 2])),
    message:
      'softplus(): expected a floating point input, but got int32 ("softplus_cpu" not implemented for it)',
    op: "softplus",
  },
  {
    id: "norm-int",
    group: "Integers: the int32 range and integer inputs",
    doc: "norm of an integer tensor",
    code: "tensor([3, 4]).norm()",
    call: () => tensor([3, 4]).norm(),
    message: "norm(): input dtype should be either floating point or complex. Got int32 instead.",
    op: "norm",
  },
  {
    id: "tensor-dataview",
    group: "Integers: the int32 range and integer inputs",
    doc: "a DataView (it has no element type)",
    code: "tensor(new DataView(new ArrayBuffer(8)))",
    call: () => tensor(any(new DataView(new ArrayBuffer(8)))),
    message:
      "tensor(): a DataView has no element type; pass a typed array (e.g. new Float32Array(view.buffer))",
    op: "tensor",
    type: "TypeError",
  },

  // ---- elementwise -----------------------------------------------------------------------------------
  {
    id: "add-broadcast",
    group: "Elementwise ops and broadcasting",
    doc: "shapes that do not broadcast",
    code: "zeros([2, 3]).add(zeros([4]))",
    call: () => zeros([2, 3]).add(zeros([4])),
    message:
      "add(): The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1 (shapes [2, 3] and [4])",
    op: "add",
  },
  {
    id: "mul-string",
    group: "Elementwise ops and broadcasting",
    doc: "a string where a tensor or number is expected",
    code: 'zeros([2]).mul("2")',
    call: () => zeros([2]).mul(any("2")),
    message: "mul(): argument 'other' must be a Tensor or a number, but got string",
    op: "mul",
    type: "TypeError",
  },
  {
    id: "add-array",
    group: "Elementwise ops and broadcasting",
    doc: "a plain JS array where a tensor is expected",
    code: "zeros([2]).add([1, 2])",
    call: () => zeros([2]).add(any([1, 2])),
    message: "add(): argument 'other' must be a Tensor or a number, but got object",
    op: "add",
    type: "TypeError",
  },
  {
    id: "sub-bool",
    group: "Elementwise ops and broadcasting",
    doc: "subtracting bool tensors",
    code: "tensor([true]).sub(tensor([false]))",
    call: () => tensor([true]).sub(tensor([false])),
    message: "sub(): Subtraction, the `-` operator, with two bool tensors is not supported.",
    op: "sub",
  },
  {
    id: "neg-bool",
    group: "Elementwise ops and broadcasting",
    doc: "negating a bool tensor",
    code: "tensor([true]).neg()",
    call: () => tensor([true]).neg(),
    message: "neg(): Negation, the `-` operator, on a bool tensor is not supported.",
    op: "neg",
  },
  {
    id: "where-condition-dtype",
    group: "Elementwise ops and broadcasting",
    doc: "a non-bool condition",
    code: "where(tensor([1, 0]), x, y)",
    call: () => ts.where(tensor([1, 0]), zeros([2]), ones([2])),
    message: "where(): expected condition to be a bool tensor, but got int32",
    op: "where",
  },
  {
    id: "where-broadcast",
    group: "Elementwise ops and broadcasting",
    doc: "condition, x and y that do not broadcast",
    code: "where(tensor([true, false]), zeros([3]), 0)",
    call: () => ts.where(tensor([true, false]), zeros([3]), 0),
    message:
      "where(): The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0 (shapes [2] and [3])",
    op: "where",
  },
  {
    id: "fmod-int-zero",
    group: "Elementwise ops and broadcasting",
    doc: "an integer fmod or remainder by 0 (PyTorch: ZeroDivisionError)",
    code: "tensor([5, 7]).fmod(tensor([2, 0]))",
    call: () => tensor([5, 7]).fmod(tensor([2, 0])),
    message: "fmod(): ZeroDivisionError (an integer divisor is 0)",
    op: "fmod",
  },
  {
    id: "remainder-bool",
    group: "Elementwise ops and broadcasting",
    doc: "remainder of bool tensors",
    code: "b.remainder(b)",
    call: () => tensor([true]).remainder(tensor([true])),
    message: "remainder(): not implemented for 'Bool'",
    op: "remainder",
  },
  {
    id: "hypot-int",
    group: "Elementwise ops and broadcasting",
    doc: "hypot of integer tensors (floats only, as in PyTorch)",
    code: "tensor([3]).hypot(tensor([4]))",
    call: () => tensor([3]).hypot(tensor([4])),
    message: "hypot(): expected a floating point input, but got int32",
    op: "hypot",
  },
  {
    id: "lerp-dtype",
    group: "Elementwise ops and broadcasting",
    doc: "lerp between a float32 and a float64 tensor",
    code: "lerp(zeros([2]), zeros([2]).double(), 0.5)",
    call: () => zeros([2]).lerp(zeros([2], f64), 0.5),
    message: "lerp(): expected dtype float32 for `end` but got dtype float64",
    op: "lerp",
  },
  {
    id: "addcdiv-int",
    group: "Elementwise ops and broadcasting",
    doc: "addcdiv with integer tensor1 and tensor2",
    code: "x.addcdiv(tensor([1]), tensor([2]))",
    call: () => zeros([1]).addcdiv(tensor([1]), tensor([2])),
    message:
      "addcdiv(): Integer division with addcdiv is no longer supported, and in a future release addcdiv will perform a true division of tensor1 and tensor2.",
    op: "addcdiv",
  },
  {
    id: "mv-dims",
    group: "Matrix products",
    doc: "mv of a matrix and a matrix",
    code: "m.mv(m)",
    call: () => zeros([3, 4]).mv(zeros([4, 2])),
    message: "mv(): vector + matrix @ vector expected, got 1, 2, 2",
    op: "mv",
  },
  {
    id: "mv-size",
    group: "Matrix products",
    doc: "mv with a vector of the wrong length",
    code: "zeros([3, 4]).mv(zeros([3]))",
    call: () => zeros([3, 4]).mv(zeros([3])),
    message: "mv(): size mismatch, got 3, 3x4,3",
    op: "mv",
  },
  {
    id: "mT-1d",
    group: "Views and shapes",
    doc: "mT of a 1-D tensor",
    code: "zeros([3]).mT",
    call: () => zeros([3]).mT,
    message: "mT(): tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor.",
    op: "mT",
  },
  {
    id: "movedim-lengths",
    group: "Views and shapes",
    doc: "movedim with source and destination of different lengths",
    code: "x.movedim([0, 1], [1])",
    call: () => zeros([2, 3, 4]).movedim([0, 1], [1]),
    message:
      "movedim(): Invalid source or destination dims: source ([0, 1] dims) should contain the same number of dims as destination ([1] dims)",
    op: "movedim",
  },
  {
    id: "movedim-repeated",
    group: "Views and shapes",
    doc: "movedim with a repeated source dim",
    code: "x.movedim([0, 0], [1, 2])",
    call: () => zeros([2, 3, 4]).movedim([0, 0], [1, 2]),
    message: "movedim(): repeated dim in `source` ([0, 0])",
    op: "movedim",
  },
  {
    id: "unflatten-sizes",
    group: "Views and shapes",
    doc: "unflatten into sizes whose product is not the dim's size",
    code: "zeros([2, 3, 4]).unflatten(2, [3, 2])",
    call: () => zeros([2, 3, 4]).unflatten(2, [3, 2]),
    message:
      "unflatten(): Provided sizes [3, 2] don't multiply up to the size of dim 2 (4) in the input tensor",
    op: "unflatten",
  },
  {
    id: "diagonal-same-dims",
    group: "Views and shapes",
    doc: "diagonal of a dim with itself",
    code: "x.diagonal(0, 1, 1)",
    call: () => zeros([2, 3, 4]).diagonal(0, 1, 1),
    message: "diagonal(): diagonal dimensions cannot be identical 1, 1",
    op: "diagonal",
  },
  {
    id: "vstack-empty",
    group: "Joining",
    doc: "vstack of no tensors",
    code: "vstack([])",
    call: () => ts.vstack([]),
    message: "vstack(): vstack expects a non-empty TensorList",
    op: "vstack",
  },
  {
    id: "clamp-no-bounds",
    group: "Elementwise ops and broadcasting",
    doc: "clamp with neither bound",
    code: "x.clamp()",
    call: () => zeros([2]).clamp(),
    message: "clamp(): At least one of 'min' or 'max' must not be None",
    op: "clamp",
  },
  {
    id: "add-broadcast-huge",
    group: "Elementwise ops and broadcasting",
    doc: "a broadcast result with more elements than the limit",
    code: "zeros([1e5, 1]).add(zeros([1e5]))",
    call: () => zeros([1e5, 1]).add(zeros([1e5])),
    message:
      "add(): a tensor of shape [100000, 100000] would have 10000000000 elements, more than tsgrad's limit of 2147483647",
    op: "add",
  },
  {
    id: "exp-expanded-huge",
    group: "Elementwise ops and broadcasting",
    doc: "an elementwise op on an expanded view with more elements than the limit",
    code: "ones([1, 1]).expand(1e5, 1e5).exp()",
    call: () => ones([1, 1]).expand(1e5, 1e5).exp(),
    message:
      "exp(): a tensor of shape [100000, 100000] would have 10000000000 elements, more than tsgrad's limit of 2147483647",
    op: "exp",
  },
  {
    id: "clamp-min-missing",
    group: "Elementwise ops and broadcasting",
    doc: "clampMin without a bound",
    code: "x.clampMin()",
    call: () => zeros([2]).clampMin(any(undefined)),
    message: "clamp_min(): argument 'min' must be a number, but got undefined",
    op: "clamp_min",
    type: "TypeError",
  },
  {
    id: "clamp-max-int-overflow",
    group: "Elementwise ops and broadcasting",
    doc: "an int32 bound outside int32",
    code: 'zeros([2], { dtype: "int32" }).clampMax(2 ** 40)',
    call: () => zeros([2], { dtype: "int32" }).clampMax(2 ** 40),
    message:
      "clamp_max(): value cannot be converted to type int32 without overflow (got 1099511627776; argument 'max')",
    op: "clamp_max",
  },

  // ---- views -------------------------------------------------------------------------------------------------
  {
    id: "unfold-size",
    group: "Views and shapes",
    doc: "Tensor.unfold with windows longer than the dim",
    code: "zeros([2, 5]).unfold(1, 6, 1)",
    call: () => zeros([2, 5]).unfold(1, 6, 1),
    message: "unfold(): maximum size for tensor at dimension 1 is 5 but size is 6",
    op: "unfold",
  },
  {
    id: "select-0d",
    group: "Views and shapes",
    doc: "select of a 0-d tensor (it has no dim to index; `s.item()` is the value)",
    code: "s.select(0, 0) // s = tensor(1.5)",
    call: () => ((x: Tensor) => x.select(0, 0))(tensor(1.5)),
    message: "select(): select() cannot be applied to a 0-dim tensor.",
    op: "select",
  },
  {
    id: "narrow-0d",
    group: "Views and shapes",
    doc: "narrow of a 0-d tensor (it has no dim to index; `s.item()` is the value)",
    code: "s.narrow(0, 0, 1) // s = tensor(1.5)",
    call: () => ((x: Tensor) => x.narrow(0, 0, 1))(tensor(1.5)),
    message: "narrow(): narrow() cannot be applied to a 0-dim tensor.",
    op: "narrow",
  },
  {
    id: "slice-0d",
    group: "Views and shapes",
    doc: "slice of a 0-d tensor (it has no dim to index; `s.item()` is the value)",
    code: "s.slice(0, 0, 1) // s = tensor(1.5)",
    call: () => ((x: Tensor) => x.slice(0, 0, 1))(tensor(1.5)),
    message: "slice(): slice() cannot be applied to a 0-dim tensor.",
    op: "slice",
  },
  {
    id: "split-0d",
    group: "Views and shapes",
    doc: "split of a 0-d tensor (it has no dim to index; `s.item()` is the value)",
    code: "s.split(1) // s = tensor(1.5)",
    call: () => ((x: Tensor) => x.split(1))(tensor(1.5)),
    message: "split(): split expects at least a 1-dimensional tensor",
    op: "split",
  },
  {
    id: "chunk-0d",
    group: "Views and shapes",
    doc: "chunk of a 0-d tensor (it has no dim to index; `s.item()` is the value)",
    code: "s.chunk(1) // s = tensor(1.5)",
    call: () => ((x: Tensor) => x.chunk(1))(tensor(1.5)),
    message: "chunk(): chunk expects at least a 1-dimensional tensor",
    op: "chunk",
  },
  {
    id: "unbind-0d",
    group: "Views and shapes",
    doc: "unbind of a 0-d tensor (it has no dim to index; `s.item()` is the value)",
    code: "s.unbind(0) // s = tensor(1.5)",
    call: () => ((x: Tensor) => x.unbind(0))(tensor(1.5)),
    message: "unbind(): Dimension specified as 0 but tensor has no dimensions",
    op: "unbind",
  },
  {
    id: "roll-0d",
    group: "Views and shapes",
    doc: "roll of a 0-d tensor (it has no dim to index; `s.item()` is the value)",
    code: "s.roll(1, 0) // s = tensor(1.5)",
    call: () => ((x: Tensor) => x.roll(1, 0))(tensor(1.5)),
    message: "roll(): Dimension specified as 0 but tensor has no dimensions",
    op: "roll",
  },
  {
    id: "unflatten-0d",
    group: "Views and shapes",
    doc: "unflatten of a 0-d tensor (it has no dim to index; `s.item()` is the value)",
    code: "s.unflatten(0, [1]) // s = tensor(1.5)",
    call: () => ((x: Tensor) => x.unflatten(0, [1]))(tensor(1.5)),
    message: "unflatten(): Dimension specified as 0 but tensor has no dimensions",
    op: "unflatten",
  },
  {
    id: "view-non-contiguous",
    group: "Views and shapes",
    doc: "view() of a non-contiguous tensor",
    code: "zeros([2, 3]).t().view(6)",
    call: () => zeros([2, 3]).t().view(6),
    message:
      "view(): view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead. (input shape [3, 2], strides [1, 3], view shape [6])",
    op: "view",
  },
  {
    id: "view-bad-size",
    group: "Views and shapes",
    doc: "a shape with the wrong number of elements",
    code: "zeros([2, 3]).view(4, 2)",
    call: () => zeros([2, 3]).view(4, 2),
    message: "view(): shape '[4, 2]' is invalid for input of size 6",
    op: "view",
  },
  {
    id: "view-two-inferred",
    group: "Views and shapes",
    doc: "two -1 sizes",
    code: "zeros([6]).view(-1, -1)",
    call: () => zeros([6]).view(-1, -1),
    message: "view(): only one dimension can be inferred",
    op: "view",
  },
  {
    id: "reshape-fractional",
    group: "Views and shapes",
    doc: "a fractional size",
    code: "zeros([6]).reshape(2.5, 2)",
    call: () => zeros([6]).reshape(2.5, 2),
    message: "reshape(): argument 'size' must be a list of integers, but got [2.5, 2]",
    op: "reshape",
    type: "TypeError",
  },
  {
    id: "expand-mismatch",
    group: "Views and shapes",
    doc: "expanding a non-singleton dim",
    code: "zeros([2, 3]).expand(2, 4)",
    call: () => zeros([2, 3]).expand(2, 4),
    message:
      "expand(): The expanded size of the tensor (4) must match the existing size (3) at non-singleton dimension 1.  Target sizes: [2, 4].  Tensor sizes: [2, 3]",
    op: "expand",
  },
  {
    id: "expand-fewer-dims",
    group: "Views and shapes",
    doc: "fewer sizes than dims",
    code: "zeros([2, 3]).expand(3)",
    call: () => zeros([2, 3]).expand(3),
    message:
      "expand(): the number of sizes provided (1) must be greater or equal to the number of dimensions in the tensor (2)",
    op: "expand",
  },
  {
    id: "expand-negative",
    group: "Views and shapes",
    doc: "a negative size other than -1",
    code: "zeros([1]).expand(-2)",
    call: () => zeros([1]).expand(-2),
    message:
      "expand(): invalid size -2 at dimension 0 (sizes must be non-negative integers, or -1 to keep a size).  Target sizes: [-2].  Tensor sizes: [1]",
    op: "expand",
  },
  {
    id: "transpose-dim-range",
    group: "Views and shapes",
    doc: "a dim out of range",
    code: "zeros([2, 3]).transpose(0, 2)",
    call: () => zeros([2, 3]).transpose(0, 2),
    message: "transpose(): Dimension out of range (expected to be in range of [-2, 1], but got 2)",
    op: "transpose",
  },
  {
    id: "permute-length",
    group: "Views and shapes",
    doc: "a permutation of the wrong length",
    code: "zeros([2, 3]).permute(0)",
    call: () => zeros([2, 3]).permute(0),
    message:
      "permute(): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = 2 is not equal to len(dims) = 1",
    op: "permute",
  },
  {
    id: "permute-repeated",
    group: "Views and shapes",
    doc: "a repeated dim",
    code: "zeros([2, 3]).permute(1, 1)",
    call: () => zeros([2, 3]).permute(1, 1),
    message: "permute(): repeated dim in [1, 1]",
    op: "permute",
  },
  {
    id: "narrow-out-of-range",
    group: "Views and shapes",
    doc: "a window past the end",
    code: "zeros([4]).narrow(0, 2, 3)",
    call: () => zeros([4]).narrow(0, 2, 3),
    message: "narrow(): start (2) + length (3) exceeds dimension size (4).",
    op: "narrow",
  },
  {
    id: "select-out-of-range",
    group: "Views and shapes",
    doc: "an index past the end",
    code: "zeros([2, 3]).select(1, 3)",
    call: () => zeros([2, 3]).select(1, 3),
    message: "select(): index 3 out of range for tensor of size [2, 3] at dimension 1",
    op: "select",
  },
  {
    id: "slice-step",
    group: "Views and shapes",
    doc: "a zero or negative step",
    code: "zeros([4]).slice(0, 0, 4, 0)",
    call: () => zeros([4]).slice(0, 0, 4, 0),
    message: "slice(): slice step must be positive, got 0",
    op: "slice",
  },
  {
    id: "squeeze-dim-range",
    group: "Views and shapes",
    doc: "a dim out of range",
    code: "zeros([2, 1]).squeeze(2)",
    call: () => zeros([2, 1]).squeeze(2),
    message: "squeeze(): Dimension out of range (expected to be in range of [-2, 1], but got 2)",
    op: "squeeze",
  },
  {
    id: "unsqueeze-dim-range",
    group: "Views and shapes",
    doc: "a dim out of range",
    code: "zeros([2]).unsqueeze(3)",
    call: () => zeros([2]).unsqueeze(3),
    message: "unsqueeze(): Dimension out of range (expected to be in range of [-2, 1], but got 3)",
    op: "unsqueeze",
  },
  {
    id: "split-sizes",
    group: "Views and shapes",
    doc: "split sizes that do not add up",
    code: "zeros([5]).split([2, 2])",
    call: () => zeros([5]).split([2, 2]),
    message:
      "split_with_sizes(): expects split_sizes to sum exactly to 5 (input tensor's size at dimension 0), but got split_sizes=[2, 2]",
    op: "split_with_sizes",
  },
  {
    id: "chunk-zero",
    group: "Views and shapes",
    doc: "zero chunks",
    code: "zeros([4]).chunk(0)",
    call: () => zeros([4]).chunk(0),
    message: "chunk(): chunk expects `chunks` to be greater than 0, got: 0",
    op: "chunk",
  },
  {
    id: "view-fractional",
    group: "Views and shapes",
    doc: "a NaN or fractional size",
    code: "zeros([6]).view(NaN, 2)",
    call: () => zeros([6]).view(Number.NaN, 2),
    message: "view(): argument 'size' must be a list of integers, but got [NaN, 2]",
    op: "view",
    type: "TypeError",
  },
  {
    id: "view-negative",
    group: "Views and shapes",
    doc: "a negative size other than -1 (as PyTorch: not a type error)",
    code: "zeros([6]).view(-2, 3)",
    call: () => zeros([6]).view(-2, 3),
    message: "view(): invalid shape dimension -2 in [-2, 3]",
    op: "view",
  },
  {
    id: "reshape-expanded-huge",
    group: "Views and shapes",
    doc: "copying an expanded view with more elements than the limit",
    code: "ones([3, 1, 1]).expand(3, 1e5, 1e5).reshape(-1) // a copy: no strides view it as one dim",
    call: () => ones([3, 1, 1]).expand(3, 1e5, 1e5).reshape(-1),
    message:
      "reshape(): a tensor of shape [3, 100000, 100000] would have 30000000000 elements, more than tsgrad's limit of 2147483647",
    op: "reshape",
  },
  {
    id: "contiguous-expanded-huge",
    group: "Views and shapes",
    doc: "materialising an expanded view with more elements than the limit",
    code: "ones([1, 1]).expand(1e5, 1e5).contiguous()",
    call: () => ones([1, 1]).expand(1e5, 1e5).contiguous(),
    message:
      "contiguous(): a tensor of shape [100000, 100000] would have 10000000000 elements, more than tsgrad's limit of 2147483647",
    op: "contiguous",
  },
  {
    id: "expand-fractional",
    group: "Views and shapes",
    doc: "a fractional size",
    code: "zeros([1]).expand(2.5)",
    call: () => zeros([1]).expand(2.5),
    message: "expand(): argument 'size' must be a list of integers, but got [2.5]",
    op: "expand",
    type: "TypeError",
  },
  {
    id: "expand-huge-size",
    group: "Views and shapes",
    doc: "a size too big to count exactly",
    code: "zeros([1]).expand(1e300)",
    call: () => zeros([1]).expand(1e300),
    message:
      "expand(): argument 'size' must be a list of integers, but got [1e+300] (1e+300 is beyond Number.MAX_SAFE_INTEGER)",
    op: "expand",
    type: "TypeError",
  },
  {
    id: "expand-view-limit",
    group: "Views and shapes",
    doc: "a view of more elements than doubles count exactly",
    code: "ones([1, 1, 1]).expand(2 ** 20, 2 ** 20, 2 ** 20)",
    call: () => ones([1, 1, 1]).expand(2 ** 20, 2 ** 20, 2 ** 20),
    message:
      "expand(): a tensor of shape [1048576, 1048576, 1048576] would have 1152921504606847000 elements, more than tsgrad's limit of 9007199254740991 for a view",
    op: "expand",
  },
  {
    id: "transpose-dim-fractional",
    group: "Views and shapes",
    doc: "a fractional dim",
    code: "zeros([2, 3]).transpose(0.5, 1)",
    call: () => zeros([2, 3]).transpose(0.5, 1),
    message: "transpose(): argument 'dim' must be an integer, but got 0.5",
    op: "transpose",
    type: "TypeError",
  },
  {
    id: "unsqueeze-dim-nan",
    group: "Views and shapes",
    doc: "a NaN dim",
    code: "zeros([2]).unsqueeze(NaN)",
    call: () => zeros([2]).unsqueeze(Number.NaN),
    message: "unsqueeze(): argument 'dim' must be an integer, but got NaN",
    op: "unsqueeze",
    type: "TypeError",
  },
  {
    id: "narrow-fractional-start",
    group: "Views and shapes",
    doc: "a fractional start",
    code: "zeros([3, 4]).narrow(1, 0.5, 1)",
    call: () => zeros([3, 4]).narrow(1, 0.5, 1),
    message: "narrow(): argument 'start' must be an integer, but got 0.5",
    op: "narrow",
    type: "TypeError",
  },
  {
    id: "narrow-infinite-length",
    group: "Views and shapes",
    doc: "an infinite length",
    code: "zeros([3, 4]).narrow(1, 0, Infinity)",
    call: () => zeros([3, 4]).narrow(1, 0, Number.POSITIVE_INFINITY),
    message: "narrow(): argument 'length' must be an integer, but got Infinity",
    op: "narrow",
    type: "TypeError",
  },
  {
    id: "slice-nan-start",
    group: "Views and shapes",
    doc: "a NaN start",
    code: "zeros([3, 4]).slice(1, NaN)",
    call: () => zeros([3, 4]).slice(1, Number.NaN),
    message: "slice(): argument 'start' must be an integer, but got NaN",
    op: "slice",
    type: "TypeError",
  },
  {
    id: "slice-fractional-end",
    group: "Views and shapes",
    doc: "a fractional end (undefined or null means to the end)",
    code: "zeros([4]).slice(0, 0, 2.5)",
    call: () => zeros([4]).slice(0, 0, 2.5),
    message: "slice(): argument 'end' must be an integer, but got 2.5",
    op: "slice",
    type: "TypeError",
  },
  {
    id: "select-fractional",
    group: "Views and shapes",
    doc: "a fractional index",
    code: "zeros([3]).select(0, 0.5)",
    call: () => zeros([3]).select(0, 0.5),
    message: "select(): argument 'index' must be an integer, but got 0.5",
    op: "select",
    type: "TypeError",
  },
  {
    id: "split-fractional",
    group: "Views and shapes",
    doc: "a fractional split size",
    code: "zeros([4]).split(1.5)",
    call: () => zeros([4]).split(1.5),
    message: "split(): argument 'split_size' must be an integer, but got 1.5",
    op: "split",
    type: "TypeError",
  },
  {
    id: "split-sizes-fractional",
    group: "Views and shapes",
    doc: "fractional split sizes",
    code: "zeros([4]).split([1.5, 2.5])",
    call: () => zeros([4]).split([1.5, 2.5]),
    message: "split_with_sizes(): argument 'split_sizes' must be a list of integers, but got [1.5, 2.5]",
    op: "split_with_sizes",
    type: "TypeError",
  },
  {
    id: "chunk-fractional",
    group: "Views and shapes",
    doc: "a fractional number of chunks",
    code: "zeros([4]).chunk(2.5)",
    call: () => zeros([4]).chunk(2.5),
    message: "chunk(): argument 'chunks' must be an integer, but got 2.5",
    op: "chunk",
    type: "TypeError",
  },
  {
    id: "repeat-fractional",
    group: "Views and shapes",
    doc: "a fractional repeat count",
    code: "zeros([2]).repeat(1.5)",
    call: () => zeros([2]).repeat(1.5),
    message: "repeat(): argument 'repeats' must be a list of integers, but got [1.5]",
    op: "repeat",
    type: "TypeError",
  },
  {
    id: "repeat-huge",
    group: "Views and shapes",
    doc: "a result with more elements than the limit",
    code: "zeros([2]).repeat(2 ** 30, 2)",
    call: () => zeros([2]).repeat(2 ** 30, 2),
    message:
      "repeat(): a tensor of shape [1073741824, 4] would have 4294967296 elements, more than tsgrad's limit of 2147483647",
    op: "repeat",
  },
  {
    id: "tile-nan",
    group: "Views and shapes",
    doc: "a NaN repeat count",
    code: "zeros([2]).tile(NaN)",
    call: () => zeros([2]).tile(Number.NaN),
    message: "tile(): argument 'dims' must be a list of integers, but got [NaN]",
    op: "tile",
    type: "TypeError",
  },
  {
    id: "size-dim-range",
    group: "Views and shapes",
    doc: "a dim out of range",
    code: "zeros([2, 3]).size(-3)",
    call: () => zeros([2, 3]).size(-3),
    message: "size(): Dimension out of range (expected to be in range of [-2, 1], but got -3)",
    op: "size",
  },
  {
    id: "to-bad-dtype",
    group: "Views and shapes",
    doc: "converting to an unknown dtype",
    code: 'zeros([2]).to("float16")',
    call: () => zeros([2]).to(any("float16")),
    message: "to(): unsupported dtype 'float16' (expected one of float32, float64, int32, bool)",
    op: "to",
    type: "TypeError",
  },
  {
    id: "mul-int32-overflow",
    group: "Elementwise",
    doc: "an int32 product past int32 (PyTorch's int64 holds it; wrapping would give -1794967296)",
    code: "tensor([50000]).mul(50000)",
    call: () => tensor([50000]).mul(50000),
    message:
      "mul(): value cannot be converted to type int32 without overflow (got 2500000000; the exact int32 result, which PyTorch's int64 holds: convert first, e.g. x.double())",
    op: "mul",
  },
  {
    id: "pow-int32-overflow",
    group: "Elementwise",
    doc: "an int32 power past int32",
    code: "tensor([3]).pow(25)",
    call: () => tensor([3]).pow(25),
    message:
      "pow(): value cannot be converted to type int32 without overflow (got 847288609443; the exact int32 result, which PyTorch's int64 holds: convert first, e.g. x.double())",
    op: "pow",
  },
  {
    id: "add-alpha-string",
    group: "Elementwise",
    doc: "an alpha that is not a number (an object was NaN)",
    code: 'x.add(y, "2")',
    call: () => zeros([2]).add(1, any("2")),
    message: "add(): argument 'alpha' must be a number, but got a string (\"2\")",
    op: "add",
    type: "TypeError",
  },
  {
    id: "div-rounding-positional",
    group: "Elementwise",
    doc: "rounding_mode given positionally (PyTorch: a keyword)",
    code: 'x.div(2, "floor")',
    call: () => zeros([2]).div(2, any("floor")),
    message:
      'div(): expected an options object as argument 3, but got a string ("floor") (did you mean { roundingMode: "floor" }?)',
    op: "div",
    type: "TypeError",
  },
  {
    id: "leaky-relu-snake-keyword",
    group: "Elementwise",
    doc: "PyTorch's snake_case keyword (an object was NaN)",
    code: "leakyRelu(x, { negative_slope: 0.2 })",
    call: () => ts.leakyRelu(zeros([2]), any({ negative_slope: 0.2 })),
    message: "leakyRelu(): got an unexpected option 'negative_slope' (did you mean 'negativeSlope'?)",
    op: "leakyRelu",
    type: "TypeError",
  },
  {
    id: "gelu-approximate-unknown",
    group: "Elementwise",
    doc: "a gelu approximation PyTorch does not have (it was ignored)",
    code: 'gelu(x, { approximate: "tan" })',
    call: () => ts.gelu(zeros([2]), any({ approximate: "tan" })),
    message: "gelu(): approximate argument must be either none or tanh, got 'tan'",
    op: "gelu",
  },
  {
    id: "normal-generator-number",
    group: "Elementwise",
    doc: "a seed where normal_ takes a Generator",
    code: "x.normal_(0, 1, 42)",
    call: () => zeros([2]).normal_(0, 1, any(42)),
    message: "normal_(): argument 'generator' must be a Generator, but got a number (42)",
    op: "normal_",
    type: "TypeError",
  },
  {
    id: "normal-keyword-misspelt",
    group: "Elementwise",
    doc: "a misspelt keyword (an options object was NaN samples)",
    code: "x.normal_({ mean: 0, sd: 1 })",
    call: () => zeros([2]).normal_(any({ mean: 0, sd: 1 })),
    message: "normal_(): got an unexpected option 'sd' (did you mean 'std'?)",
    op: "normal_",
    type: "TypeError",
  },
  {
    id: "max-tensor-keepdim",
    group: "Elementwise",
    doc: "keepdim after the tensor of an elementwise max",
    code: "x.max(y, true)",
    call: () => Reflect.apply(zeros([2]).max, zeros([2]), [zeros([2]), true]),
    message: "max(): with a tensor as argument 1 (elementwise maximum) there can be no argument 2",
    op: "max",
    type: "TypeError",
  },
  {
    id: "cdist-p-string",
    group: "Matrix products",
    doc: "cdist's p that is not a number (an object printed as [object Object])",
    code: 'cdist(a, b, "1")',
    call: () => ts.cdist(zeros([1, 2]), zeros([1, 2]), any("1")),
    message: "cdist(): argument 'p' must be a number, but got a string (\"1\")",
    op: "cdist",
    type: "TypeError",
  },
  {
    id: "div-rounding-unknown",
    group: "Elementwise",
    doc: "a rounding mode PyTorch does not have",
    code: 'x.div(2, { roundingMode: "round" })',
    call: () => zeros([2]).div(2, any({ roundingMode: "round" })),
    message: "div(): div expected rounding_mode to be one of None, 'trunc', or 'floor' but found 'round'",
    op: "div",
  },
  {
    id: "div-floor-int-zero",
    group: "Elementwise",
    doc: "integer floor division by 0",
    code: 'tensor([5, -5]).div(0, { roundingMode: "floor" })',
    call: () => tensor([5, -5]).div(0, { roundingMode: "floor" }),
    message: "div(): ZeroDivisionError (an integer divisor is 0)",
    op: "div",
  },
  {
    id: "round-decimals-positional",
    group: "Elementwise",
    doc: "decimals given positionally (PyTorch: a keyword)",
    code: "x.round(1)",
    call: () => zeros([2]).round(any(1)),
    message:
      "round(): expected an options object as argument 2, but got a number (1) (did you mean { decimals: 1 }?)",
    op: "round",
    type: "TypeError",
  },
  {
    id: "to-dtype-twice",
    group: "Views and shapes",
    doc: "a dtype both as an argument and as the keyword",
    code: 'x.to("float64", { dtype: "float32" })',
    call: () => zeros([2]).to("float64", { dtype: "float32" }),
    message: "to(): the dtype is given twice, as an argument and as the option 'dtype'",
    op: "to",
    type: "TypeError",
  },
  {
    id: "to-options-then-more",
    group: "Views and shapes",
    doc: "a second argument after the keywords object",
    code: 'x.to({ dtype: "float64" }, "float32")',
    call: () => zeros([2]).to({ dtype: "float64" }, "float32"),
    message: "to(): got an options object as argument 1, so there can be no argument 2",
    op: "to",
    type: "TypeError",
  },
  {
    id: "to-unknown-option",
    group: "Views and shapes",
    doc: "a misspelt keyword of to()",
    code: 'x.to({ dtyp: "float64" })',
    call: () => zeros([2]).to(any({ dtyp: "float64" })),
    message: "to(): got an unexpected option 'dtyp' (did you mean 'dtype'?)",
    op: "to",
    type: "TypeError",
  },
  {
    id: "item-many",
    group: "Views and shapes",
    doc: "item() of a tensor with several elements",
    code: "zeros([2]).item()",
    call: () => zeros([2]).item(),
    message: "item(): a Tensor with 2 elements cannot be converted to Scalar (shape [2])",
    op: "item",
  },
  {
    id: "diag-3d",
    group: "Views and shapes",
    doc: "a 3-D input",
    code: "diag(zeros([2, 2, 2]))",
    call: () => ts.diag(zeros([2, 2, 2])),
    message: "diag(): matrix or a vector expected (got 3-D)",
    op: "diag",
  },
  {
    id: "trace-1d",
    group: "Views and shapes",
    doc: "a vector",
    code: "trace(zeros([3]))",
    call: () => ts.trace(zeros([3])),
    message: "trace(): expected a matrix, but got tensor with dim 1",
    op: "trace",
  },
  {
    id: "roll-align",
    group: "Views and shapes",
    doc: "more shifts than dims",
    code: "roll(zeros([3, 4]), [1, 2], [0])",
    call: () => ts.roll(zeros([3, 4]), [1, 2], [0]),
    message: "roll(): shifts and dimensions must align. shifts: 2, dims:1",
    op: "roll",
  },
  {
    id: "split-size-zero",
    group: "Views and shapes",
    doc: "a split size of 0 on a dim that is not empty",
    code: "zeros([2, 3]).split(0, 1)",
    call: () => zeros([2, 3]).split(0, 1),
    message: "split(): split_size can only be 0 if dimension size is 0, but got dimension size of 3",
    op: "split",
  },
  {
    id: "abs-bool",
    group: "Elementwise",
    doc: "abs, floor, ceil, round, trunc or relu of a bool tensor (the input came back)",
    code: "tensor([true, false]).abs()",
    call: () => tensor([true, false]).abs(),
    message: `abs(): "abs" not implemented for 'Bool' (as in PyTorch; convert first, e.g. x.int())`,
    op: "abs",
  },
  {
    id: "round-int-decimals",
    group: "Integers: the int32 range and integer inputs",
    doc: "round with decimals of an integer tensor (the input came back: 15 to the tens is 20)",
    code: "tensor([15, 25]).round({ decimals: -1 })",
    call: () => tensor([15, 25]).round({ decimals: -1 }),
    message:
      "round(): expected a floating point input, but got int32 (round with decimals is not implemented for it, as in PyTorch)",
    op: "round",
  },
  {
    id: "add-int-fractional-alpha",
    group: "Integers: the int32 range and integer inputs",
    doc: "a fractional alpha for an integer add (it was truncated)",
    code: "tensor([1, 3]).add(tensor([1, 1]), 0.5)",
    call: () => tensor([1, 3]).add(tensor([1, 1]), 0.5),
    message:
      "add(): For integral input tensors, argument alpha must not be a floating point number (got alpha=0.5, result dtype int32)",
    op: "add",
  },
  {
    id: "roll-shifts-object",
    group: "Views and shapes",
    doc: "an options object as shifts (they are positional, as in PyTorch)",
    code: "roll(x, { shifts: 1 })",
    call: () => ts.roll(zeros([3]), any({ shifts: 1 })),
    message:
      "roll(): argument 'shifts' must be an integer or a list of integers, but got object (shifts is a positional argument here: write x.roll(1, ...) or roll(x, 1, ...), not { shifts: 1 })",
    op: "roll",
    type: "TypeError",
  },
  {
    id: "movedim-source-string",
    group: "Views and shapes",
    doc: "a string as source",
    code: 'movedim(x, "0", 1)',
    call: () => ts.movedim(zeros([2, 3]), any("0"), 1),
    message: "movedim(): argument 'source' must be an integer or a list of integers, but got string",
    op: "movedim",
    type: "TypeError",
  },
  {
    id: "logsumexp-dim-object",
    group: "Reductions",
    doc: "PyTorch's keyword dim in an options object (it is positional here)",
    code: "logsumexp(x, { dim: 1 })",
    call: () => ts.logsumexp(zeros([2, 3]), any({ dim: 1 })),
    message:
      "logsumexp(): argument 'dim' must be an integer or a list of integers, but got object (dim is a positional argument here: write x.logsumexp(1, ...) or logsumexp(x, 1, ...), not { dim: 1 })",
    op: "logsumexp",
    type: "TypeError",
  },
  {
    id: "var-correction-string",
    group: "Reductions",
    doc: "a string as correction (was a NaN result)",
    code: 'var(x, 0, "1")',
    call: () => ts.var(zeros([3]), 0, any("1")),
    message: "var(): argument 'correction' must be a number, but got a string (\"1\")",
    op: "var",
    type: "TypeError",
  },
  {
    id: "cuda-device-object",
    group: "Devices and dtypes",
    doc: "a device that is neither a number nor a string",
    code: "x.cuda({})",
    call: () => zeros([1]).cuda(any({})),
    message: "cuda(): argument 'device' must be a number or a string, but got object",
    op: "cuda",
    type: "TypeError",
  },
  {
    id: "result-type-number",
    group: "Devices and dtypes",
    doc: "a number where resultType takes a tensor",
    code: "resultType(x, 2)",
    call: () => ts.resultType(zeros([1]), any(2)),
    message: "resultType(): argument 'tensor2' must be a Tensor, but got number",
    op: "resultType",
    type: "TypeError",
  },
  {
    id: "roll-float-shift",
    group: "Views and shapes",
    doc: "a fractional shift",
    code: "roll(zeros([3]), 1.5)",
    call: () => ts.roll(zeros([3]), 1.5),
    message: "roll(): argument 'shifts' must be an integer, but got 1.5",
    op: "roll",
    type: "TypeError",
  },
  {
    id: "diff-negative",
    group: "Views and shapes",
    doc: "a negative order",
    code: "diff(zeros([3]), -1)",
    call: () => ts.diff(zeros([3]), -1),
    message: "diff(): order must be non-negative but got -1",
    op: "diff",
  },
  {
    id: "diff-0d",
    group: "Views and shapes",
    doc: "a 0-d input",
    code: "diff(tensor(1))",
    call: () => ts.diff(tensor(1)),
    message: "diff(): diff expects input to be at least one-dimensional",
    op: "diff",
  },
  {
    id: "diff-prepend",
    group: "Views and shapes",
    doc: "prepend that is not a tensor",
    code: "diff(zeros([3]), 1, -1, { prepend: [0] })",
    call: () => ts.diff(zeros([3]), 1, -1, any({ prepend: [0] })),
    message: "diff(): option 'prepend' must be a Tensor, but got [0]",
    op: "diff",
    type: "TypeError",
  },
  {
    id: "meshgrid-indexing",
    group: "Views and shapes",
    doc: "an indexing other than ij and xy",
    code: 'meshgrid([zeros([2])], { indexing: "ji" })',
    call: () => ts.meshgrid([zeros([2])], any({ indexing: "ji" })),
    message: 'meshgrid(): indexing must be one of "xy" or "ij", but received: ji',
    op: "meshgrid",
  },
  {
    id: "meshgrid-2d",
    group: "Views and shapes",
    doc: "a 2-D tensor",
    code: "meshgrid([zeros([2, 2])])",
    call: () => ts.meshgrid([zeros([2, 2])]),
    message: "meshgrid(): Expected 0D or 1D tensor in the tensor list but got: 2-D (tensors[0])",
    op: "meshgrid",
  },
  {
    id: "meshgrid-empty",
    group: "Views and shapes",
    doc: "no tensors",
    code: "meshgrid([])",
    call: () => ts.meshgrid([]),
    message: "meshgrid(): expects a non-empty TensorList",
    op: "meshgrid",
  },
  {
    id: "meshgrid-dtypes",
    group: "Views and shapes",
    doc: "tensors of different dtypes",
    code: "meshgrid([zeros([2]), tensor([1, 2])])",
    call: () => ts.meshgrid([zeros([2]), tensor([1, 2])]),
    message: "meshgrid(): expects all tensors to have the same dtype",
    op: "meshgrid",
  },

  // ---- joining -------------------------------------------------------------------------------------------
  {
    id: "cat-empty-list",
    group: "Joining",
    doc: "an empty list",
    code: "cat([])",
    call: () => cat([]),
    message: "cat(): expected a non-empty list of Tensors",
    op: "cat",
  },
  {
    id: "cat-size-mismatch",
    group: "Joining",
    doc: "sizes that differ outside the cat dim",
    code: "cat([zeros([2, 3]), zeros([2, 4])], 0)",
    call: () => cat([zeros([2, 3]), zeros([2, 4])], 0),
    message:
      "cat(): Sizes of tensors must match except in dimension 0. Expected size 3 but got size 4 for tensor number 1 in the list (shapes [2, 3] and [2, 4]).",
    op: "cat",
  },
  {
    id: "cat-rank-mismatch",
    group: "Joining",
    doc: "tensors of different ranks",
    code: "cat([zeros([2, 3]), zeros([3])])",
    call: () => cat([zeros([2, 3]), zeros([3])]),
    message: "cat(): Tensors must have same number of dimensions: got 2 and 1",
    op: "cat",
  },
  {
    id: "cat-zero-dim",
    group: "Joining",
    doc: "a 0-d tensor",
    code: "cat([tensor(1), tensor(2)])",
    call: () => cat([tensor(1), tensor(2)]),
    message: "cat(): zero-dimensional tensor (at position 0) cannot be concatenated",
    op: "cat",
  },
  {
    id: "cat-dim-range",
    group: "Joining",
    doc: "a dim out of range",
    code: "cat([zeros([2]), zeros([2])], 1)",
    call: () => cat([zeros([2]), zeros([2])], 1),
    message: "cat(): Dimension out of range (expected to be in range of [-1, 0], but got 1)",
    op: "cat",
  },
  {
    id: "cat-not-tensor",
    group: "Joining",
    doc: "a non-tensor in the list",
    code: "cat([zeros([2]), [1, 2]])",
    call: () => cat([zeros([2]), any([1, 2])]),
    message: "cat(): expected Tensor as element 1 in argument 'tensors', but got array",
    op: "cat",
    type: "TypeError",
  },
  {
    id: "cat-huge",
    group: "Joining",
    doc: "a result with more elements than the limit",
    code: "cat([ones([1, 1]).expand(1e5, 5e4), ones([1, 1]).expand(1e5, 5e4)])",
    call: () => cat([ones([1, 1]).expand(1e5, 5e4), ones([1, 1]).expand(1e5, 5e4)]),
    message:
      "cat(): a tensor of shape [200000, 50000] would have 10000000000 elements, more than tsgrad's limit of 2147483647",
    op: "cat",
  },
  {
    id: "stack-unequal",
    group: "Joining",
    doc: "tensors of different shapes",
    code: "stack([zeros([2]), zeros([3])])",
    call: () => stack([zeros([2]), zeros([3])]),
    message: "stack(): stack expects each tensor to be equal size, but got [2] at entry 0 and [3] at entry 1",
    op: "stack",
  },

  // ---- reductions --------------------------------------------------------------------------------------
  {
    id: "topk-fractional",
    group: "Reductions",
    doc: "a fractional k",
    code: "zeros([5]).topk(1.5)",
    call: () => zeros([5]).topk(1.5),
    message: "topk(): argument 'k' must be an integer, but got 1.5",
    op: "topk",
    type: "TypeError",
  },
  {
    id: "sum-dim-range",
    group: "Reductions",
    doc: "a dim out of range",
    code: "zeros([2, 3]).sum(2)",
    call: () => zeros([2, 3]).sum(2),
    message: "sum(): Dimension out of range (expected to be in range of [-2, 1], but got 2)",
    op: "sum",
  },
  {
    id: "sum-dim-repeated",
    group: "Reductions",
    doc: "the same dim twice",
    code: "zeros([2, 3]).sum([1, -1])",
    call: () => zeros([2, 3]).sum([1, -1]),
    message: "sum(): dim 1 appears multiple times in the list of dims",
    op: "sum",
  },
  {
    id: "sum-dim-fractional",
    group: "Reductions",
    doc: "a fractional dim",
    code: "zeros([2, 3]).sum(0.5)",
    call: () => zeros([2, 3]).sum(0.5),
    message: "sum(): argument 'dim' must be an integer, but got 0.5",
    op: "sum",
    type: "TypeError",
  },
  {
    id: "sum-dim-string",
    group: "Reductions",
    doc: "a string as dim",
    code: 'zeros([2, 3]).sum("1")',
    call: () => zeros([2, 3]).sum(any("1")),
    message: "sum(): argument 'dim' must be an integer or a list of integers, but got string",
    op: "sum",
    type: "TypeError",
  },
  {
    id: "mean-int",
    group: "Reductions",
    doc: "mean of an integer tensor",
    code: "tensor([1, 2]).mean()",
    call: () => tensor([1, 2]).mean(),
    message:
      "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: int32",
    op: "mean",
  },
  {
    id: "amax-empty",
    group: "Reductions",
    doc: "max of an empty tensor",
    code: "zeros([0]).amax()",
    call: () => zeros([0]).amax(),
    message: "amax(): Expected reduction dim 0 to have non-zero size (input shape [0])",
    op: "amax",
  },
  {
    id: "max-empty",
    group: "Reductions",
    doc: "max of an empty tensor",
    code: "zeros([0, 3]).max()",
    call: () => zeros([0, 3]).max(),
    message: "max(): Expected reduction dim 0 to have non-zero size (input shape [0, 3])",
    op: "max",
  },
  {
    id: "max-dim-empty",
    group: "Reductions",
    doc: "max along an empty dim",
    code: "zeros([2, 0]).max(1)",
    call: () => zeros([2, 0]).max(1),
    message: "max(): Expected reduction dim 1 to have non-zero size (input shape [2, 0])",
    op: "max",
  },
  {
    id: "argmax-empty",
    group: "Reductions",
    doc: "argmax of an empty tensor",
    code: "zeros([0]).argmax()",
    call: () => zeros([0]).argmax(),
    message: "argmax(): Expected reduction dim 0 to have non-zero size (input shape [0])",
    op: "argmax",
  },
  {
    id: "var-int",
    group: "Reductions",
    doc: "variance of an integer tensor",
    code: "tensor([1, 2]).var()",
    call: () => tensor([1, 2]).var(),
    message: "var(): input dtype should be floating point, but got int32",
    op: "var",
  },
  {
    id: "keepdim-string",
    group: "Reductions",
    doc: "a truthy non-boolean keepdim (was taken as true)",
    code: 'x.mean(1, "float64")',
    call: () => zeros([2, 3]).mean(1, any("float64")),
    message: "mean(): argument 'keepdim' must be a boolean, but got a string (\"float64\")",
    op: "mean",
    type: "TypeError",
  },
  {
    id: "keepdim-other-keyword",
    group: "Reductions",
    doc: "a keyword the reduction does not have in keepdim's place (amax has no dtype=)",
    code: 'x.amax(1, { dtype: "float64" })',
    call: () => zeros([2, 3]).amax(1, any({ dtype: "float64" })),
    message: "amax(): got an unexpected option 'dtype' (valid options: keepdim)",
    op: "amax",
    type: "TypeError",
  },
  {
    id: "std-int",
    group: "Reductions",
    doc: "standard deviation of an integer tensor (named std, not var)",
    code: "tensor([1, 2]).std()",
    call: () => tensor([1, 2]).std(),
    message: "std(): input dtype should be floating point, but got int32",
    op: "std",
  },
  {
    id: "sum-dim-keyword",
    group: "Reductions",
    doc: "PyTorch's keyword dim in an options object (it is positional here)",
    code: "x.sum({ dim: [0, 1] })",
    call: () => zeros([2, 3]).sum(any({ dim: [0, 1] })),
    message:
      "sum(): argument 'dim' must be an integer or a list of integers, but got object (dim is a positional argument here: write x.sum([0, 1], ...) or sum(x, [0, 1], ...), not { dim: [0, 1] })",
    op: "sum",
    type: "TypeError",
  },
  {
    id: "softmax-dim-keyword",
    group: "Reductions",
    doc: "softmax(dim=1) written with an options object",
    code: "x.softmax({ dim: 1 })",
    call: () => zeros([2, 3]).softmax(any({ dim: 1 })),
    message:
      "softmax(): argument 'dim' must be an integer, but got object (dim is a positional argument here: write x.softmax(1, ...) or softmax(x, 1, ...), not { dim: 1 })",
    op: "softmax",
    type: "TypeError",
  },
  {
    id: "norm-p-string",
    group: "Reductions",
    doc: "a string norm ('fro', 'nuc'), which tsgrad does not have",
    code: 'x.norm("fro")',
    call: () => zeros([2, 3]).norm(any("fro")),
    message: "norm(): argument 'p' must be a number, but got 'fro'",
    op: "norm",
    type: "TypeError",
  },
  {
    id: "norm-p-keyword",
    group: "Reductions",
    doc: "norm(p=1) written with an options object",
    code: "x.norm({ p: 1 })",
    call: () => zeros([2, 3]).norm(any({ p: 1 })),
    message:
      "norm(): argument 'p' must be a number, but got object (p is a positional argument here: write x.norm(1, ...) or norm(x, 1, ...), not { p: 1 })",
    op: "norm",
    type: "TypeError",
  },
  {
    id: "softmax-dim-range",
    group: "Reductions",
    doc: "softmax over a dim out of range",
    code: "zeros([2, 3]).softmax(2)",
    call: () => zeros([2, 3]).softmax(2),
    message: "softmax(): Dimension out of range (expected to be in range of [-2, 1], but got 2)",
    op: "softmax",
  },
  {
    id: "softmax-no-dim",
    group: "Reductions",
    doc: "softmax without a dim",
    code: "zeros([2, 3]).softmax()",
    call: () => any(zeros([2, 3])).softmax(),
    message: "softmax(): argument 'dim' must be an integer, but got undefined",
    op: "softmax",
    type: "TypeError",
  },
  {
    id: "log-softmax-int",
    group: "Reductions",
    doc: "log_softmax of an integer tensor",
    code: "tensor([1, 2]).logSoftmax(0)",
    call: () => tensor([1, 2]).logSoftmax(0),
    message: "log_softmax(): expected a floating point input, but got int32",
    op: "log_softmax",
  },
  {
    id: "searchsorted-shapes",
    group: "Reductions",
    doc: "a sequence whose leading dims differ from the values'",
    code: "searchsorted(zeros([2, 2]), zeros([1]))",
    call: () => ts.searchsorted(zeros([2, 2]), zeros([1])),
    message:
      "searchsorted(): boundaries tensor should be 1 dimension or the first N-1 dimensions of boundaries tensor and input value tensor must match, but we got boundaries tensor [2, 2] and input value tensor [1]",
    op: "searchsorted",
  },
  {
    id: "searchsorted-side",
    group: "Reductions",
    doc: "a side other than left and right",
    code: 'searchsorted(s, v, { side: "mid" })',
    call: () => ts.searchsorted(zeros([2]), zeros([1]), any({ side: "mid" })),
    message: "searchsorted(): side can only be 'left' or 'right' but got mid",
    op: "searchsorted",
  },
  {
    id: "searchsorted-side-right",
    group: "Reductions",
    doc: "side and right that disagree",
    code: 'searchsorted(s, v, { side: "left", right: true })',
    call: () => ts.searchsorted(zeros([2]), zeros([1]), { side: "left", right: true }),
    message:
      "searchsorted(): side and right can't be set to opposites, got side of left while right was True",
    op: "searchsorted",
  },
  {
    id: "bincount-negative",
    group: "Reductions",
    doc: "a negative value",
    code: "bincount(tensor([1, -1]))",
    call: () => ts.bincount(tensor([1, -1])),
    message: "bincount(): bincount only supports 1-d non-negative integral inputs (got -1)",
    op: "bincount",
  },
  {
    id: "bincount-2d",
    group: "Reductions",
    doc: "a 2-D input",
    code: "bincount(tensor([[1]]))",
    call: () => ts.bincount(tensor([[1]])),
    message: "bincount(): bincount only supports 1-d non-negative integral inputs (got shape [1, 1])",
    op: "bincount",
  },
  {
    id: "bincount-float",
    group: "Reductions",
    doc: "a float input",
    code: "bincount(tensor([1.5]))",
    call: () => ts.bincount(tensor([1.5])),
    message: "bincount(): bincount only supports 1-d non-negative integral inputs (got float32)",
    op: "bincount",
  },
  {
    id: "bincount-weights",
    group: "Reductions",
    doc: "weights of another length",
    code: "bincount(tensor([1, 2]), { weights: tensor([1.5]) })",
    call: () => ts.bincount(tensor([1, 2]), { weights: tensor([1.5]) }),
    message: "bincount(): weights should be 1-d and have the same length as input (weights [1], input [2])",
    op: "bincount",
  },
  {
    id: "bincount-minlength",
    group: "Reductions",
    doc: "a negative minlength",
    code: "bincount(tensor([1]), { minlength: -1 })",
    call: () => ts.bincount(tensor([1]), { minlength: -1 }),
    message: "bincount(): minlength should be >= 0 (got -1)",
    op: "bincount",
  },
  {
    id: "histc-int",
    group: "Reductions",
    doc: "an int32 input",
    code: "histc(tensor([1, 2]), 3)",
    call: () => ts.histc(tensor([1, 2]), 3),
    message: "histc(): \"histogram_cpu\" not implemented for 'int32'",
    op: "histc",
  },
  {
    id: "histc-bins",
    group: "Reductions",
    doc: "zero bins",
    code: "histc(zeros([2]), 0)",
    call: () => ts.histc(zeros([2]), 0),
    message: "histc(): bins must be > 0, but got 0",
    op: "histc",
  },
  {
    id: "histc-range",
    group: "Reductions",
    doc: "min above max",
    code: "histc(zeros([2]), 4, 3, 1)",
    call: () => ts.histc(zeros([2]), 4, 3, 1),
    message: "histc(): max must be larger than min (got min 3, max 1)",
    op: "histc",
  },
  {
    id: "histc-nan-range",
    group: "Reductions",
    doc: "a range taken from data with NaN",
    code: "histc(tensor([1, NaN]), 4)",
    call: () => ts.histc(tensor([1, Number.NaN]), 4),
    message: "histc(): range of [NaN, NaN] is not finite",
    op: "histc",
  },
  {
    id: "unique-option",
    group: "Reductions",
    doc: "PyTorch's snake_case option",
    code: "unique(x, { return_inverse: true })",
    call: () => ts.unique(zeros([2]), any({ return_inverse: true })),
    message: "unique(): got an unexpected option 'return_inverse' (did you mean 'returnInverse'?)",
    op: "unique",
    type: "TypeError",
  },

  // ---- linear algebra ----------------------------------------------------------------------------------
  {
    id: "matmul-huge",
    group: "Matrix products",
    doc: "a product with more elements than the limit",
    code: "zeros([1e5, 1]).matmul(zeros([1, 1e5]))",
    call: () => zeros([1e5, 1]).matmul(zeros([1, 1e5])),
    message:
      "matmul(): a tensor of shape [100000, 100000] would have 10000000000 elements, more than tsgrad's limit of 2147483647",
    op: "matmul",
  },
  {
    id: "matmul-mismatch",
    group: "Matrix products",
    doc: "inner sizes that differ",
    code: "zeros([2, 3]).matmul(zeros([4, 5]))",
    call: () => zeros([2, 3]).matmul(zeros([4, 5])),
    message: "matmul(): mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)",
    op: "matmul",
  },
  {
    id: "matmul-vector-mismatch",
    group: "Matrix products",
    doc: "two vectors of different lengths",
    code: "zeros([2]).matmul(zeros([3]))",
    call: () => zeros([2]).matmul(zeros([3])),
    message:
      "matmul(): inconsistent tensor size, expected tensor [2] and src [3] to have the same number of elements, but got 2 and 3 elements respectively",
    op: "matmul",
  },
  {
    id: "matmul-batch-mismatch",
    group: "Matrix products",
    doc: "batch dims that do not broadcast",
    code: "zeros([2, 2, 3]).matmul(zeros([3, 3, 4]))",
    call: () => zeros([2, 2, 3]).matmul(zeros([3, 3, 4])),
    message:
      "matmul(): batch dimensions do not broadcast: size 2 vs 3 at batch dimension -1 (shapes [2, 2, 3] and [3, 3, 4])",
    op: "matmul",
  },
  {
    id: "matmul-zero-dim",
    group: "Matrix products",
    doc: "a 0-d operand",
    code: "tensor(2.5).matmul(zeros([2]))",
    call: () => tensor(2.5).matmul(zeros([2])),
    message: "matmul(): both arguments to matmul need to be at least 1D, but they are 0D and 1D",
    op: "matmul",
  },
  {
    id: "matmul-dtype",
    group: "Matrix products",
    doc: "operands of different dtypes",
    code: 'zeros([2, 2]).matmul(zeros([2, 2], { dtype: "float64" }))',
    call: () => zeros([2, 2]).matmul(zeros([2, 2], f64)),
    message: "matmul(): expected both operands to have the same dtype, but got float32 and float64",
    op: "matmul",
  },
  {
    id: "matmul-not-tensor",
    group: "Matrix products",
    doc: "a JS array as an operand",
    code: "zeros([2, 2]).matmul([[1, 0], [0, 1]])",
    call: () =>
      zeros([2, 2]).matmul(
        any([
          [1, 0],
          [0, 1],
        ]),
      ),
    message: "matmul(): argument 'other' (position 2) must be a Tensor, but got array",
    op: "matmul",
    type: "TypeError",
  },
  {
    id: "mm-vector",
    group: "Matrix products",
    doc: "mm with a vector",
    code: "zeros([2, 2]).mm(zeros([2]))",
    call: () => zeros([2, 2]).mm(zeros([2])),
    message: "mm(): mat2 must be a matrix, but got a 1-D tensor",
    op: "mm",
  },
  {
    id: "bmm-batch",
    group: "Matrix products",
    doc: "different batch sizes",
    code: "zeros([2, 2, 3]).bmm(zeros([3, 3, 4]))",
    call: () => zeros([2, 2, 3]).bmm(zeros([3, 3, 4])),
    message: "bmm(): batch1 and batch2 must have same number of batches, got 2 and 3",
    op: "bmm",
  },
  {
    id: "dot-mismatch",
    group: "Matrix products",
    doc: "vectors of different lengths",
    code: "zeros([2]).dot(zeros([3]))",
    call: () => zeros([2]).dot(zeros([3])),
    message:
      "dot(): inconsistent tensor size, expected tensor [2] and src [3] to have the same number of elements, but got 2 and 3 elements respectively",
    op: "dot",
  },
  {
    id: "outer-2d",
    group: "Matrix products",
    doc: "a matrix as outer's first argument",
    code: "outer(zeros([2, 2]), zeros([3]))",
    call: () => ts.outer(zeros([2, 2]), zeros([3])),
    message: "outer(): Expected 1-D argument self, but got 2-D (shape [2, 2])",
    op: "outer",
  },
  {
    id: "addmm-shapes",
    group: "Matrix products",
    doc: "matrices that cannot be multiplied",
    code: "addmm(zeros([3, 3]), zeros([3, 4]), zeros([3, 4]))",
    call: () => ts.addmm(zeros([3, 3]), zeros([3, 4]), zeros([3, 4])),
    message: "addmm(): mat1 and mat2 shapes cannot be multiplied (3x4 and 3x4)",
    op: "addmm",
  },
  {
    id: "addmm-input-shape",
    group: "Matrix products",
    doc: "an input that does not broadcast to the product",
    code: "addmm(zeros([2]), zeros([3, 4]), zeros([4, 5]))",
    call: () => ts.addmm(zeros([2]), zeros([3, 4]), zeros([4, 5])),
    message:
      "addmm(): The size of tensor a (2) must match the size of tensor b (5) at non-singleton dimension 1 (shapes [2] and [3, 5])",
    op: "addmm",
  },
  {
    id: "addmm-input-larger",
    group: "Matrix products",
    doc: "an input larger than the product",
    code: "addmm(zeros([2, 3, 5]), zeros([3, 4]), zeros([4, 5]))",
    call: () => ts.addmm(zeros([2, 3, 5]), zeros([3, 4]), zeros([4, 5])),
    message: "addmm(): input of shape [2, 3, 5] does not broadcast to the product's shape [3, 5]",
    op: "addmm",
  },
  {
    id: "baddbmm-alpha",
    group: "Matrix products",
    doc: "alpha of the wrong type",
    code: 'baddbmm(zeros([1, 2, 2]), a, a, { alpha: "1" })  // a = zeros([1, 2, 2])',
    call: () => ts.baddbmm(zeros([1, 2, 2]), zeros([1, 2, 2]), zeros([1, 2, 2]), any({ alpha: "1" })),
    message: "baddbmm(): option 'alpha' must be a number, but got a string (\"1\")",
    op: "baddbmm",
    type: "TypeError",
  },
  {
    id: "cdist-columns",
    group: "Matrix products",
    doc: "rows of different lengths",
    code: "cdist(zeros([3, 4]), zeros([3, 5]))",
    call: () => ts.cdist(zeros([3, 4]), zeros([3, 5])),
    message: "cdist(): X1 and X2 must have the same number of columns. X1: 4 X2: 5",
    op: "cdist",
  },
  {
    id: "cdist-1d",
    group: "Matrix products",
    doc: "a 1-D input",
    code: "cdist(zeros([3]), zeros([3]))",
    call: () => ts.cdist(zeros([3]), zeros([3])),
    message: "cdist(): cdist only supports at least 2D tensors, X1 got: 1D",
    op: "cdist",
  },
  {
    id: "cdist-p",
    group: "Matrix products",
    doc: "a p other than 1 and 2 (tsgrad supports those two)",
    code: "cdist(zeros([2, 2]), zeros([2, 2]), 3)",
    call: () => ts.cdist(zeros([2, 2]), zeros([2, 2]), 3),
    message: "cdist(): tsgrad supports p = 1 and p = 2 only (got 3)",
    op: "cdist",
  },
  {
    id: "cdist-int",
    group: "Matrix products",
    doc: "int32 points",
    code: 'cdist(zeros([2, 2], { dtype: "int32" }), zeros([2, 2]))',
    call: () => ts.cdist(zeros([2, 2], { dtype: "int32" }), zeros([2, 2])),
    message: "cdist(): only supports floating-point dtypes, X1 got: int32",
    op: "cdist",
  },
  {
    id: "einsum-size",
    group: "Matrix products",
    doc: "a label with two sizes",
    code: 'einsum("ij,jk->ik", zeros([3, 4]), zeros([3, 4]))',
    call: () => ts.einsum("ij,jk->ik", zeros([3, 4]), zeros([3, 4])),
    message:
      "einsum(): subscript j has size 3 for operand 1 which does not broadcast with previously seen size 4",
    op: "einsum",
  },
  {
    id: "einsum-few-operands",
    group: "Matrix products",
    doc: "fewer operands than the equation names",
    code: 'einsum("ij,jk", zeros([3, 4]))',
    call: () => ts.einsum("ij,jk", zeros([3, 4])),
    message: "einsum(): fewer operands were provided than specified in the equation",
    op: "einsum",
  },
  {
    id: "einsum-many-operands",
    group: "Matrix products",
    doc: "more operands than the equation names",
    code: 'einsum("ij", zeros([3, 4]), zeros([3, 4]))',
    call: () => ts.einsum("ij", zeros([3, 4]), zeros([3, 4])),
    message: "einsum(): more operands were provided than specified in the equation",
    op: "einsum",
  },
  {
    id: "einsum-dims",
    group: "Matrix products",
    doc: "a term with the wrong number of labels",
    code: 'einsum("ijk->i", zeros([3, 4]))',
    call: () => ts.einsum("ijk->i", zeros([3, 4])),
    message:
      "einsum(): the number of subscripts in the equation (3) does not match the number of dimensions (2) for operand 0",
    op: "einsum",
  },
  {
    id: "einsum-output-label",
    group: "Matrix products",
    doc: "an output label no operand has",
    code: 'einsum("ij->k", zeros([3, 4]))',
    call: () => ts.einsum("ij->k", zeros([3, 4])),
    message: "einsum(): output subscript k does not appear in the equation for any input operand",
    op: "einsum",
  },
  {
    id: "einsum-ellipsis",
    group: "Matrix products",
    doc: "an ellipsis (not supported)",
    code: 'einsum("...ij->...ji", zeros([2, 3, 4]))',
    call: () => ts.einsum("...ij->...ji", zeros([2, 3, 4])),
    message: "einsum(): tsgrad does not support '...' in the equation (got \"...ij->...ji\")",
    op: "einsum",
  },
  {
    id: "einsum-diagonal",
    group: "Matrix products",
    doc: "a label repeated within one operand (not supported)",
    code: 'einsum("ii->i", zeros([3, 3]))',
    call: () => ts.einsum("ii->i", zeros([3, 3])),
    message: "einsum(): tsgrad does not support a subscript repeated within one operand (i in operand 0)",
    op: "einsum",
  },
  {
    id: "einsum-bad-label",
    group: "Matrix products",
    doc: "a subscript that is not a letter",
    code: 'einsum("i1->i", zeros([3, 3]))',
    call: () => ts.einsum("i1->i", zeros([3, 3])),
    message: 'einsum(): invalid subscript given in "i1->i": subscripts must be letters',
    op: "einsum",
  },

  // ---- indexing -------------------------------------------------------------------------------------------
  {
    id: "gather-float-index",
    group: "Indexing",
    doc: "a float index tensor",
    code: "x.gather(1, tensor([[0.5]]))",
    call: () => zeros([2, 3]).gather(1, tensor([[0.5]])),
    message: "gather(): Expected dtype int32 for index, but got float32",
    op: "gather",
  },
  {
    id: "gather-out-of-range",
    group: "Indexing",
    doc: "an index past the end",
    code: "zeros([2, 3]).gather(1, tensor([[3]]))",
    call: () => zeros([2, 3]).gather(1, tensor([[3]])),
    message: "gather(): index 3 is out of bounds for dimension 1 with size 3",
    op: "gather",
  },
  {
    id: "gather-negative",
    group: "Indexing",
    doc: "a negative index (never wraps around)",
    code: "zeros([2, 3]).gather(1, tensor([[-1]]))",
    call: () => zeros([2, 3]).gather(1, tensor([[-1]])),
    message: "gather(): index -1 is out of bounds for dimension 1 with size 3",
    op: "gather",
  },
  {
    id: "gather-rank",
    group: "Indexing",
    doc: "an index of another rank",
    code: "zeros([2, 3]).gather(1, tensor([0, 1]))",
    call: () => zeros([2, 3]).gather(1, tensor([0, 1])),
    message:
      "gather(): Index tensor must have the same number of dimensions as input tensor (index [2], input [2, 3])",
    op: "gather",
  },
  {
    id: "gather-index-too-big",
    group: "Indexing",
    doc: "an index larger than the input off the gather dim",
    code: "zeros([2, 3]).gather(1, zeros([3, 1], { dtype: 'int32' }))",
    call: () => zeros([2, 3]).gather(1, zeros([3, 1], { dtype: "int32" })),
    message:
      "gather(): Size does not match at dimension 0 expected index [3, 1] to be smaller than self [2, 3] apart from dimension 1",
    op: "gather",
  },
  {
    id: "gather-index-array",
    group: "Indexing",
    doc: "a JS array as the index",
    code: "zeros([2, 3]).gather(1, [[0]])",
    call: () => zeros([2, 3]).gather(1, any([[0]])),
    message: "gather(): argument 'index' must be a Tensor",
    op: "gather",
    type: "TypeError",
  },
  {
    id: "scatter-out-of-range",
    group: "Indexing",
    doc: "an index past the end",
    code: "zeros([2, 3]).scatter(1, tensor([[5]]), 1)",
    call: () => zeros([2, 3]).scatter(1, tensor([[5]]), 1),
    message: "scatter(): index 5 is out of bounds for dimension 1 with size 3",
    op: "scatter",
  },
  {
    id: "scatter-src-dtype",
    group: "Indexing",
    doc: "src of another dtype",
    code: 'zeros([2, 3]).scatter(1, tensor([[0]]), zeros([1, 1], { dtype: "float64" }))',
    call: () => zeros([2, 3]).scatter(1, tensor([[0]]), zeros([1, 1], f64)),
    message: "scatter(): Expected self.dtype to be equal to src.dtype (got float32 and float64)",
    op: "scatter",
  },
  {
    id: "scatter-add-src-small",
    group: "Indexing",
    doc: "src smaller than the index",
    code: "zeros([2, 3]).scatterAdd(1, tensor([[0, 1]]), zeros([1, 1]))",
    call: () => zeros([2, 3]).scatterAdd(1, tensor([[0, 1]]), zeros([1, 1])),
    message:
      "scatter_add(): Expected index [1, 2] to be smaller than self [2, 3] apart from dimension 1 and to be smaller size than src [1, 1]",
    op: "scatter_add",
  },
  {
    id: "index-select-out-of-range",
    group: "Indexing",
    doc: "an index past the end",
    code: "zeros([2, 3]).indexSelect(0, tensor([2]))",
    call: () => zeros([2, 3]).indexSelect(0, tensor([2])),
    message: "index_select(): index out of range in self (index 2 for dimension 0 with size 2)",
    op: "index_select",
  },
  {
    id: "index-select-2d",
    group: "Indexing",
    doc: "a 2-D index",
    code: "zeros([2, 3]).indexSelect(0, tensor([[0]]))",
    call: () => zeros([2, 3]).indexSelect(0, tensor([[0]])),
    message: "index_select(): Index is supposed to be a vector, but got shape [1, 1]",
    op: "index_select",
  },
  {
    id: "masked-fill-mask-dtype",
    group: "Indexing",
    doc: "a non-bool mask",
    code: "zeros([2]).maskedFill(tensor([1, 0]), 5)",
    call: () => zeros([2]).maskedFill(tensor([1, 0]), 5),
    message: "masked_fill(): only supports boolean masks, but got mask with dtype int32",
    op: "masked_fill",
  },
  {
    id: "masked-fill-broadcast",
    group: "Indexing",
    doc: "a mask that does not broadcast",
    code: "zeros([2]).maskedFill(tensor([true, false, true]), 5)",
    call: () => zeros([2]).maskedFill(tensor([true, false, true]), 5),
    message:
      "masked_fill(): The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0 (shapes [2] and [3])",
    op: "masked_fill",
  },
  {
    id: "one-hot-float-classes",
    group: "Indexing",
    doc: "a non-integer numClasses",
    code: "oneHot(tensor([0, 1]), 2.5)",
    call: () => oneHot(tensor([0, 1]), 2.5),
    message: "one_hot(): argument 'num_classes' must be an integer, but got 2.5",
    op: "one_hot",
    type: "TypeError",
  },
  {
    id: "one-hot-huge",
    group: "Indexing",
    doc: "more classes than the limit allows",
    code: "oneHot(tensor([0, 1]), 2 ** 31)",
    call: () => oneHot(tensor([0, 1]), 2 ** 31),
    message:
      "one_hot(): a tensor of shape [2, 2147483648] would have 4294967296 elements, more than tsgrad's limit of 2147483647",
    op: "one_hot",
  },
  {
    id: "one-hot-too-few-classes",
    group: "Indexing",
    doc: "a class value >= numClasses",
    code: "oneHot(tensor([0, 3]), 3)",
    call: () => oneHot(tensor([0, 3]), 3),
    message: "one_hot(): Class values must be smaller than num_classes (got 3 with num_classes=3).",
    op: "one_hot",
  },
  {
    id: "one-hot-negative",
    group: "Indexing",
    doc: "a negative class value",
    code: "oneHot(tensor([0, -1]), 3)",
    call: () => oneHot(tensor([0, -1]), 3),
    message: "one_hot(): Class values must be non-negative (got -1 at flat position 1).",
    op: "one_hot",
  },
  {
    id: "one-hot-float-tensor",
    group: "Indexing",
    doc: "float class values",
    code: "oneHot(tensor([0.5, 1.5]), 3)",
    call: () => oneHot(tensor([0.5, 1.5]), 3),
    message: "one_hot(): one_hot is only applicable to index tensor (int32), but got float32",
    op: "one_hot",
  },
  {
    id: "one-hot-empty-infer",
    group: "Indexing",
    doc: "inferring numClasses from an empty tensor",
    code: 'oneHot(zeros([0], { dtype: "int32" }))',
    call: () => oneHot(zeros([0], { dtype: "int32" })),
    message: "one_hot(): Can not infer total number of classes from empty tensor.",
    op: "one_hot",
  },
  {
    id: "masked-select-float-mask",
    group: "Indexing",
    doc: "a float mask",
    code: "zeros([3]).maskedSelect(ones([3]))",
    call: () => zeros([3]).maskedSelect(ones([3])),
    message: "masked_select(): expected BoolTensor for mask (got float32)",
    op: "masked_select",
  },
  {
    id: "masked-select-broadcast",
    group: "Indexing",
    doc: "a mask that does not broadcast",
    code: "zeros([3, 4]).maskedSelect(ones([2, 4]).gt(0))",
    call: () => zeros([3, 4]).maskedSelect(ones([2, 4]).gt(0)),
    message:
      "masked_select(): The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0 (shapes [3, 4] and [2, 4])",
    op: "masked_select",
  },
  {
    id: "masked-scatter-short-source",
    group: "Indexing",
    doc: "a source with fewer elements than the mask has trues",
    code: "zeros([3]).maskedScatter(ones([3]).gt(0), zeros([2]))",
    call: () => zeros([3]).maskedScatter(ones([3]).gt(0), zeros([2])),
    message:
      "masked_scatter(): Number of elements of source < number of ones in mask (source has 2, mask has 3)",
    op: "masked_scatter",
  },
  {
    id: "masked-scatter-dtype",
    group: "Indexing",
    doc: "a source of another dtype",
    code: 'zeros([3]).maskedScatter(ones([3]).gt(0), zeros([3], { dtype: "float64" }))',
    call: () => zeros([3]).maskedScatter(ones([3]).gt(0), zeros([3], f64)),
    message: "masked_scatter(): expected self and source to have same dtypes but got float32 and float64",
    op: "masked_scatter",
  },
  {
    id: "index-fill-out-of-range",
    group: "Indexing",
    doc: "an index past the end",
    code: "zeros([3, 4]).indexFill(1, tensor([0, 5]), 1)",
    call: () => zeros([3, 4]).indexFill(1, tensor([0, 5]), 1),
    message: "index_fill(): index 5 is out of bounds for dimension 1 with size 4",
    op: "index_fill",
  },
  {
    id: "index-fill-2d-index",
    group: "Indexing",
    doc: "a 2-D index",
    code: "zeros([3, 4]).indexFill(1, tensor([[0, 1]]), 1)",
    call: () => zeros([3, 4]).indexFill(1, tensor([[0, 1]]), 1),
    message: "index_fill(): Index has to be a vector/scalar (got shape [1, 2])",
    op: "index_fill",
  },
  {
    id: "index-fill-float-index",
    group: "Indexing",
    doc: "a float index",
    code: "zeros([3, 4]).indexFill(1, tensor([0.5]), 1)",
    call: () => zeros([3, 4]).indexFill(1, tensor([0.5]), 1),
    message: "index_fill(): Expected dtype int32 for index, but got float32",
    op: "index_fill",
  },
  {
    id: "index-fill-tensor-value",
    group: "Indexing",
    doc: "a tensor as the value (tsgrad takes a number)",
    code: "zeros([3, 4]).indexFill(1, tensor([0]), tensor([1, 2]))",
    call: () => zeros([3, 4]).indexFill(1, tensor([0]), any(tensor([1, 2]))),
    message: "index_fill(): argument 'value' must be a number, but got Tensor",
    op: "index_fill",
    type: "TypeError",
  },
  {
    id: "index-add-count",
    group: "Indexing",
    doc: "a source whose size along dim is not the number of indices",
    code: "zeros([3, 4]).indexAdd(1, tensor([0, 2]), ones([3, 3]))",
    call: () => zeros([3, 4]).indexAdd(1, tensor([0, 2]), ones([3, 3])),
    message: "index_add(): Number of indices (2) should be equal to source.size(dim): (3), for dim: 1",
    op: "index_add",
  },
  {
    id: "index-add-other-dim",
    group: "Indexing",
    doc: "a source of another size outside dim",
    code: "zeros([3, 4]).indexAdd(1, tensor([0, 2]), ones([2, 2]))",
    call: () => zeros([3, 4]).indexAdd(1, tensor([0, 2]), ones([2, 2])),
    message:
      "index_add(): self and source must have same size at dimension 0; self has size 3, source has size 2",
    op: "index_add",
  },
  {
    id: "index-add-negative",
    group: "Indexing",
    doc: "a negative index (PyTorch's index_add does not count from the end)",
    code: "zeros([3, 4]).indexAdd(1, tensor([-1]), ones([3, 1]))",
    call: () => zeros([3, 4]).indexAdd(1, tensor([-1]), ones([3, 1])),
    message: "index_add(): index out of range in self (index -1 for dimension 1 with size 4)",
    op: "index_add",
  },
  {
    id: "index-add-dtype",
    group: "Indexing",
    doc: "a source of another dtype",
    code: 'zeros([3, 4]).indexAdd(1, tensor([0]), ones([3, 1], { dtype: "float64" }))',
    call: () => zeros([3, 4]).indexAdd(1, tensor([0]), ones([3, 1], f64)),
    message: "index_add(): self (float32) and source (float64) must have the same scalar type",
    op: "index_add",
  },
  {
    id: "index-add-alpha",
    group: "Indexing",
    doc: "alpha of the wrong type",
    code: 'zeros([3]).indexAdd(0, tensor([0]), ones([1]), { alpha: "2" })',
    call: () => zeros([3]).indexAdd(0, tensor([0]), ones([1]), any({ alpha: "2" })),
    message: "index_add(): option 'alpha' must be a number, but got a string (\"2\")",
    op: "index_add",
    type: "TypeError",
  },
  {
    id: "index-copy-out-of-range",
    group: "Indexing",
    doc: "an index past the end",
    code: "zeros([3, 4]).indexCopy(1, tensor([0, 9]), ones([3, 2]))",
    call: () => zeros([3, 4]).indexCopy(1, tensor([0, 9]), ones([3, 2])),
    message: "index_copy(): index 9 is out of bounds for dimension 1 with size 4",
    op: "index_copy",
  },
  {
    id: "index-copy-dtype",
    group: "Indexing",
    doc: "a source of another dtype",
    code: 'zeros([3, 4]).indexCopy(1, tensor([0]), ones([3, 1], { dtype: "float64" }))',
    call: () => zeros([3, 4]).indexCopy(1, tensor([0]), ones([3, 1], f64)),
    message:
      "index_copy(): self and source expected to have the same dtype, but got (self) float32 and (source) float64",
    op: "index_copy",
  },
  {
    id: "index-copy-dims",
    group: "Indexing",
    doc: "a source with another number of dims",
    code: "zeros([3, 4]).indexCopy(0, tensor([0]), ones([4]))",
    call: () => zeros([3, 4]).indexCopy(0, tensor([0]), ones([4])),
    message:
      "index_copy(): source and self must have the same number of dimensions (source [4], self [3, 4])",
    op: "index_copy",
  },
  {
    id: "take-out-of-range",
    group: "Indexing",
    doc: "a position past the end",
    code: "take(zeros([3, 4]), tensor([12]))",
    call: () => ts.take(zeros([3, 4]), tensor([12])),
    message: "take(): out of range: tried to access index 12 on a tensor of 12 elements.",
    op: "take",
  },
  {
    id: "take-float-index",
    group: "Indexing",
    doc: "a float index",
    code: "take(zeros([3, 4]), tensor([1.5]))",
    call: () => ts.take(zeros([3, 4]), tensor([1.5])),
    message: "take(): Expected dtype int32 for index, but got float32",
    op: "take",
  },
  {
    id: "take-along-dim-dims",
    group: "Indexing",
    doc: "indices with another number of dims",
    code: "takeAlongDim(zeros([3, 4]), tensor([0, 1]), 1)",
    call: () => ts.takeAlongDim(zeros([3, 4]), tensor([0, 1]), 1),
    message:
      "take_along_dim(): input and indices should have the same number of dimensions, but got 2 dimensions for input, and 1 dimensions for indices",
    op: "take_along_dim",
  },
  {
    id: "take-along-dim-broadcast",
    group: "Indexing",
    doc: "indices that do not broadcast outside dim",
    code: "takeAlongDim(zeros([3, 4]), tensor([[0, 1]]), 0)",
    call: () => ts.takeAlongDim(zeros([3, 4]), tensor([[0, 1]]), 0),
    message:
      "take_along_dim(): The size of tensor a (4) must match the size of tensor b (2) at non-singleton dimension 1 (shapes [1, 4] and [1, 2])",
    op: "take_along_dim",
  },
  {
    id: "take-along-dim-float",
    group: "Indexing",
    doc: "float indices",
    code: "takeAlongDim(zeros([3, 4]), tensor([[0.5]]), 0)",
    call: () => ts.takeAlongDim(zeros([3, 4]), tensor([[0.5]]), 0),
    message: "take_along_dim(): dtype of indices should be int32 but got float32",
    op: "take_along_dim",
  },
  {
    id: "where-two-args",
    group: "Indexing",
    doc: "where with a condition and only one of x, y",
    code: "where(x.gt(0), x)",
    call: () => any(ts.where)(zeros([2]).gt(0), zeros([2])),
    message: "where(): expected the condition alone or the condition with both x and y",
    op: "where",
    type: "TypeError",
  },
  {
    id: "index-put-too-many",
    group: "Indexing",
    doc: "more index tensors than dims",
    code: "zeros([3, 4]).indexPut([a, a, a], 5)  // a = tensor([0, 1])",
    call: () => zeros([3, 4]).indexPut([tensor([0, 1]), tensor([0, 1]), tensor([0, 1])], 5),
    message: "index_put(): too many indices for tensor of dimension 2 (got 3)",
    op: "index_put",
  },
  {
    id: "index-put-float-index",
    group: "Indexing",
    doc: "a float index tensor",
    code: "zeros([3, 4]).indexPut([tensor([0.5])], 5)",
    call: () => zeros([3, 4]).indexPut([tensor([0.5])], 5),
    message: "index_put(): tensors used as indices must be int32 or bool tensors (got float32)",
    op: "index_put",
  },
  {
    id: "index-put-broadcast-indices",
    group: "Indexing",
    doc: "index tensors that do not broadcast together",
    code: "zeros([3, 4]).indexPut([tensor([0, 1]), tensor([0, 1, 2])], 5)",
    call: () => zeros([3, 4]).indexPut([tensor([0, 1]), tensor([0, 1, 2])], 5),
    message:
      "index_put(): shape mismatch: indexing tensors could not be broadcast together with shapes [2], [3]",
    op: "index_put",
  },
  {
    id: "index-put-values-shape",
    group: "Indexing",
    doc: "values that do not broadcast to the indexed shape",
    code: "zeros([3, 4]).indexPut([tensor([0, 2]), tensor([1, 1])], ones([3]))",
    call: () => zeros([3, 4]).indexPut([tensor([0, 2]), tensor([1, 1])], ones([3])),
    message:
      "index_put(): shape mismatch: value tensor of shape [3] cannot be broadcast to indexing result of shape [2]",
    op: "index_put",
  },
  {
    id: "index-put-out-of-range",
    group: "Indexing",
    doc: "an index past the end",
    code: "zeros([3, 4]).indexPut([tensor([0, 5])], 1)",
    call: () => zeros([3, 4]).indexPut([tensor([0, 5])], 1),
    message: "index_put(): index 5 is out of bounds for dimension 0 with size 3",
    op: "index_put",
  },
  {
    id: "index-put-dtype",
    group: "Indexing",
    doc: "values of another dtype",
    code: 'zeros([3, 4]).indexPut([tensor([0])], ones([4], { dtype: "float64" }))',
    call: () => zeros([3, 4]).indexPut([tensor([0])], ones([4], f64)),
    message:
      "index_put(): Index put requires the source and destination dtypes match, got float32 for the destination and float64 for the source.",
    op: "index_put",
  },
  {
    id: "scatter-reduce-mode",
    group: "Indexing",
    doc: "scatter's reduce other than add / multiply",
    code: 'zeros([3]).scatter(0, tensor([0]), 1, { reduce: "mean" })',
    call: () => zeros([3]).scatter(0, tensor([0]), 1, any({ reduce: "mean" })),
    message: 'scatter(): reduce argument must be either add or multiply. (got "mean")',
    op: "scatter",
  },
  {
    id: "scatter-reduce-backward",
    group: "Indexing",
    doc: "backward through scatter with reduce (no derivative in PyTorch 1.13 either)",
    code: 'leaf.scatter(0, tensor([0]), 1, { reduce: "add" }).sum().backward()',
    call: () =>
      zeros([3], { requiresGrad: true })
        .scatter(0, tensor([0]), 1, { reduce: "add" })
        .sum()
        .backward(),
    message:
      "scatter(): the derivative for scatter with reduce is not implemented, as in PyTorch 1.13 (use scatterAdd or scatterReduce, which are differentiable)",
    op: "scatter",
  },
  {
    id: "scatter-reduce-unknown",
    group: "Indexing",
    doc: "scatterReduce's reduce other than sum, prod, mean, amax, amin",
    code: 'zeros([3]).scatterReduce(0, tensor([0]), ones([1]), "max")',
    call: () => zeros([3]).scatterReduce(0, tensor([0]), ones([1]), any("max")),
    message: 'scatter_reduce(): reduce argument must be either sum, prod, mean, amax or amin. (got "max")',
    op: "scatter_reduce",
  },
  {
    id: "scatter-reduce-dtype",
    group: "Indexing",
    doc: "src of another dtype",
    code: 'zeros([3]).scatterReduce(0, tensor([0]), ones([1], { dtype: "float64" }), "sum")',
    call: () => zeros([3]).scatterReduce(0, tensor([0]), ones([1], f64), "sum"),
    message: "scatter_reduce(): Expected self.dtype to be equal to src.dtype (got float32 and float64)",
    op: "scatter_reduce",
  },
  {
    id: "scatter-reduce-out-of-range",
    group: "Indexing",
    doc: "an index past the end",
    code: 'zeros([3]).scatterReduce(0, tensor([3]), ones([1]), "amax")',
    call: () => zeros([3]).scatterReduce(0, tensor([3]), ones([1]), "amax"),
    message: "scatter_reduce(): index 3 is out of bounds for dimension 0 with size 3",
    op: "scatter_reduce",
  },
  {
    id: "scatter-reduce-include-self",
    group: "Indexing",
    doc: "includeSelf of the wrong type",
    code: 'zeros([3]).scatterReduce(0, tensor([0]), ones([1]), "sum", { includeSelf: 0 })',
    call: () => zeros([3]).scatterReduce(0, tensor([0]), ones([1]), "sum", any({ includeSelf: 0 })),
    message: "scatter_reduce(): option 'includeSelf' must be a boolean, but got a number (0)",
    op: "scatter_reduce",
    type: "TypeError",
  },

  // ---- in place ------------------------------------------------------------------------------------------
  {
    id: "inplace-leaf",
    group: "In-place ops",
    doc: "in place on a leaf that requires grad",
    code: "zeros([2], { requiresGrad: true }).add_(1)",
    call: () => leaf([2]).add_(1),
    message: "add_(): a leaf Variable that requires grad is being used in an in-place operation.",
    op: "add_",
  },
  {
    id: "inplace-broadcast",
    group: "In-place ops",
    doc: "a result larger than self",
    code: "zeros([2]).add_(zeros([3, 2]))",
    call: () => zeros([2]).add_(zeros([3, 2])),
    message: "add_(): output with shape [2] doesn't match the broadcast shape [3, 2]",
    op: "add_",
  },
  {
    id: "inplace-cast",
    group: "In-place ops",
    doc: "a float result into an integer tensor",
    code: "tensor([1, 2]).div_(2)",
    call: () => tensor([1, 2]).div_(2),
    message: "div_(): result type float32 can't be cast to the desired output type int32",
    op: "div_",
  },
  {
    id: "fill-string",
    group: "In-place ops",
    doc: "a string as the fill value",
    code: 'zeros([2]).fill_("1")',
    call: () => zeros([2]).fill_(any("1")),
    message: "fill_(): argument 'value' must be a number, but got string",
    op: "fill_",
    type: "TypeError",
  },
  {
    id: "uniform-range",
    group: "In-place ops",
    doc: "from > to",
    code: "zeros([2]).uniform_(1, 0)",
    call: () => zeros([2]).uniform_(1, 0),
    message: "uniform_(): expects to return a [from, to) range, but found from=1 > to=0",
    op: "uniform_",
  },
  {
    id: "normal-std",
    group: "In-place ops",
    doc: "a negative std",
    code: "zeros([2]).normal_(0, -1)",
    call: () => zeros([2]).normal_(0, -1),
    message: "normal_(): expects std >= 0.0, but found std -1",
    op: "normal_",
  },

  {
    id: "inplace-partial-overlap",
    group: "In-place ops",
    doc: "copying a view onto an overlapping view of the same tensor",
    code: "a.narrow(0, 1, 4).copy_(a.narrow(0, 0, 4))",
    call: () => {
      const a = arange(5).float();
      return a.narrow(0, 1, 4).copy_(a.narrow(0, 0, 4));
    },
    message: `copy_(): ${PARTIAL_OVERLAP}`,
    op: "copy_",
  },
  {
    id: "inplace-partial-overlap-transpose",
    group: "In-place ops",
    doc: "adding a square tensor's own transpose in place",
    code: "a.add_(a.t())",
    call: () => {
      const a = arange(9).float().reshape(3, 3);
      return a.add_(a.t());
    },
    message: `add_(): ${PARTIAL_OVERLAP}`,
    op: "add_",
  },
  {
    id: "inplace-partial-overlap-element",
    group: "In-place ops",
    doc: "adding one of self's own elements, broadcast",
    code: "a.add_(a.select(0, 0))",
    call: () => {
      const a = arange(4).float();
      return a.add_(a.select(0, 0));
    },
    message: `add_(): ${PARTIAL_OVERLAP}`,
    op: "add_",
  },
  {
    id: "inplace-partial-overlap-strided",
    group: "In-place ops",
    doc: "copying overlapping column blocks (strided views; PyTorch does not compare these and runs it)",
    code: "a.slice(1, 1, 3).copy_(a.slice(1, 2))",
    call: () => {
      const a = arange(16).float().reshape(4, 4);
      return a.slice(1, 1, 3).copy_(a.slice(1, 2));
    },
    message: `copy_(): ${PARTIAL_OVERLAP}`,
    op: "copy_",
  },
  {
    id: "inplace-overlap-scatter-src",
    group: "In-place ops",
    doc: "scatter_ with self as src (even the same elements, as PyTorch's scatter_)",
    code: "a.scatter_(0, tensor([2, 1, 0]), a)",
    call: () => {
      const a = arange(3).float();
      return a.scatter_(0, tensor([2, 1, 0]), a);
    },
    message: `scatter_(): ${PARTIAL_OVERLAP}`,
    op: "scatter_",
  },
  {
    id: "inplace-overlap-scatter-index",
    group: "In-place ops",
    doc: "scatter_ into an int32 tensor with itself as the index",
    code: 'a.scatter_(0, a, 1)  // a = zeros([3], { dtype: "int32" })',
    call: () => {
      const a = zeros([3], { dtype: "int32" });
      return a.scatter_(0, a, 1);
    },
    message: `scatter_(): ${PARTIAL_OVERLAP}`,
    op: "scatter_",
  },
  {
    id: "inplace-expanded-add",
    group: "In-place ops",
    doc: "add_ into an expanded (stride-0) view",
    code: "ones([1, 3]).expand(2, 3).add_(1)",
    call: () => ones([1, 3]).expand(2, 3).add_(1),
    message: `add_(): ${INTERNAL_OVERLAP}`,
    op: "add_",
  },
  {
    id: "inplace-expanded-mul-self",
    group: "In-place ops",
    doc: "mul_ of an expanded view by itself",
    code: "const e = ones([1, 3]).expand(2, 3); e.mul_(e)",
    call: () => {
      const e = ones([1, 3]).expand(2, 3);
      return e.mul_(e);
    },
    message: `mul_(): ${INTERNAL_OVERLAP}`,
    op: "mul_",
  },
  {
    id: "inplace-expanded-copy",
    group: "In-place ops",
    doc: "copy_ into an unsqueezed, expanded view",
    code: "ones([1, 3]).unsqueeze(0).expand(2, 1, 3).copy_(zeros([2, 1, 3]))",
    call: () =>
      ones([1, 3])
        .unsqueeze(0)
        .expand(2, 1, 3)
        .copy_(zeros([2, 1, 3])),
    message: `copy_(): ${INTERNAL_OVERLAP}`,
    op: "copy_",
  },
  {
    id: "inplace-expanded-scatter",
    group: "In-place ops",
    doc: "scatter_ into an expanded view",
    code: "zeros([1, 3]).expand(2, 3).scatter_(0, tensor([[0, 1, 0]]), 1)",
    call: () =>
      zeros([1, 3])
        .expand(2, 3)
        .scatter_(0, tensor([[0, 1, 0]]), 1),
    message: `scatter_(): ${INTERNAL_OVERLAP}`,
    op: "scatter_",
  },
  {
    id: "inplace-expanded-masked-fill",
    group: "In-place ops",
    doc: "maskedFill_ into an expanded view (PyTorch warns that this is deprecated and runs it)",
    code: "zeros([1, 3]).expand(2, 3).maskedFill_(tensor([true, false, true]), 1)",
    call: () =>
      zeros([1, 3])
        .expand(2, 3)
        .maskedFill_(tensor([true, false, true]), 1),
    message: `maskedFill_(): ${INTERNAL_OVERLAP}`,
    op: "maskedFill_",
  },
  {
    id: "inplace-expanded-clamp",
    group: "In-place ops",
    doc: "clamp_ of an expanded view",
    code: "zeros([3, 1]).expand(3, 2).clamp_(0, 1)",
    call: () => zeros([3, 1]).expand(3, 2).clamp_(0, 1),
    message: `clamp_(): ${INTERNAL_OVERLAP}`,
    op: "clamp_",
  },
  {
    id: "inplace-expanded-normal",
    group: "In-place ops",
    doc: "normal_ into an expanded view",
    code: "zeros([1, 3]).expand(2, 3).normal_()",
    call: () => zeros([1, 3]).expand(2, 3).normal_(),
    message: `normal_(): ${INTERNAL_OVERLAP}`,
    op: "normal_",
  },

  // ---- autograd ---------------------------------------------------------------------------------------------
  {
    id: "backward-twice",
    group: "Autograd",
    doc: "backward twice through the same graph",
    code: "const y = x.mul(x).sum(); y.backward(); y.backward();",
    call: () => {
      const x = leaf([2]);
      const y = x.mul(x).sum();
      y.backward();
      y.backward();
    },
    message:
      "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call backward(). Specify backward({ retainGraph: true }) if you need to backward through the graph a second time (at MulBackward0).",
    op: "backward",
    prefix: false,
  },
  {
    id: "backward-non-scalar",
    group: "Autograd",
    doc: "backward on a non-scalar without a gradient",
    code: "x.mul(2).backward()",
    call: () => leaf([2]).mul(2).backward(),
    message: "backward(): grad can be implicitly created only for scalar outputs (got shape [2])",
    op: "backward",
  },
  {
    id: "backward-no-grad",
    group: "Autograd",
    doc: "backward on a tensor that does not require grad",
    code: "zeros([2]).sum().backward()",
    call: () => zeros([2]).sum().backward(),
    message: "backward(): element 0 of tensors does not require grad and does not have a grad_fn",
    op: "backward",
  },
  {
    id: "backward-gradient-shape",
    group: "Autograd",
    doc: "a gradient of the wrong shape",
    code: "x.mul(2).backward(ones([3]))",
    call: () =>
      leaf([2])
        .mul(2)
        .backward(ones([3])),
    message:
      "backward(): Mismatch in shape: grad_output[0] has a shape of [3] and output[0] has a shape of [2].",
    op: "backward",
  },
  {
    id: "backward-gradient-array",
    group: "Autograd",
    doc: "a JS array as the gradient",
    code: "x.mul(2).backward([1, 1])",
    call: () =>
      leaf([2])
        .mul(2)
        .backward(any([1, 1])),
    message: "backward(): argument 'gradient' must be a Tensor or null, but got array",
    op: "backward",
    type: "TypeError",
  },
  {
    id: "inplace-saved",
    group: "Autograd",
    doc: "modifying in place a tensor saved for backward",
    code: "const y = x.exp(); const z = y.sum(); y.mul_(2); z.backward();",
    call: () => {
      const y = leaf([2]).exp();
      const z = y.sum();
      y.mul_(2);
      z.backward();
    },
    message:
      "one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [2]], which is output 0 of ExpBackward0, is at version 1; expected version 0 instead (needed by ExpBackward0).",
    op: "ExpBackward0",
    prefix: false,
  },
  {
    id: "inplace-no-grad-view",
    group: "Autograd",
    doc: "a view made under noGrad, modified in place with grad mode on",
    code: "const v = noGrad(() => y.narrow(0, 0, 2)); v.mul_(2)  // y = x.mul(1)",
    call: () => {
      const y = leaf([3]).mul(1);
      const v = ts.noGrad(() => y.narrow(0, 0, 2));
      return v.mul_(2);
    },
    message:
      "mul_(): A view was created in no_grad mode and is being modified inplace with grad mode enabled. Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the view and the inplace either both inside the no_grad block (if you don't want the inplace to be tracked) or both outside (if you want the inplace to be tracked).",
    op: "mul_",
  },
  {
    id: "requires-grad-non-leaf",
    group: "Autograd",
    doc: "turning off requires grad on a non-leaf",
    code: "x.mul(2).requiresGrad_(false)",
    call: () => leaf([2]).mul(2).requiresGrad_(false),
    message:
      "requiresGrad_(): you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().",
    op: "requiresGrad_",
  },
  {
    id: "retain-grad-no-grad",
    group: "Autograd",
    doc: "retainGrad() on a tensor that does not require grad",
    code: "zeros([2]).retainGrad()",
    call: () => zeros([2]).retainGrad(),
    message: "retainGrad(): can't retain_grad on Tensor that has requires_grad=False",
    op: "retainGrad",
  },
  {
    id: "gradcheck-float32",
    group: "Autograd",
    doc: "gradcheck with float32 inputs",
    code: "gradcheck((t) => t.exp(), [zeros([2], { requiresGrad: true })])",
    call: () => ts.gradcheck((t) => t.exp(), [leaf([2])]),
    message:
      "gradcheck(): input 0 requires grad but is float32; gradcheck needs float64 inputs for precision",
    op: "gradcheck",
  },
  // ---- options objects (one check for every options object: core/src/options.ts) -------------
  {
    id: "options-snake-case",
    group: "Options objects",
    doc: "PyTorch's snake_case keyword in an options object",
    code: "tensor([1, 2], { requires_grad: true })",
    call: () => tensor([1, 2], any({ requires_grad: true })),
    message: "tensor(): got an unexpected option 'requires_grad' (did you mean 'requiresGrad'?)",
    op: "tensor",
    type: "TypeError",
  },
  {
    id: "options-creation-string",
    group: "Options objects",
    doc: "a dtype where the options object goes",
    code: 'zeros([2], "float64")',
    call: () => zeros([2], any("float64")),
    message:
      'zeros(): expected an options object as argument 2, but got a string ("float64") (did you mean { dtype: "float64" }?)',
    op: "zeros",
    type: "TypeError",
  },
  {
    id: "options-creation-value",
    group: "Options objects",
    doc: "a string where a boolean option goes",
    code: 'zeros([2], { requiresGrad: "yes" })',
    call: () => zeros([2], { requiresGrad: any("yes") }),
    message: "zeros(): option 'requiresGrad' must be a boolean, but got a string (\"yes\")",
    op: "zeros",
    type: "TypeError",
  },
  {
    id: "options-random-generator",
    group: "Options objects",
    doc: "a seed where a Generator goes",
    code: "randn([2], { generator: 0 })",
    call: () => randn([2], { generator: any(0) }),
    message: "randn(): option 'generator' must be a Generator, but got a number (0)",
    op: "randn",
    type: "TypeError",
  },
  {
    id: "options-op-near-miss",
    group: "Options objects",
    doc: "a misspelt option of an op",
    code: "x.sort(-1, false, { stabel: true })",
    call: () => zeros([3]).sort(-1, false, any({ stabel: true })),
    message: "sort(): got an unexpected option 'stabel' (did you mean 'stable'?)",
    op: "sort",
    type: "TypeError",
  },
  {
    id: "options-op-unknown",
    group: "Options objects",
    doc: "an option the op does not have (NumPy's `ddof`)",
    code: "x.var(0, { ddof: 0 })",
    call: () => zeros([3]).var(0, any({ ddof: 0 })),
    message: "var(): got an unexpected option 'ddof' (valid options: correction, keepdim, unbiased)",
    op: "var",
    type: "TypeError",
  },
  {
    id: "options-op-camel-case",
    group: "Options objects",
    doc: "PyTorch's snake_case keyword of an op",
    code: "isclose(a, b, { equal_nan: true })",
    call: () => ts.isclose(zeros([2]), zeros([2]), any({ equal_nan: true })),
    message: "isclose(): got an unexpected option 'equal_nan' (did you mean 'equalNan'?)",
    op: "isclose",
    type: "TypeError",
  },
  {
    id: "options-scatter-reduce",
    group: "Options objects",
    doc: "scatter_'s `reduce` of the wrong type",
    code: "zeros([3]).scatter_(0, tensor([0]), 1, { reduce: 1 })",
    call: () => zeros([3]).scatter_(0, tensor([0]), 1, any({ reduce: 1 })),
    message: "scatter_(): option 'reduce' must be a string, but got a number (1)",
    op: "scatter_",
    type: "TypeError",
  },
  {
    id: "options-backward-boolean",
    group: "Options objects",
    doc: "a boolean where backward's options go (PyTorch's positional retain_graph)",
    code: "y.backward(null, true)",
    call: () => leaf([2]).sum().backward(null, any(true)),
    message:
      "backward(): expected an options object as argument 2, but got a boolean (true) (did you mean { retainGraph: true }?)",
    op: "backward",
    type: "TypeError",
  },
  {
    id: "options-gradcheck-unknown",
    group: "Options objects",
    doc: "a gradcheck option tsgrad does not have",
    code: "gradcheck(f, [x], { raise_exception: false })",
    call: () => ts.gradcheck((t) => t.exp(), [leaf64([2])], any({ raise_exception: false })),
    message: "gradcheck(): got an unexpected option 'raise_exception' (valid options: eps, atol, rtol)",
    op: "gradcheck",
    type: "TypeError",
  },
  {
    id: "options-gradcheck-near-miss",
    group: "Options objects",
    doc: "a misspelt gradcheck option",
    code: "gradcheck(f, [x], { atoll: 1e-4 })",
    call: () => ts.gradcheck((t) => t.exp(), [leaf64([2])], any({ atoll: 1e-4 })),
    message: "gradcheck(): got an unexpected option 'atoll' (did you mean 'atol'?)",
    op: "gradcheck",
    type: "TypeError",
  },
  {
    id: "options-gradcheck-number",
    group: "Options objects",
    doc: "a number where gradcheck's options go",
    code: "gradcheck(f, [x], 1e-6)",
    call: () => ts.gradcheck((t) => t.exp(), [leaf64([2])], any(1e-6)),
    message:
      "gradcheck(): expected an options object as argument 3, but got a number (0.000001) (did you mean { eps: 0.000001 }?)",
    op: "gradcheck",
    type: "TypeError",
  },
  {
    id: "options-gradcheck-eps",
    group: "Options objects",
    doc: "a zero finite-difference step",
    code: "gradcheck(f, [x], { eps: 0 })",
    call: () => ts.gradcheck((t) => t.exp(), [leaf64([2])], { eps: 0 }),
    message: "gradcheck(): option 'eps' must be a positive finite number, but got a number (0)",
    op: "gradcheck",
    type: "TypeError",
  },

  // ---- grad mode, .grad and .requiresGrad ---------------------------------------------------------
  {
    id: "set-grad-enabled-string",
    group: "Autograd",
    doc: "a string for the grad mode",
    code: 'setGradEnabled("false")',
    call: () => ts.setGradEnabled(any("false")),
    message: 'setGradEnabled(): mode must be a boolean, but got a string ("false")',
    op: "setGradEnabled",
    type: "TypeError",
  },
  {
    id: "no-grad-async",
    group: "Autograd",
    doc: "an async function in noGrad (grad mode cannot follow an await)",
    code: "noGrad(async () => { await load(); return model.call(x); })",
    call: () => ts.noGrad(async () => zeros([1])),
    message:
      "noGrad(): fn is async (it returns a Promise), and grad mode off cannot follow an await: only the code before its first await would run with grad mode off. Call noGrad() inside the async function, around the synchronous work (await load(); const y = noGrad(() => model.call(x));), or switch the mode around the awaits (other code that runs meanwhile sees it too): const prev = setGradEnabled(false); try { ... } finally { setGradEnabled(prev); }",
    op: "noGrad",
    type: "TypeError",
  },
  {
    id: "enable-grad-promise",
    group: "Autograd",
    doc: "a function returning a Promise in enableGrad (the mode is restored before it throws)",
    code: "enableGrad(() => fetchAndTrain())",
    call: () => ts.noGrad(() => ts.enableGrad(() => Promise.resolve(0))),
    message:
      "enableGrad(): fn is async (it returns a Promise), and grad mode on cannot follow an await: only the code before its first await would run with grad mode on. Call enableGrad() inside the async function, around the synchronous work (await load(); const y = enableGrad(() => model.call(x));), or switch the mode around the awaits (other code that runs meanwhile sees it too): const prev = setGradEnabled(true); try { ... } finally { setGradEnabled(prev); }",
    op: "enableGrad",
    type: "TypeError",
  },
  {
    id: "grad-set-shape",
    group: "Autograd",
    doc: "assigning a .grad of another shape",
    code: "x.grad = zeros([3])  // x has shape [2]",
    call: () => {
      leaf([2]).grad = zeros([3]);
    },
    message:
      "assigned grad has data of a different size (setting .grad of shape [3] on a tensor of shape [2])",
    op: "grad",
    prefix: false,
  },
  {
    id: "grad-set-dtype",
    group: "Autograd",
    doc: "assigning a .grad of another dtype",
    code: 'x.grad = zeros([2], { dtype: "float64" })  // x is float32',
    call: () => {
      leaf([2]).grad = zeros([2], f64);
    },
    message:
      "assigned grad has data of a different type (setting .grad of dtype float64 on a float32 tensor)",
    op: "grad",
    prefix: false,
  },
  {
    id: "grad-set-array",
    group: "Autograd",
    doc: "assigning a JS array to .grad",
    code: "x.grad = [1, 2]",
    call: () => {
      leaf([2]).grad = any([1, 2]);
    },
    message: "assigned grad expected to be a Tensor or null but got [1, 2] (setting .grad)",
    op: "grad",
    prefix: false,
    type: "TypeError",
  },
  {
    id: "requires-grad-set-int",
    group: "Autograd",
    doc: "making an integer tensor require grad",
    code: "tensor([1, 2]).requiresGrad = true",
    call: () => {
      tensor([1, 2]).requiresGrad = true;
    },
    message:
      "only Tensors of floating point and complex dtype can require gradients (setting requiresGrad = true on an int32 tensor)",
    op: "requiresGrad",
    prefix: false,
  },
  {
    id: "requires-grad-set-non-leaf",
    group: "Autograd",
    doc: "turning off requiresGrad of a computed tensor",
    code: "x.mul(2).requiresGrad = false",
    call: () => {
      leaf([2]).mul(2).requiresGrad = false;
    },
    message:
      "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach(). (setting requiresGrad = false on a tensor computed by MulBackward0)",
    op: "requiresGrad",
    prefix: false,
  },
  {
    id: "requires-grad-set-non-leaf-true",
    group: "Autograd",
    doc: "setting requiresGrad on a computed tensor at all",
    code: "x.mul(2).requiresGrad = true",
    call: () => {
      leaf([2]).mul(2).requiresGrad = true;
    },
    message:
      "you can only change requires_grad flags of leaf variables. (setting requiresGrad = true on a tensor computed by MulBackward0)",
    op: "requiresGrad",
    prefix: false,
  },
  {
    id: "requires-grad-set-string",
    group: "Autograd",
    doc: "a string for requiresGrad",
    code: 'zeros([2]).requiresGrad = "yes"',
    call: () => {
      zeros([2]).requiresGrad = any("yes");
    },
    message: 'requires_grad must be a bool (setting requiresGrad to a string ("yes"))',
    op: "requiresGrad",
    prefix: false,
    type: "TypeError",
  },
  {
    id: "requires-grad-method-string",
    group: "Autograd",
    doc: "a string for requiresGrad_()",
    code: 'zeros([2]).requiresGrad_("yes")',
    call: () => zeros([2]).requiresGrad_(any("yes")),
    message: "requiresGrad_(): argument 'requires_grad' must be a boolean, but got a string (\"yes\")",
    op: "requiresGrad_",
    type: "TypeError",
  },

  // ---- random numbers ---------------------------------------------------------------------------
  {
    id: "manual-seed-fraction",
    group: "Random numbers",
    doc: "a fractional seed (PyTorch truncates it)",
    code: "manualSeed(1.5)",
    call: () => ts.manualSeed(1.5),
    message: "manualSeed(): seed must be an integer (a number or a bigint), but got a number (1.5)",
    op: "manualSeed",
    type: "TypeError",
  },
  {
    id: "manual-seed-unsafe",
    group: "Random numbers",
    doc: "a seed beyond 2^53 as a JS number (its low bits are already gone)",
    code: "manualSeed(2 ** 60)",
    call: () => ts.manualSeed(2 ** 60),
    message:
      "manualSeed(): seed 1152921504606846976 is beyond 2^53, where a JS number has lost its low bits; pass a bigint (e.g. manualSeed(2n ** 60n))",
    op: "manualSeed",
    type: "TypeError",
  },
  {
    id: "manual-seed-range",
    group: "Random numbers",
    doc: "a seed outside PyTorch's range",
    code: "manualSeed(2n ** 64n)",
    call: () => ts.manualSeed(2n ** 64n),
    message: "manualSeed(): seed must be in [-2^63, 2^64 - 1] (as in PyTorch), but got 18446744073709551616",
    op: "manualSeed",
  },
  {
    id: "random-from-to",
    group: "Random numbers",
    doc: "random_ with from >= to",
    code: "zeros([3]).random_(5, 2)",
    call: () => zeros([3]).random_(5, 2),
    message: "random_(): random_ expects 'from' to be less than 'to', but got from=5 >= to=2",
    op: "random_",
  },
  {
    id: "random-fractional",
    group: "Random numbers",
    doc: "a fractional bound",
    code: "zeros([3]).random_(0.5, 2)",
    call: () => zeros([3]).random_(0.5, 2),
    message: "random_(): argument 'from' must be an integer, but got 0.5",
    op: "random_",
    type: "TypeError",
  },
  {
    id: "bernoulli-p-scalar",
    group: "Random numbers",
    doc: "bernoulli_ with p outside [0, 1]",
    code: "zeros([3]).bernoulli_(1.5)",
    call: () => zeros([3]).bernoulli_(1.5),
    message: "bernoulli_(): bernoulli_ expects p to be in [0, 1], but got p=1.5",
    op: "bernoulli_",
  },
  {
    id: "bernoulli-p-tensor",
    group: "Random numbers",
    doc: "bernoulli of probabilities outside [0, 1]",
    code: "bernoulli(tensor([0.5, 1.5]))",
    call: () => ts.bernoulli(tensor([0.5, 1.5])),
    message:
      "bernoulli(): Expected p_in >= 0 && p_in <= 1 to be true, but got false (p = 1.5 at flat position 1)",
    op: "bernoulli",
  },
  {
    id: "bernoulli-int",
    group: "Random numbers",
    doc: "bernoulli of an int32 tensor",
    code: "bernoulli(tensor([0, 1]))",
    call: () => ts.bernoulli(tensor([0, 1])),
    message: "bernoulli(): expected a floating point tensor of probabilities, but got int32",
    op: "bernoulli",
  },
  {
    id: "exponential-lambda",
    group: "Random numbers",
    doc: "a negative rate",
    code: "zeros([3]).exponential_(-1)",
    call: () => zeros([3]).exponential_(-1),
    message: "exponential_(): exponential_ expects lambda >= 0.0, but found lambda=-1",
    op: "exponential_",
  },
  {
    id: "exponential-int",
    group: "Random numbers",
    doc: "exponential_ into an int32 tensor",
    code: 'zeros([3], { dtype: "int32" }).exponential_()',
    call: () => zeros([3], { dtype: "int32" }).exponential_(),
    message: "exponential_(): expected a floating point tensor, but got int32",
    op: "exponential_",
  },
  {
    id: "multinomial-too-many",
    group: "Random numbers",
    doc: "more samples than categories without replacement",
    code: "multinomial(ones([2]), 3)",
    call: () => ts.multinomial(ones([2]), 3),
    message: "multinomial(): cannot sample n_sample > prob_dist.size(-1) samples without replacement (3 > 2)",
    op: "multinomial",
  },
  {
    id: "multinomial-negative",
    group: "Random numbers",
    doc: "a negative weight",
    code: 'multinomial(tensor([1, -1], { dtype: "float32" }), 1)',
    call: () => ts.multinomial(tensor([1, -1], { dtype: "float32" }), 1),
    message: "multinomial(): probability tensor contains either `inf`, `nan` or element < 0",
    op: "multinomial",
  },
  {
    id: "multinomial-zero-sum",
    group: "Random numbers",
    doc: "all weights zero",
    code: "multinomial(zeros([2]), 1)",
    call: () => ts.multinomial(zeros([2]), 1),
    message: "multinomial(): invalid multinomial distribution (sum of probabilities <= 0) (row 0)",
    op: "multinomial",
  },
  {
    id: "multinomial-zero-samples",
    group: "Random numbers",
    doc: "zero samples",
    code: "multinomial(ones([2]), 0)",
    call: () => ts.multinomial(ones([2]), 0),
    message: "multinomial(): cannot sample n_sample <= 0 samples (got 0)",
    op: "multinomial",
  },
  {
    id: "multinomial-3d",
    group: "Random numbers",
    doc: "a 3-D input",
    code: "multinomial(ones([2, 2, 2]), 1)",
    call: () => ts.multinomial(ones([2, 2, 2]), 1),
    message: "multinomial(): prob_dist must be 1 or 2 dim (got shape [2, 2, 2])",
    op: "multinomial",
  },
  {
    id: "multinomial-int",
    group: "Random numbers",
    doc: "int32 weights",
    code: "multinomial(tensor([1, 1]), 1)",
    call: () => ts.multinomial(tensor([1, 1]), 1),
    message: "multinomial(): multinomial only supports floating-point dtypes for input, got: int32",
    op: "multinomial",
  },
  {
    id: "normal-fn-std",
    group: "Random numbers",
    doc: "a negative std",
    code: "normal(0, -1, [2])",
    call: () => ts.normal(0, -1, [2]),
    message: "normal(): normal expects std >= 0.0, but found std -1",
    op: "normal",
  },
  {
    id: "normal-no-size",
    group: "Random numbers",
    doc: "two numbers without a size",
    code: "normal(0, 1)",
    call: () => ts.normal(0, 1),
    message: "normal(): with a number mean and std, give the size of the result (normal(0, 1, [2, 3]))",
    op: "normal",
  },
  {
    id: "normal-generator",
    group: "Random numbers",
    doc: "a generator option that is not a Generator",
    code: "normal(zeros([2]), 1, undefined, { generator: 7 })",
    call: () => ts.normal(zeros([2]), 1, undefined, any({ generator: 7 })),
    message: "normal(): option 'generator' must be a Generator, but got a number (7)",
    op: "normal",
    type: "TypeError",
  },
  // ---- normalization ---------------------------------------------------------------------
  {
    id: "batch-norm-running-size",
    group: "Normalization",
    doc: "running statistics with another number of channels than the input",
    code: "batchNorm(randn([4, 3]), zeros([4]), ones([3]))",
    call: () => ts.batchNorm(randn([4, 3]), zeros([4]), ones([3])),
    message: "batch_norm(): running_mean should contain 3 elements not 4",
    op: "batch_norm",
  },
  {
    id: "batch-norm-eval-no-stats",
    group: "Normalization",
    doc: "eval mode (the default) without running statistics",
    code: "batchNorm(randn([4, 3]), null, null)",
    call: () => ts.batchNorm(randn([4, 3]), null, null),
    message: "batch_norm(): running_mean must be defined in evaluation mode",
    op: "batch_norm",
  },
  {
    id: "batch-norm-one-value",
    group: "Normalization",
    doc: "training on one value per channel",
    code: "batchNorm(randn([1, 3]), null, null, { training: true })",
    call: () => ts.batchNorm(randn([1, 3]), null, null, { training: true }),
    message:
      "batch_norm(): Expected more than 1 value per channel when training, got input size torch.Size([1, 3])",
    op: "batch_norm",
  },
  {
    id: "batch-norm-weight-dtype",
    group: "Normalization",
    doc: "a weight of another dtype than the input",
    code: "batchNorm(x, null, null, { weight: ones([3], { dtype: 'float64' }), training: true })",
    call: () => ts.batchNorm(randn([4, 3]), null, null, { weight: ones([3], f64), training: true }),
    message: "batch_norm(): expected weight to have dtype float32 (the input's), but got float64",
    op: "batch_norm",
  },
  {
    id: "batch-norm-one-dim",
    group: "Normalization",
    doc: "an input without a channel dim",
    code: "batchNorm(randn([4]), null, null, { training: true })",
    call: () => ts.batchNorm(randn([4]), null, null, { training: true }),
    message: "batch_norm(): expected an input with at least 2 dims (N, C, *), but got shape [4]",
    op: "batch_norm",
  },
  {
    id: "group-norm-divisible",
    group: "Normalization",
    doc: "channels not divisible by the number of groups",
    code: "groupNorm(randn([2, 6, 4]), 4)",
    call: () => ts.groupNorm(randn([2, 6, 4]), 4),
    message:
      "group_norm(): Expected number of channels in input to be divisible by num_groups, but got input of shape [2, 6, 4] and num_groups=4",
    op: "group_norm",
  },
  {
    id: "group-norm-weight-shape",
    group: "Normalization",
    doc: "a weight that is not one value per channel",
    code: "groupNorm(randn([2, 6, 4]), 3, { weight: ones([4]) })",
    call: () => ts.groupNorm(randn([2, 6, 4]), 3, { weight: ones([4]) }),
    message:
      "group_norm(): Expected weight to be a vector of size equal to the number of channels in input, but got weight of shape [4] and input of shape [2, 6, 4]",
    op: "group_norm",
  },
  {
    id: "instance-norm-one-spatial",
    group: "Normalization",
    doc: "instance statistics over one element",
    code: "instanceNorm(randn([2, 3, 1]))",
    call: () => ts.instanceNorm(randn([2, 3, 1])),
    message:
      "instance_norm(): Expected more than 1 spatial element when training, got input size torch.Size([2, 3, 1])",
    op: "instance_norm",
  },
  {
    id: "instance-norm-no-stats",
    group: "Normalization",
    doc: "useInputStats false without running statistics",
    code: "instanceNorm(randn([2, 3, 4]), { useInputStats: false })",
    call: () => ts.instanceNorm(randn([2, 3, 4]), { useInputStats: false }),
    message:
      "instance_norm(): Expected running_mean and running_var to be defined when use_input_stats is false",
    op: "instance_norm",
  },
  {
    id: "layer-norm-fn-shape",
    group: "Normalization",
    doc: "an input whose trailing dims are not normalizedShape",
    code: "layerNorm(randn([3, 5]), [10])",
    call: () => ts.layerNorm(randn([3, 5]), [10]),
    message:
      "layer_norm(): Given normalized_shape=[10], expected input with shape [*, 10], but got input of size[3, 5]",
    op: "layer_norm",
  },
  {
    id: "layer-norm-fn-weight-shape",
    group: "Normalization",
    doc: "a weight not shaped normalizedShape",
    code: "layerNorm(randn([3, 4]), [4], { weight: ones([3]) })",
    call: () => ts.layerNorm(randn([3, 4]), [4], { weight: ones([3]) }),
    message:
      "layer_norm(): Expected weight to be of same shape as normalized_shape, but got weight of shape [3] and normalized_shape = [4]",
    op: "layer_norm",
  },
  {
    id: "set-backend-unknown",
    group: "Backends",
    doc: "a backend tsgrad does not have",
    code: 'setBackend("webgpu")',
    call: () => ts.setBackend(any("webgpu")),
    message: "setBackend(): unknown backend 'webgpu' (expected one of 'wasm', 'js')",
    op: "setBackend",
    type: "TypeError",
  },
  {
    id: "set-num-threads-zero",
    group: "Backends",
    doc: "zero threads (PyTorch's set_num_threads(0) is the same error)",
    code: "setNumThreads(0)",
    call: () => ts.setNumThreads(0),
    message: "setNumThreads(): set_num_threads expects a positive integer (got 0)",
    op: "setNumThreads",
  },
  {
    id: "set-num-threads-fraction",
    group: "Backends",
    doc: "a fractional thread count",
    code: "setNumThreads(1.5)",
    call: () => ts.setNumThreads(1.5),
    message: "setNumThreads(): argument 'n' must be an integer, but got 1.5",
    op: "setNumThreads",
    type: "TypeError",
  },
  {
    id: "fn-pad-odd",
    group: "Functional ops (normalize, pad, dropout, embedding)",
    doc: "a pad list of odd length",
    code: "pad(zeros([2, 3]), [1, 2, 3])",
    call: () => ts.pad(zeros([2, 3]), [1, 2, 3]),
    message: "pad(): Padding length must be divisible by 2",
    op: "pad",
  },
  {
    id: "fn-pad-too-long",
    group: "Functional ops (normalize, pad, dropout, embedding)",
    doc: "more pad pairs than dims",
    code: "pad(zeros([2, 3]), [1, 1, 1, 1, 1, 1])",
    call: () => ts.pad(zeros([2, 3]), [1, 1, 1, 1, 1, 1]),
    message: "pad(): Padding length too large",
    op: "pad",
  },
  {
    id: "fn-pad-negative-size",
    group: "Functional ops (normalize, pad, dropout, embedding)",
    doc: "negative constant padding past the size",
    code: "pad(zeros([2, 3]), [-2, -2])",
    call: () => ts.pad(zeros([2, 3]), [-2, -2]),
    message:
      "pad(): The input size 3, plus negative padding -2 and -2 resulted in a negative output size, which is invalid. Check dimension 1 of your input.",
    op: "pad",
  },
  {
    id: "fn-pad-reflect-too-big",
    group: "Functional ops (normalize, pad, dropout, embedding)",
    doc: "reflect padding as large as the dim",
    code: 'pad(zeros([1, 2, 3]), [3, 0], { mode: "reflect" })',
    call: () => ts.pad(zeros([1, 2, 3]), [3, 0], { mode: "reflect" }),
    message:
      "pad(): Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (3, 0) at dimension 2 of input [1, 2, 3]",
    op: "pad",
  },
  {
    id: "fn-pad-reflect-1d",
    group: "Functional ops (normalize, pad, dropout, embedding)",
    doc: "reflect padding of a 1-D tensor",
    code: 'pad(zeros([3]), [1, 1], { mode: "reflect" })',
    call: () => ts.pad(zeros([3]), [1, 1], { mode: "reflect" }),
    message: "pad(): Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now",
    op: "pad",
  },
  {
    id: "fn-pad-reflect-value",
    group: "Functional ops (normalize, pad, dropout, embedding)",
    doc: "a value with reflect padding",
    code: 'pad(zeros([1, 2, 3]), [1, 1], { mode: "reflect", value: 1 })',
    call: () => ts.pad(zeros([1, 2, 3]), [1, 1], { mode: "reflect", value: 1 }),
    message: 'pad(): Padding mode "reflect" doesn\'t take in value argument',
    op: "pad",
  },
  {
    id: "fn-pad-mode",
    group: "Functional ops (normalize, pad, dropout, embedding)",
    doc: "an unknown mode",
    code: 'pad(zeros([1, 2, 3]), [1, 1], { mode: "circular" })',
    call: () => ts.pad(zeros([1, 2, 3]), [1, 1], any({ mode: "circular" })),
    message:
      'pad(): Unrecognised padding mode circular (expected "constant", "reflect" or "replicate"; tsgrad has no "circular" padding yet)',
    op: "pad",
  },
  {
    id: "fn-dropout-p",
    group: "Functional ops (normalize, pad, dropout, embedding)",
    doc: "p outside [0, 1]",
    code: "dropout(x, { p: 1.5 })",
    call: () => ts.dropout(zeros([2]), { p: 1.5 }),
    message: "dropout(): dropout probability has to be between 0 and 1, but got 1.5",
    op: "dropout",
  },
  {
    id: "fn-dropout-int",
    group: "Functional ops (normalize, pad, dropout, embedding)",
    doc: "an int32 input in training",
    code: "dropout(tensor([1, 2]))",
    call: () => ts.dropout(tensor([1, 2])),
    message: "dropout(): expected a floating point input, but got int32",
    op: "dropout",
  },
  {
    id: "fn-embedding-weight-1d",
    group: "Functional ops (normalize, pad, dropout, embedding)",
    doc: "a 1-D weight",
    code: "embedding(tensor([0]), zeros([3]))",
    call: () => ts.embedding(tensor([0]), zeros([3])),
    message: "embedding(): 'weight' must be 2-D (got shape [3])",
    op: "embedding",
  },
  {
    id: "fn-embedding-padding-idx",
    group: "Functional ops (normalize, pad, dropout, embedding)",
    doc: "paddingIdx past the table",
    code: "embedding(tensor([0]), zeros([3, 2]), { paddingIdx: 3 })",
    call: () => ts.embedding(tensor([0]), zeros([3, 2]), { paddingIdx: 3 }),
    message: "embedding(): Padding_idx must be within num_embeddings (got padding_idx=3, num_embeddings=3)",
    op: "embedding",
  },
  {
    id: "fn-embedding-index",
    group: "Functional ops (normalize, pad, dropout, embedding)",
    doc: "an index past the table",
    code: "embedding(tensor([3]), zeros([3, 2]))",
    call: () => ts.embedding(tensor([3]), zeros([3, 2])),
    message: "embedding(): index out of range in self (index 3 with num_embeddings=3)",
    op: "embedding",
  },
  {
    id: "fn-embedding-float-index",
    group: "Functional ops (normalize, pad, dropout, embedding)",
    doc: "float indices",
    code: "embedding(tensor([0.5]), zeros([3, 2]))",
    call: () => ts.embedding(tensor([0.5]), zeros([3, 2])),
    message:
      "embedding(): Expected tensor for argument #1 'indices' to have int32 dtype (PyTorch: Long or Int), but got float32",
    op: "embedding",
  },
  {
    id: "cuda-method",
    group: "Creating tensors",
    doc: "moving a tensor to CUDA",
    code: "x.cuda()",
    call: () => zeros([2]).cuda(),
    message:
      "cuda(): tsgrad runs on the CPU only, so device 'cuda' is not available; use \"cpu\" (or leave the device out)",
    op: "cuda",
  },
  {
    id: "max-pool2d-kernel-length",
    group: "Pooling and resampling",
    doc: "a kernel size of three numbers",
    code: "maxPool2d(zeros([1, 1, 4, 4]), [1, 2, 3])",
    call: () => ts.maxPool2d(zeros([1, 1, 4, 4]), [1, 2, 3]),
    message: "max_pool2d(): kernel_size must either be a single int, or a tuple of two ints",
    op: "max_pool2d",
  },
  {
    id: "max-pool2d-2d-input",
    group: "Pooling and resampling",
    doc: "a 2-D input",
    code: "maxPool2d(zeros([4, 4]), 2)",
    call: () => ts.maxPool2d(zeros([4, 4]), 2),
    message: "max_pool2d(): non-empty 3D or 4D (batch mode) tensor expected for input",
    op: "max_pool2d",
  },
  {
    id: "max-pool2d-stride-zero",
    group: "Pooling and resampling",
    doc: "a zero stride",
    code: "maxPool2d(x, 2, { stride: 0 })",
    call: () => ts.maxPool2d(zeros([1, 1, 4, 4]), 2, { stride: 0 }),
    message: "max_pool2d(): stride should not be zero",
    op: "max_pool2d",
  },
  {
    id: "max-pool2d-kernel-negative",
    group: "Pooling and resampling",
    doc: "a negative kernel size",
    code: "maxPool2d(x, -1, { stride: 1 })",
    call: () => ts.maxPool2d(zeros([1, 1, 4, 4]), -1, { stride: 1 }),
    message: "max_pool2d(): kernel size should be greater than zero, but got kH: -1 kW: -1",
    op: "max_pool2d",
  },
  {
    id: "max-pool2d-dilation-zero",
    group: "Pooling and resampling",
    doc: "a zero dilation",
    code: "maxPool2d(x, 2, { dilation: 0 })",
    call: () => ts.maxPool2d(zeros([1, 1, 4, 4]), 2, { dilation: 0 }),
    message: "max_pool2d(): dilation should be greater than zero, but got dilationH: 0 dilationW: 0",
    op: "max_pool2d",
  },
  {
    id: "max-pool2d-pad-big",
    group: "Pooling and resampling",
    doc: "padding more than half the kernel",
    code: "maxPool2d(x, 3, { stride: 1, padding: 2 })",
    call: () => ts.maxPool2d(zeros([1, 1, 4, 4]), 3, { stride: 1, padding: 2 }),
    message: "max_pool2d(): pad should be at most half of kernel size, but got pad=2 and kernel_size=3",
    op: "max_pool2d",
  },
  {
    id: "max-pool2d-pad-negative",
    group: "Pooling and resampling",
    doc: "a negative padding",
    code: "maxPool2d(x, 3, { padding: -1 })",
    call: () => ts.maxPool2d(zeros([1, 1, 4, 4]), 3, { padding: -1 }),
    message: "max_pool2d(): pad must be non-negative, but got pad: -1",
    op: "max_pool2d",
  },
  {
    id: "max-pool2d-output-small",
    group: "Pooling and resampling",
    doc: "a kernel larger than the padded input",
    code: "maxPool2d(zeros([1, 3, 5, 5]), 7)",
    call: () => ts.maxPool2d(zeros([1, 3, 5, 5]), 7),
    message:
      "max_pool2d(): Given input size: (3x5x5). Calculated output size: (3x0x0). Output size is too small",
    op: "max_pool2d",
  },
  {
    id: "max-pool2d-empty-channels",
    group: "Pooling and resampling",
    doc: "an input with no channels",
    code: "maxPool2d(zeros([2, 0, 5, 5]), 2)",
    call: () => ts.maxPool2d(zeros([2, 0, 5, 5]), 2),
    message:
      "max_pool2d(): Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[2, 0, 5, 5]",
    op: "max_pool2d",
  },
  {
    id: "max-pool2d-int",
    group: "Pooling and resampling",
    doc: "an int32 input",
    code: 'maxPool2d(zeros([1, 1, 4, 4], { dtype: "int32" }), 2)',
    call: () => ts.maxPool2d(zeros([1, 1, 4, 4], i32), 2),
    message: "max_pool2d(): expected a floating point input, but got int32",
    op: "max_pool2d",
  },
  {
    id: "max-pool2d-float-kernel",
    group: "Pooling and resampling",
    doc: "a fractional kernel size",
    code: "maxPool2d(x, 1.5)",
    call: () => ts.maxPool2d(zeros([1, 1, 4, 4]), 1.5),
    message: "max_pool2d(): argument 'kernel_size' must be an integer, but got 1.5",
    op: "max_pool2d",
    type: "TypeError",
  },
  {
    id: "max-pool2d-option",
    group: "Pooling and resampling",
    doc: "a snake_case option",
    code: "maxPool2d(x, 2, { ceil_mode: true })",
    call: () => ts.maxPool2d(zeros([1, 1, 4, 4]), 2, any({ ceil_mode: true })),
    message: "max_pool2d(): got an unexpected option 'ceil_mode' (did you mean 'ceilMode'?)",
    op: "max_pool2d",
    type: "TypeError",
  },
  {
    id: "max-pool1d-4d-input",
    group: "Pooling and resampling",
    doc: "a 4-D input",
    code: "maxPool1d(zeros([2, 3, 5, 5]), 2)",
    call: () => ts.maxPool1d(zeros([2, 3, 5, 5]), 2),
    message:
      "max_pool1d(): Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:[2, 3, 5, 5]",
    op: "max_pool1d",
  },
  {
    id: "max-pool1d-kernel-length",
    group: "Pooling and resampling",
    doc: "two kernel sizes",
    code: "maxPool1d(zeros([2, 3, 6]), [2, 2])",
    call: () => ts.maxPool1d(zeros([2, 3, 6]), [2, 2]),
    message:
      "max_pool1d(): kernel_size must be an int, list of ints or tuple of ints of size 1 but got size 2",
    op: "max_pool1d",
  },
  {
    id: "max-pool1d-pad-big",
    group: "Pooling and resampling",
    doc: "padding more than half the kernel",
    code: "maxPool1d(zeros([2, 3, 6]), 3, { stride: 1, padding: 2 })",
    call: () => ts.maxPool1d(zeros([2, 3, 6]), 3, { stride: 1, padding: 2 }),
    message:
      "max_pool1d(): padding should be at most half of kernel size, but got padding=2 and kernel_size=3",
    op: "max_pool1d",
  },
  {
    id: "max-pool1d-output-small-grad",
    group: "Pooling and resampling",
    doc: "a kernel longer than an input that requires grad",
    code: "maxPool1d(zeros([2, 3, 6], { requiresGrad: true }), 7)",
    call: () => ts.maxPool1d(leaf([2, 3, 6]), 7),
    message:
      "max_pool2d(): Given input size: (3x1x6). Calculated output size: (3x1x0). Output size is too small",
    op: "max_pool2d",
  },
  {
    id: "avg-pool2d-divisor-zero",
    group: "Pooling and resampling",
    doc: "a zero divisorOverride",
    code: "avgPool2d(x, 2, { divisorOverride: 0 })",
    call: () => ts.avgPool2d(zeros([1, 1, 4, 4]), 2, { divisorOverride: 0 }),
    message: "avg_pool2d(): divisor must be not zero",
    op: "avg_pool2d",
  },
  {
    id: "avg-pool2d-5d-input",
    group: "Pooling and resampling",
    doc: "a 5-D input",
    code: "avgPool2d(zeros([1, 1, 1, 4, 4]), 2)",
    call: () => ts.avgPool2d(zeros([1, 1, 1, 4, 4]), 2),
    message:
      "avg_pool2d(): Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[1, 1, 1, 4, 4]",
    op: "avg_pool2d",
  },
  {
    id: "avg-pool1d-4d-input",
    group: "Pooling and resampling",
    doc: "a 4-D input",
    code: "avgPool1d(zeros([2, 3, 5, 5]), 2)",
    call: () => ts.avgPool1d(zeros([2, 3, 5, 5]), 2),
    message:
      "avg_pool1d(): Expected 2 to 3 dimensions, but got 4-dimensional tensor for argument #1 'self' (while checking arguments for avg_pool1d)",
    op: "avg_pool1d",
  },
  {
    id: "avg-pool1d-stride-length",
    group: "Pooling and resampling",
    doc: "two strides",
    code: "avgPool1d(zeros([2, 3, 6]), 2, { stride: [2, 2] })",
    call: () => ts.avgPool1d(zeros([2, 3, 6]), 2, { stride: [2, 2] }),
    message: "avg_pool1d(): argument 'stride' should contain one int (got 2)",
    op: "avg_pool1d",
  },
  {
    id: "adaptive-avg-pool2d-2d-input",
    group: "Pooling and resampling",
    doc: "a 2-D input (an output size other than 1)",
    code: "adaptiveAvgPool2d(zeros([3, 5]), 2)",
    call: () => ts.adaptiveAvgPool2d(zeros([3, 5]), 2),
    message: "adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got [3, 5]",
    op: "adaptive_avg_pool2d",
  },
  {
    id: "adaptive-avg-pool2d-negative",
    group: "Pooling and resampling",
    doc: "a negative output size",
    code: "adaptiveAvgPool2d(x, [-1, 2])",
    call: () => ts.adaptiveAvgPool2d(zeros([1, 1, 4, 4]), [-1, 2]),
    message:
      "adaptive_avg_pool2d(): elements of output_size must be greater than or equal to 0 but received {-1, 2}",
    op: "adaptive_avg_pool2d",
  },
  {
    id: "adaptive-avg-pool2d-three-sizes",
    group: "Pooling and resampling",
    doc: "three output sizes",
    code: "adaptiveAvgPool2d(x, [1, 2, 3])",
    call: () => ts.adaptiveAvgPool2d(zeros([1, 1, 4, 4]), [1, 2, 3]),
    message: "adaptive_avg_pool2d(): output_size must be 2",
    op: "adaptive_avg_pool2d",
  },
  {
    id: "adaptive-avg-pool2d-empty",
    group: "Pooling and resampling",
    doc: "an input of height 0",
    code: "adaptiveAvgPool2d(zeros([2, 3, 0, 4]), 2)",
    call: () => ts.adaptiveAvgPool2d(zeros([2, 3, 0, 4]), 2),
    message:
      "adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [2, 3, 0, 4] with dimension 2 being empty",
    op: "adaptive_avg_pool2d",
  },
  {
    id: "adaptive-avg-pool1d-two-sizes",
    group: "Pooling and resampling",
    doc: "two output sizes",
    code: "adaptiveAvgPool1d(zeros([2, 3, 6]), [2, 2])",
    call: () => ts.adaptiveAvgPool1d(zeros([2, 3, 6]), [2, 2]),
    message: "adaptive_avg_pool1d(): argument 'output_size' should contain one int (got 2)",
    op: "adaptive_avg_pool1d",
  },
  {
    id: "adaptive-max-pool2d-negative",
    group: "Pooling and resampling",
    doc: "a negative output size",
    code: "adaptiveMaxPool2d(zeros([2, 3, 5, 5]), [-1, 2])",
    call: () => ts.adaptiveMaxPool2d(zeros([2, 3, 5, 5]), [-1, 2]),
    message: "adaptive_max_pool2d(): Trying to create tensor with negative dimension -1: [2, 3, -1, 2]",
    op: "adaptive_max_pool2d",
  },
  {
    id: "adaptive-max-pool2d-2d-input",
    group: "Pooling and resampling",
    doc: "a 2-D input",
    code: "adaptiveMaxPool2d(zeros([3, 5]), 2)",
    call: () => ts.adaptiveMaxPool2d(zeros([3, 5]), 2),
    message: "adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: [3, 5]",
    op: "adaptive_max_pool2d",
  },
  {
    id: "max-unpool2d-index",
    group: "Pooling and resampling",
    doc: "an index outside the output",
    code: "maxUnpool2d(zeros([1, 1, 1, 1]), tensor([[[[17]]]]), 2)",
    call: () => ts.maxUnpool2d(zeros([1, 1, 1, 1]), tensor([[[[17]]]]), 2),
    message: "max_unpool2d(): Found an invalid max index: 17 (output volumes are of size 2x2",
    op: "max_unpool2d",
  },
  {
    id: "max-unpool2d-output-size",
    group: "Pooling and resampling",
    doc: "an output size the pooling cannot have come from",
    code: "maxUnpool2d(y, i, 2, { outputSize: [7, 5] })",
    call: () => ts.maxUnpool2d(zeros([1, 1, 2, 2]), zeros([1, 1, 2, 2], i32), 2, { outputSize: [7, 5] }),
    message: 'max_unpool2d(): invalid output_size "[7, 5]" (dim 0 must be between 2 and 6)',
    op: "max_unpool2d",
  },
  {
    id: "max-unpool2d-output-size-length",
    group: "Pooling and resampling",
    doc: "an output size of three numbers",
    code: "maxUnpool2d(y, i, 2, { outputSize: [3, 5, 5] })",
    call: () => ts.maxUnpool2d(zeros([1, 1, 2, 2]), zeros([1, 1, 2, 2], i32), 2, { outputSize: [3, 5, 5] }),
    message:
      "max_unpool2d(): output_size should be a sequence containing 2 or 4 elements, but it has a length of '3'",
    op: "max_unpool2d",
  },
  {
    id: "max-unpool2d-indices-shape",
    group: "Pooling and resampling",
    doc: "indices of another shape",
    code: 'maxUnpool2d(zeros([2, 1, 2, 2]), zeros([1, 1, 2, 2], { dtype: "int32" }), 2)',
    call: () => ts.maxUnpool2d(zeros([2, 1, 2, 2]), zeros([1, 1, 2, 2], i32), 2),
    message:
      "max_unpool2d(): Expected shape of indices to be same as that of the input tensor ([2, 1, 2, 2]) but got indices tensor with shape: [1, 1, 2, 2]",
    op: "max_unpool2d",
  },
  {
    id: "max-unpool2d-indices-dtype",
    group: "Pooling and resampling",
    doc: "float32 indices",
    code: "maxUnpool2d(y, zeros([1, 1, 2, 2]), 2)",
    call: () => ts.maxUnpool2d(zeros([1, 1, 2, 2]), zeros([1, 1, 2, 2]), 2),
    message:
      "max_unpool2d(): elements in indices should be type int32 (tsgrad's index dtype) but got: float32",
    op: "max_unpool2d",
  },
  {
    id: "interpolate-size-and-scale",
    group: "Pooling and resampling",
    doc: "both a size and a scale factor",
    code: "interpolate(x, { size: 2, scaleFactor: 2 })",
    call: () => ts.interpolate(zeros([1, 1, 4, 4]), { size: 2, scaleFactor: 2 }),
    message: "interpolate(): only one of size or scale_factor should be defined",
    op: "interpolate",
  },
  {
    id: "interpolate-neither",
    group: "Pooling and resampling",
    doc: "neither a size nor a scale factor",
    code: "interpolate(x)",
    call: () => ts.interpolate(zeros([1, 1, 4, 4])),
    message: "interpolate(): either size or scale_factor should be defined",
    op: "interpolate",
  },
  {
    id: "interpolate-size-length",
    group: "Pooling and resampling",
    doc: "one size for a 4-D input",
    code: "interpolate(zeros([2, 3, 5, 5]), { size: [2] })",
    call: () => ts.interpolate(zeros([2, 3, 5, 5]), { size: [2] }),
    message:
      "interpolate(): Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of [5, 5] and output size of [2]. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.",
    op: "interpolate",
  },
  {
    id: "interpolate-align-nearest",
    group: "Pooling and resampling",
    doc: "alignCorners with mode nearest",
    code: "interpolate(x, { size: 2, alignCorners: true })",
    call: () => ts.interpolate(zeros([1, 1, 4, 4]), { size: 2, alignCorners: true }),
    message:
      "interpolate(): align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear",
    op: "interpolate",
  },
  {
    id: "interpolate-bilinear-3d",
    group: "Pooling and resampling",
    doc: "bilinear on a 3-D input",
    code: 'interpolate(zeros([2, 3, 6]), { size: 2, mode: "bilinear" })',
    call: () => ts.interpolate(zeros([2, 3, 6]), { size: 2, mode: "bilinear" }),
    message: "interpolate(): Got 3D input, but bilinear mode needs 4D input",
    op: "interpolate",
  },
  {
    id: "interpolate-2d-input",
    group: "Pooling and resampling",
    doc: "a 2-D input",
    code: "interpolate(zeros([3, 5]), { size: 2 })",
    call: () => ts.interpolate(zeros([3, 5]), { size: 2 }),
    message:
      "interpolate(): Input Error: Only 3D, 4D and 5D input Tensors supported (got 2D) for the modes: nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact (got nearest)",
    op: "interpolate",
  },
  {
    id: "interpolate-zero-size",
    group: "Pooling and resampling",
    doc: "an output size of 0",
    code: "interpolate(zeros([2, 3, 5, 5]), { size: 0 })",
    call: () => ts.interpolate(zeros([2, 3, 5, 5]), { size: 0 }),
    message:
      "interpolate(): Input and output sizes should be greater than 0, but got input (H: 5, W: 5) output (H: 0, W: 0)",
    op: "interpolate",
  },
  {
    id: "interpolate-bicubic",
    group: "Pooling and resampling",
    doc: "a mode tsgrad does not have",
    code: 'interpolate(x, { size: 2, mode: "bicubic" })',
    call: () => ts.interpolate(zeros([1, 1, 4, 4]), { size: 2, mode: any("bicubic") }),
    message:
      "interpolate(): mode 'bicubic' with 4-D input is not supported by tsgrad (it has nearest, nearest-exact and area for 3-D and 4-D input, linear for 3-D and bilinear for 4-D)",
    op: "interpolate",
  },
  {
    id: "interpolate-antialias",
    group: "Pooling and resampling",
    doc: "antialias with mode nearest",
    code: "interpolate(x, { size: 2, antialias: true })",
    call: () => ts.interpolate(zeros([1, 1, 4, 4]), { size: 2, antialias: true }),
    message: "interpolate(): Anti-alias option is only supported for bilinear and bicubic modes",
    op: "interpolate",
  },
  // ---- attention (PyTorch 2.x's F.scaled_dot_product_attention; 1.13 has none) ----------------
  {
    id: "sdpa-dtype-mismatch",
    group: "Attention",
    doc: "query, key and value of different dtypes",
    code: "scaledDotProductAttention(q, k.double(), v)",
    call: () => ts.scaledDotProductAttention(zeros([2, 4]), zeros([3, 4], f64), zeros([3, 4])),
    message:
      "scaled_dot_product_attention(): Expected query, key, and value to have the same dtype, but got query.dtype: float32 key.dtype: float64 and value.dtype: float32 instead.",
    op: "scaled_dot_product_attention",
  },
  {
    id: "sdpa-integer",
    group: "Attention",
    doc: "integer query, key and value",
    code: "scaledDotProductAttention(ints, ints, ints)",
    call: () => ts.scaledDotProductAttention(zeros([2, 4], i32), zeros([3, 4], i32), zeros([3, 4], i32)),
    message: "scaled_dot_product_attention(): expected floating point query, key and value, but got int32",
    op: "scaled_dot_product_attention",
  },
  {
    id: "sdpa-1d",
    group: "Attention",
    doc: "a 1-D query",
    code: "scaledDotProductAttention(zeros([4]), k, v)",
    call: () => ts.scaledDotProductAttention(zeros([4]), zeros([3, 4]), zeros([3, 4])),
    message:
      "scaled_dot_product_attention(): Expected query, key, and value to all be at least 2 dimensional, but got query.dim: 1 key.dim: 2 and value.dim: 2 instead.",
    op: "scaled_dot_product_attention",
  },
  {
    id: "sdpa-embedding-size",
    group: "Attention",
    doc: "query and key of different embedding sizes",
    code: "scaledDotProductAttention(zeros([2, 4]), zeros([3, 5]), zeros([3, 5]))",
    call: () => ts.scaledDotProductAttention(zeros([2, 4]), zeros([3, 5]), zeros([3, 5])),
    message:
      "scaled_dot_product_attention(): query and key must have the same embedding size (last dim), but got 4 and 5 (query [2, 4], key [3, 5], value [3, 5])",
    op: "scaled_dot_product_attention",
  },
  {
    id: "sdpa-sequence-length",
    group: "Attention",
    doc: "key and value of different sequence lengths",
    code: "scaledDotProductAttention(zeros([2, 4]), zeros([3, 4]), zeros([5, 4]))",
    call: () => ts.scaledDotProductAttention(zeros([2, 4]), zeros([3, 4]), zeros([5, 4])),
    message:
      "scaled_dot_product_attention(): key and value must have the same sequence length (dim -2), but got 3 and 5 (query [2, 4], key [3, 4], value [5, 4])",
    op: "scaled_dot_product_attention",
  },
  {
    id: "sdpa-batch",
    group: "Attention",
    doc: "batch dims that do not broadcast",
    code: "scaledDotProductAttention(zeros([2, 2, 4]), zeros([3, 3, 4]), zeros([3, 3, 4]))",
    call: () => ts.scaledDotProductAttention(zeros([2, 2, 4]), zeros([3, 3, 4]), zeros([3, 3, 4])),
    message:
      "scaled_dot_product_attention(): the batch dims of query, key and value do not broadcast (query [2, 2, 4], key [3, 3, 4], value [3, 3, 4])",
    op: "scaled_dot_product_attention",
  },
  {
    id: "sdpa-mask-and-causal",
    group: "Attention",
    doc: "an attn_mask together with isCausal",
    code: "scaledDotProductAttention(q, k, v, { attnMask: m, isCausal: true })",
    call: () => sdpa({ attnMask: zeros([2, 3]), isCausal: true }),
    message: "scaled_dot_product_attention(): Explicit attn_mask should not be set when is_causal=True",
    op: "scaled_dot_product_attention",
  },
  {
    id: "sdpa-mask-dtype",
    group: "Attention",
    doc: "an integer attn_mask",
    code: 'scaledDotProductAttention(q, k, v, { attnMask: zeros([2, 3], { dtype: "int32" }) })',
    call: () => sdpa({ attnMask: zeros([2, 3], i32) }),
    message:
      "scaled_dot_product_attention(): Expected attn_mask dtype to be bool or float or to match query dtype, but got attn_mask.dtype: int32 and query.dtype: float32 instead.",
    op: "scaled_dot_product_attention",
  },
  {
    id: "sdpa-mask-float64",
    group: "Attention",
    doc: "a float64 attn_mask with float32 query, key and value",
    code: "scaledDotProductAttention(q, k, v, { attnMask: mask.double() })",
    call: () => sdpa({ attnMask: zeros([2, 3], f64) }),
    message:
      "scaled_dot_product_attention(): Expected attn_mask dtype to be bool or float or to match query dtype, but got attn_mask.dtype: float64 and query.dtype: float32 instead.",
    op: "scaled_dot_product_attention",
  },
  {
    id: "sdpa-mask-shape",
    group: "Attention",
    doc: "an attn_mask that does not broadcast to the scores [..., L, S]",
    code: "scaledDotProductAttention(zeros([2, 4]), zeros([3, 4]), zeros([3, 4]), { attnMask: zeros([3, 2]) })",
    call: () => sdpa({ attnMask: zeros([3, 2]) }),
    message:
      "scaled_dot_product_attention(): attn_mask of shape [3, 2] does not broadcast to the attention scores' shape [2, 3] (query [2, 4], key [3, 4], value [3, 4])",
    op: "scaled_dot_product_attention",
  },
  {
    id: "sdpa-dropout",
    group: "Attention",
    doc: "a dropout probability above 1",
    code: "scaledDotProductAttention(q, k, v, { dropoutP: 1.5 })",
    call: () => sdpa({ dropoutP: 1.5 }),
    message: "scaled_dot_product_attention(): dropout probability has to be between 0 and 1, but got 1.5",
    op: "scaled_dot_product_attention",
  },

  // ---- convolution -----------------------------------------------------------------------------
  {
    id: "conv2d-input-dims",
    group: "Convolution",
    doc: "a 2-D input to conv2d",
    code: "conv2d(zeros([2, 3]), w)",
    call: () => ts.conv2d(zeros([2, 3]), zeros([4, 3, 3, 3])),
    message:
      "conv2d(): Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [2, 3]",
    op: "conv2d",
  },
  {
    id: "conv2d-channels",
    group: "Convolution",
    doc: "input channels that do not match the weight's",
    code: "conv2d(zeros([2, 2, 5, 5]), zeros([4, 3, 3, 3]))",
    call: () => ts.conv2d(zeros([2, 2, 5, 5]), zeros([4, 3, 3, 3])),
    message:
      "conv2d(): Given groups=1, weight of size [4, 3, 3, 3], expected input[2, 2, 5, 5] to have 3 channels, but got 2 channels instead",
    op: "conv2d",
  },
  {
    id: "conv2d-groups-divide",
    group: "Convolution",
    doc: "output channels not divisible by groups",
    code: "conv2d(zeros([2, 4, 5, 5]), zeros([3, 2, 3, 3]), { groups: 2 })",
    call: () => ts.conv2d(zeros([2, 4, 5, 5]), zeros([3, 2, 3, 3]), { groups: 2 }),
    message:
      "conv2d(): Given groups=2, expected weight to be divisible by 2 at dimension 0, but got weight of size [[3, 2, 3, 3]] instead",
    op: "conv2d",
  },
  {
    id: "conv2d-kernel-too-big",
    group: "Convolution",
    doc: "a kernel larger than the padded input",
    code: "conv2d(zeros([1, 3, 2, 2]), zeros([4, 3, 3, 3]))",
    call: () => ts.conv2d(zeros([1, 3, 2, 2]), zeros([4, 3, 3, 3])),
    message:
      "conv2d(): Calculated padded input size per channel: (2 x 2). Kernel size: (3 x 3). Kernel size can't be greater than actual input size",
    op: "conv2d",
  },
  {
    id: "conv2d-bias-size",
    group: "Convolution",
    doc: "a bias whose size is not the output channels",
    code: "conv2d(x, zeros([4, 3, 3, 3]), zeros([3]))",
    call: () => ts.conv2d(zeros([2, 3, 5, 5]), zeros([4, 3, 3, 3]), zeros([3])),
    message:
      "conv2d(): Given weight of size [4, 3, 3, 3], expected bias to be 1-dimensional with 4 elements, but got bias of size [3] instead",
    op: "conv2d",
  },
  {
    id: "conv2d-same-strided",
    group: "Convolution",
    doc: "padding 'same' with a stride",
    code: 'conv2d(x, w, { padding: "same", stride: 2 })',
    call: () => ts.conv2d(zeros([2, 3, 5, 5]), zeros([4, 3, 3, 3]), { padding: "same", stride: 2 }),
    message: "conv2d(): padding='same' is not supported for strided convolutions",
    op: "conv2d",
  },
  {
    id: "conv2d-padding-string",
    group: "Convolution",
    doc: "a padding string other than 'same' and 'valid'",
    code: 'conv2d(x, w, { padding: "full" })',
    call: () => ts.conv2d(zeros([2, 3, 5, 5]), zeros([4, 3, 3, 3]), { padding: any("full") }),
    message: "conv2d(): Invalid padding string: 'full'",
    op: "conv2d",
  },
  {
    id: "conv2d-stride-length",
    group: "Convolution",
    doc: "a stride with more values than spatial dims",
    code: "conv2d(x, w, { stride: [1, 2, 3] })",
    call: () => ts.conv2d(zeros([2, 3, 5, 5]), zeros([4, 3, 3, 3]), { stride: [1, 2, 3] }),
    message:
      "conv2d(): expected stride to be a single integer value or a list of 2 values to match the convolution dimensions, but got stride=[1, 2, 3]",
    op: "conv2d",
  },
  {
    id: "conv2d-integer-input",
    group: "Convolution",
    doc: "an integer input (PyTorch convolves int64 on the CPU; tsgrad has float kernels only)",
    code: 'conv2d(zeros([1, 1, 3, 3], { dtype: "int32" }), w)',
    call: () => ts.conv2d(zeros([1, 1, 3, 3], i32), zeros([1, 1, 2, 2], i32)),
    message: "conv2d(): expected a floating point input, but got int32",
    op: "conv2d",
  },
  {
    id: "conv2d-dtype-mismatch",
    group: "Convolution",
    doc: "input and weight of different dtypes",
    code: "conv2d(x, w.double())",
    call: () => ts.conv2d(zeros([1, 1, 3, 3]), zeros([1, 1, 2, 2], f64)),
    message: "conv2d(): Input type (float32) and weight type (float64) should be the same",
    op: "conv2d",
  },
  {
    id: "conv-transpose2d-output-padding",
    group: "Convolution",
    doc: "an output padding not below stride or dilation",
    code: "convTranspose2d(x, w, { outputPadding: 1 })",
    call: () => ts.convTranspose2d(zeros([2, 3, 5, 5]), zeros([3, 2, 2, 2]), { outputPadding: 1 }),
    message:
      "conv_transpose2d(): output padding must be smaller than either stride or dilation, but got output_padding_height: 1 output_padding_width: 1 stride_height: 1 stride_width: 1 dilation_height: 1 dilation_width: 1",
    op: "conv_transpose2d",
  },
  {
    id: "conv-transpose2d-output-too-small",
    group: "Convolution",
    doc: "a transposed convolution whose padding leaves no output",
    code: "convTranspose2d(zeros([2, 3, 5, 5]), zeros([3, 2, 2, 2]), { padding: 4 })",
    call: () => ts.convTranspose2d(zeros([2, 3, 5, 5]), zeros([3, 2, 2, 2]), { padding: 4 }),
    message:
      "conv_transpose2d(): Given input size per channel: (5 x 5). Calculated output size per channel: (-2 x -2). Output size is too small",
    op: "conv_transpose2d",
  },
  {
    id: "conv-options-kind",
    group: "Convolution",
    doc: "a stride that is not an integer",
    code: "conv2d(x, w, { stride: 1.5 })",
    call: () => ts.conv2d(zeros([2, 3, 5, 5]), zeros([4, 3, 3, 3]), { stride: 1.5 }),
    message: "conv2d(): option 'stride' must be an integer or a list of integers, but got a number (1.5)",
    op: "conv2d",
    type: "TypeError",
  },
  {
    id: "unfold-input-dims",
    group: "Convolution",
    doc: "a 2-D input to unfold",
    code: "unfold(zeros([3, 4]), 2)",
    call: () => ts.unfold(zeros([3, 4]), 2),
    message:
      "unfold(): Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: [3, 4]",
    op: "unfold",
  },
  {
    id: "unfold-kernel-too-big",
    group: "Convolution",
    doc: "an unfold kernel larger than the padded input",
    code: "unfold(zeros([2, 3, 5, 5]), 6)",
    call: () => ts.unfold(zeros([2, 3, 5, 5]), 6),
    message:
      "unfold(): Given input with spatial size (5, 5), kernel_size=(6, 6), dilation=(1, 1), padding=(0, 0), calculated shape of the array of sliding blocks as (0, 0), but its components must be at least one.",
    op: "unfold",
  },
  {
    id: "fold-blocks",
    group: "Convolution",
    doc: "a fold input whose last dim is not the number of blocks",
    code: "fold(zeros([1, 12, 11]), [4, 5], 2)",
    call: () => ts.fold(zeros([1, 12, 11]), [4, 5], 2),
    message:
      "fold(): Given output_size=(4, 5), kernel_size=(2, 2), dilation=(1, 1), padding=(0, 0), stride=(1, 1), expected size of input's dimension 2 to match the calculated number of sliding blocks 3 * 4 = 12, but got input.size(2)=11.",
    op: "fold",
  },
  {
    id: "fold-divisible",
    group: "Convolution",
    doc: "a fold input whose channels are not a multiple of the kernel's size",
    code: "fold(zeros([1, 7, 12]), [4, 5], 2)",
    call: () => ts.fold(zeros([1, 7, 12]), [4, 5], 2),
    message:
      "fold(): Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=7 and kernel_size=(2, 2).",
    op: "fold",
  },
  // ---- the autograd API: autograd.grad, backward(inputs), hooks, custom Functions -----------
  {
    id: "autograd-grad-unused",
    group: "Autograd API",
    doc: "an input of autograd.grad the outputs do not depend on",
    code: "autograd.grad(x.mul(2).sum(), [x, w])",
    call: () => ts.autograd.grad(leaf([2]).mul(2).sum(), [leaf([2]), leaf([2])]),
    message:
      "autograd.grad(): One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.",
    op: "autograd.grad",
  },
  {
    id: "autograd-grad-input-no-grad",
    group: "Autograd API",
    doc: "an input of autograd.grad that does not require grad",
    code: "autograd.grad(x.mul(2).sum(), ones([2]))",
    call: () => ts.autograd.grad(leaf([2]).mul(2).sum(), ones([2])),
    message: "autograd.grad(): One of the differentiated Tensors does not require grad",
    op: "autograd.grad",
  },
  {
    id: "autograd-grad-output-no-grad",
    group: "Autograd API",
    doc: "an output of autograd.grad that is not in a graph",
    code: "autograd.grad(ones([2]).sum(), x)",
    call: () => ts.autograd.grad(ones([2]).sum(), leaf([2])),
    message: "autograd.grad(): element 0 of tensors does not require grad and does not have a grad_fn",
    op: "autograd.grad",
  },
  {
    id: "autograd-grad-non-scalar",
    group: "Autograd API",
    doc: "a non-scalar output without gradOutputs",
    code: "autograd.grad(x.mul(2), x)  // x has shape [2]",
    call: () => {
      const x = leaf([2]);
      ts.autograd.grad(x.mul(2), x);
    },
    message: "autograd.grad(): grad can be implicitly created only for scalar outputs (got shape [2])",
    op: "autograd.grad",
  },
  {
    id: "autograd-grad-outputs-shape",
    group: "Autograd API",
    doc: "a gradOutputs tensor of another shape than its output",
    code: "autograd.grad(x.mul(2), x, { gradOutputs: ones([3]) })  // x has shape [2]",
    call: () => {
      const x = leaf([2]);
      ts.autograd.grad(x.mul(2), x, { gradOutputs: ones([3]) });
    },
    message:
      "autograd.grad(): Mismatch in shape: grad_output[0] has a shape of [3] and output[0] has a shape of [2].",
    op: "autograd.grad",
  },
  {
    id: "autograd-grad-outputs-count",
    group: "Autograd API",
    doc: "fewer gradOutputs than outputs",
    code: "autograd.grad([a, b], x, { gradOutputs: [ones([])] })",
    call: () => {
      const x = leaf([2]);
      ts.autograd.grad([x.sum(), x.sum()], x, { gradOutputs: [ones([])] });
    },
    message: "autograd.grad(): got 2 tensors and 1 gradients",
    op: "autograd.grad",
  },
  {
    id: "autograd-grad-outputs-type",
    group: "Autograd API",
    doc: "a gradOutputs entry that is not a tensor",
    code: "autograd.grad(x.sum(), x, { gradOutputs: [1] })",
    call: () => {
      const x = leaf([2]);
      ts.autograd.grad(x.sum(), x, { gradOutputs: [any(1)] });
    },
    message: "autograd.grad(): gradients can be either Tensors or None, but got a number (1)",
    op: "autograd.grad",
    type: "TypeError",
  },
  {
    id: "autograd-grad-empty-inputs",
    group: "Autograd API",
    doc: "autograd.grad with no inputs",
    code: "autograd.grad(x.sum(), [])",
    call: () => ts.autograd.grad(leaf([2]).sum(), []),
    message: "autograd.grad(): grad requires non-empty inputs.",
    op: "autograd.grad",
  },
  {
    id: "autograd-grad-inputs-type",
    group: "Autograd API",
    doc: "an input of autograd.grad that is not a tensor",
    code: "autograd.grad(x.sum(), [x, 2])",
    call: () => {
      const x = leaf([2]);
      ts.autograd.grad(x.sum(), [x, any(2)]);
    },
    message: "autograd.grad(): inputs[1] must be a Tensor, but got a number (2)",
    op: "autograd.grad",
    type: "TypeError",
  },
  {
    id: "autograd-grad-create-graph-not-differentiable",
    group: "Autograd API",
    doc: "createGraph through an op (made with record) whose backward is not recorded",
    code: 'autograd.grad(record(noGrad(() => x.mul(2)), "MyOpBackward0", [x], [], (g) => [g.detach().mul(2)]).square().sum(), x, { createGraph: true })',
    call: () => {
      const x = leaf([2]);
      const y = ts.record(
        ts.noGrad(() => x.mul(2)),
        "MyOpBackward0",
        [x],
        [],
        (g) => [g.detach().mul(2)],
      );
      ts.autograd.grad(y.square().sum(), x, { createGraph: true });
    },
    message:
      "backward(): derivative for MyOpBackward0 is not implemented: its backward is not differentiable yet, so createGraph: true (create_graph=True) cannot give higher-order gradients through it",
    op: "backward",
  },
  {
    id: "autograd-grad-materialize-allow-unused",
    group: "Autograd API",
    doc: "materializeGrads with allowUnused: false (PyTorch 2.1's check)",
    code: "autograd.grad(x.sum(), x, { materializeGrads: true, allowUnused: false })",
    call: () => {
      const x = leaf([2]);
      ts.autograd.grad(x.sum(), x, { materializeGrads: true, allowUnused: false });
    },
    message:
      "autograd.grad(): Expected allow_unused to be True or not passed when materialize_grads=True, but got: allow_unused=False.",
    op: "autograd.grad",
  },
  {
    id: "backward-inputs-empty",
    group: "Autograd API",
    doc: "backward with an empty inputs list",
    code: "x.mul(2).sum().backward(null, { inputs: [] })",
    call: () => leaf([2]).mul(2).sum().backward(null, { inputs: [] }),
    message: "backward(): 'inputs' argument to backward() cannot be empty.",
    op: "backward",
  },
  {
    id: "backward-inputs-no-grad",
    group: "Autograd API",
    doc: "a backward input that does not require grad",
    code: "x.mul(2).sum().backward(null, { inputs: [ones([2])] })",
    call: () =>
      leaf([2])
        .mul(2)
        .sum()
        .backward(null, { inputs: [ones([2])] }),
    message:
      "backward(): can't retain_grad on Tensor that has requires_grad=False (inputs[0] does not require grad)",
    op: "backward",
  },
  {
    id: "grad-of-constant-gradient",
    group: "Autograd API",
    doc: "the gradient of a gradient that does not depend on x (a linear function's)",
    code: "autograd.grad(autograd.grad(x.mul(2).sum(), x, { createGraph: true })[0].sum(), x)",
    call: () => {
      const x = leaf([2]);
      const [g] = ts.autograd.grad(x.mul(2).sum(), x, { createGraph: true });
      ts.autograd.grad(g!.sum(), x);
    },
    message: "autograd.grad(): element 0 of tensors does not require grad and does not have a grad_fn",
    op: "autograd.grad",
  },
  {
    id: "register-hook-no-grad",
    group: "Autograd API",
    doc: "a hook on a tensor that does not require grad",
    code: "ones([2]).registerHook((g) => g)",
    call: () => ones([2]).registerHook((g) => g),
    message: "registerHook(): cannot register a hook on a tensor that doesn't require gradient",
    op: "registerHook",
  },
  {
    id: "register-hook-not-function",
    group: "Autograd API",
    doc: "a hook that is not a function",
    code: "x.registerHook(2)",
    call: () => leaf([2]).registerHook(any(2)),
    message: "registerHook(): hook must be a function, but got a number (2)",
    op: "registerHook",
    type: "TypeError",
  },
  {
    id: "register-hook-size",
    group: "Autograd API",
    doc: "a hook that returns a gradient of another shape",
    code: "x.registerHook((g) => g.narrow(0, 0, 1)); x.mul(2).sum().backward()",
    call: () => {
      const x = leaf([2]);
      x.registerHook((g) => g.narrow(0, 0, 1));
      x.mul(2).sum().backward();
    },
    message:
      "registerHook(): hook has changed the size of value (the gradient has shape [2], the hook returned shape [1])",
    op: "registerHook",
  },
  {
    id: "register-hook-dtype",
    group: "Autograd API",
    doc: "a hook that returns a gradient of another dtype",
    code: "x.registerHook((g) => g.double()); x.mul(2).sum().backward()",
    call: () => {
      const x = leaf([2]);
      x.registerHook((g) => g.double());
      x.mul(2).sum().backward();
    },
    message:
      "registerHook(): hook has changed the type of value (was torch.FloatTensor got torch.DoubleTensor)",
    op: "registerHook",
  },
  {
    id: "register-hook-returns-non-tensor",
    group: "Autograd API",
    doc: "a hook that returns something other than a tensor",
    code: "x.registerHook(() => 1); x.mul(2).sum().backward()",
    call: () => {
      const x = leaf([2]);
      x.registerHook(() => any(1));
      x.mul(2).sum().backward();
    },
    message: "registerHook(): a hook must return a Tensor or nothing, but it returned a number (1)",
    op: "registerHook",
    type: "TypeError",
  },
  {
    id: "function-gradient-count",
    group: "Autograd API",
    doc: "a custom Function whose backward returns fewer gradients than forward has arguments",
    code: "class Bad extends autograd.Function { forward(ctx, x, w) { return x.mul(w) } backward(ctx, g) { return g } }",
    call: () =>
      applyBad((_ctx, x: Tensor, w: Tensor) => x.mul(w), [leaf([2]), leaf([2])])
        .sum()
        .backward(),
    message: "function BadBackward returned an incorrect number of gradients (expected 2, got 1)",
    op: "BadBackward",
    prefix: false,
  },
  {
    id: "function-gradient-non-tensor-input",
    group: "Autograd API",
    doc: "a custom Function that returns a gradient for an argument that is not a tensor",
    code: "class Bad ... { forward(ctx, x, c) { return x.mul(c) } backward(ctx, g) { return [g, g] } }",
    call: () =>
      applyBad(
        (_ctx, x: Tensor, c: number) => x.mul(c),
        [leaf([2]), 2],
        (g) => [g, g],
      )
        .sum()
        .backward(),
    message:
      "function BadBackward returned a gradient different than None at position 2, but the corresponding forward input was not a Variable",
    op: "BadBackward",
    prefix: false,
  },
  {
    id: "function-gradient-type",
    group: "Autograd API",
    doc: "a custom Function whose backward returns something other than tensors",
    code: "class Bad ... { backward(ctx, g) { return 1 } }",
    call: () =>
      applyBad(
        (_ctx, x: Tensor) => x.mul(2),
        [leaf([2])],
        () => 1,
      )
        .sum()
        .backward(),
    message:
      "function BadBackward returned a gradient that is not a Tensor or null at position 0: a number (1)",
    op: "BadBackward",
    prefix: false,
    type: "TypeError",
  },
  {
    id: "function-dirty-not-returned",
    group: "Autograd API",
    doc: "a custom Function that marks an input dirty but does not return it",
    code: "class Bad ... { forward(ctx, x) { x.mul_(2); ctx.markDirty(x); return x.mul(1) } }",
    call: () =>
      applyBad(
        (ctx, x) => {
          x.mul_(2);
          ctx.markDirty(x);
          return x.mul(1);
        },
        [leaf([2]).mul(1)],
      ),
    message:
      "BadBackward: Some elements marked as dirty during the forward method were not returned as output. The inputs that are modified inplace must all be outputs of the Function.",
    op: "BadBackward",
    prefix: false,
  },
  {
    id: "function-dirty-leaf",
    group: "Autograd API",
    doc: "a custom Function that modifies a leaf that requires grad in place",
    code: "class Double_ ... { forward(ctx, x) { x.mul_(2); ctx.markDirty(x); return x } }; Double_.apply(x)",
    call: () => {
      class Double_ extends ts.autograd.Function {
        static override forward(ctx: ts.FunctionCtx, x: Tensor): Tensor {
          x.mul_(2);
          ctx.markDirty(x);
          return x;
        }
        static override backward(_ctx: ts.FunctionCtx, g: Tensor): Tensor {
          return g.mul(2);
        }
      }
      Double_.apply(leaf([2]));
    },
    message: "Double_Backward: a leaf Variable that requires grad has been used in an in-place operation.",
    op: "Double_Backward",
    prefix: false,
  },
  {
    id: "function-dirty-not-input",
    group: "Autograd API",
    doc: "a custom Function that marks a tensor dirty that is not one of its inputs",
    code: "class Bad ... { forward(ctx, x) { const y = x.mul(2); ctx.markDirty(y); return y } }",
    call: () =>
      applyBad((ctx, x) => {
        const y = x.mul(2);
        ctx.markDirty(y);
        return y;
      }),
    message: "BadBackward: markDirty() was given a tensor that is not an input of the Function",
    op: "BadBackward",
    prefix: false,
  },
  {
    id: "function-saved-modified",
    group: "Autograd API",
    doc: "a tensor a custom Function saved, modified in place before backward",
    code: "const y = MyExp.apply(x); const z = y.sum(); y.mul_(2); z.backward()",
    call: () => {
      const y = MyExp.apply(leaf([2]));
      const z = y.sum();
      y.mul_(2);
      z.backward();
    },
    message:
      "one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [2]], which is output 0 of MyExpBackward, is at version 1; expected version 0 instead (needed by MyExpBackward).",
    op: "MyExpBackward",
    prefix: false,
  },
  {
    id: "function-saved-freed",
    group: "Autograd API",
    doc: "a second backward through a custom Function that saved tensors, without retainGraph",
    code: "const s = MyExp.apply(x).sum(); s.backward(); s.backward()",
    call: () => {
      const s = MyExp.apply(leaf([2])).sum();
      s.backward();
      s.backward();
    },
    message:
      "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call backward(). Specify backward({ retainGraph: true }) if you need to backward through the graph a second time (at MyExpBackward).",
    op: "MyExpBackward",
    prefix: false,
  },
  {
    id: "function-save-non-tensor",
    group: "Autograd API",
    doc: "saveForBackward given something other than tensors",
    code: "ctx.saveForBackward(2)  // in forward",
    call: () =>
      applyBad((ctx, x) => {
        ctx.saveForBackward(any(2));
        return x.mul(2);
      }),
    message: "saveForBackward(): save_for_backward can only save tensors, but argument 0 is a number (2)",
    op: "saveForBackward",
    type: "TypeError",
  },
  {
    id: "function-saved-in-forward",
    group: "Autograd API",
    doc: "reading savedTensors inside forward",
    code: "ctx.savedTensors  // in forward",
    call: () =>
      applyBad((ctx, x) => {
        ctx.saveForBackward(x);
        return x.mul(ctx.savedTensors.length);
      }),
    message: "savedTensors: only available in backward (after forward has returned)",
    op: "savedTensors",
    prefix: false,
  },
  {
    id: "function-no-forward",
    group: "Autograd API",
    doc: "a custom Function without forward",
    code: "class NoForward extends autograd.Function {}; NoForward.apply(x)",
    call: () => {
      class NoForward extends ts.autograd.Function {}
      NoForward.apply(leaf([2]));
    },
    message: "forward(): You must implement the forward function for custom autograd.Function.",
    op: "forward",
  },
  {
    id: "function-no-backward",
    group: "Autograd API",
    doc: "a custom Function without backward, differentiated",
    code: "class NoBackward ... { forward(ctx, x) { return x.mul(2) } }; NoBackward.apply(x).sum().backward()",
    call: () => {
      class NoBackward extends ts.autograd.Function {
        static override forward(_ctx: ts.FunctionCtx, x: Tensor): Tensor {
          return x.mul(2);
        }
      }
      (NoBackward.apply(leaf([2])) as Tensor).sum().backward();
    },
    message:
      "backward(): You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.",
    op: "backward",
  },
  {
    id: "function-apply-base",
    group: "Autograd API",
    doc: "apply on autograd.Function itself",
    code: "autograd.Function.apply(x)",
    call: () => ts.autograd.Function.apply(leaf([2])),
    message: "apply(): call apply on a subclass of autograd.Function that defines forward and backward",
    op: "apply",
  },
  // ---- the graph drawn (makeDot) ---------------------------------------------------------------
  {
    id: "make-dot-not-tensor",
    group: "Autograd graph (makeDot)",
    doc: "makeDot of something that is not a tensor",
    code: "makeDot([1, 2])",
    call: () => ts.makeDot(any([1, 2])),
    message: "make_dot(): expected a Tensor or an array of Tensors, but got [1, 2]",
    op: "make_dot",
    type: "TypeError",
  },
  {
    id: "make-dot-params-not-record",
    group: "Autograd graph (makeDot)",
    doc: "params that is not a record of names to tensors",
    code: "makeDot(y, { params: 3 })",
    call: () => ts.makeDot(leaf([2]).exp(), { params: any(3) }),
    message:
      "make_dot(): params must map names to Tensors (e.g. Object.fromEntries(model.namedParameters())), but got a number (3)",
    op: "make_dot",
    type: "TypeError",
  },
  {
    id: "make-dot-param-not-tensor",
    group: "Autograd graph (makeDot)",
    doc: "a params entry that is not a tensor",
    code: "makeDot(y, { params: { w: [1, 2] } })",
    call: () => ts.makeDot(leaf([2]).exp(), { params: any({ w: [1, 2] }) }),
    message: "make_dot(): params['w'] must be a Tensor, but got [1, 2]",
    op: "make_dot",
    type: "TypeError",
  },
  {
    id: "make-dot-saved-freed",
    group: "Autograd graph (makeDot)",
    doc: "showSaved after backward freed the saved tensors (torchviz raises PyTorch's error)",
    code: "const y = x.exp().sum(); y.backward(); makeDot(y, { showSaved: true })",
    call: () => {
      const y = leaf([2]).exp().sum();
      y.backward();
      return ts.makeDot(y, { showSaved: true });
    },
    message:
      "make_dot(): ExpBackward0: Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.",
    op: "make_dot",
  },
];

/** Inputs of @tsgrad/core that look wrong but are deliberately not errors. */
export const coreBehaviourNotes: BehaviourNote[] = [
  {
    id: "int32-truncates",
    doc: "fractional numbers into int32",
    code: 'tensor([2.7, -2.7], { dtype: "int32" })',
    run: () => tensor([2.7, -2.7], i32),
    result: "tensor([ 2, -2])",
    why: 'truncated toward zero, as PyTorch does (also `fill_`, `full`, `.to("int32")`); only values outside int32, NaN and ±Infinity are errors',
  },
  {
    id: "int32-range-edges",
    doc: "the ends of the int32 range",
    code: "tensor([2 ** 31 - 1, -(2 ** 31)])",
    run: () => tensor([2 ** 31 - 1, -(2 ** 31)]),
    result: "tensor([ 2147483647, -2147483648])",
    why: "both fit int32 exactly; one past either end is an error",
  },
  {
    id: "bool-from-numbers",
    doc: "numbers into a bool tensor",
    code: 'tensor([Number.NaN, 2, -0], { dtype: "bool" })',
    run: () => tensor([Number.NaN, 2, -0], { dtype: "bool" }),
    result: "tensor([ True,  True, False])",
    why: "nonzero is true, NaN included, as PyTorch's `.bool()`",
  },
  {
    id: "typed-array-bytes",
    doc: "a Uint8Array",
    code: "tensor(new Uint8Array([0, 200]))",
    run: () => tensor(new Uint8Array([0, 200])),
    result: "tensor([  0, 200])",
    why: 'every integer typed array keeps its values as int32 (PyTorch would make uint8); bool only with `{ dtype: "bool" }`',
  },
  {
    id: "int32-sum-dtype",
    doc: "an integer sum",
    code: "tensor([2 ** 30, 2 ** 30 - 1]).sum().dtype",
    run: () => tensor([2 ** 30, 2 ** 30 - 1]).sum().dtype,
    result: "int32",
    why: "PyTorch sums integers into int64, which tsgrad does not have: sum, prod and cumsum of integers are computed exactly and stay int32, and a result outside int32 is an error",
  },
  {
    id: "int-div-big-number",
    doc: "an int32 tensor divided by a number outside int32",
    code: "tensor([3]).div(3e9)",
    run: () => tensor([3]).div(3e9),
    result: "tensor([1.0000e-09])",
    why: "true division is done in floats, so the number is never an int32 (as in PyTorch)",
  },
  {
    id: "inplace-same-elements",
    doc: "an in-place op whose input is exactly self's elements",
    code: "a.add_(a); a.mul_(a.detach()); a.copy_(a)",
    run: () => {
      const a = arange(4).float();
      return a.add_(a).mul_(a.detach()).copy_(a);
    },
    result: "tensor([ 0.,  4., 16., 36.])",
    why: "each element reads only itself, so the order of the loop cannot matter; PyTorch allows it too",
  },
  {
    id: "inplace-disjoint-views",
    doc: "in place between views of one tensor that share no element",
    code: "a.narrow(0, 0, 2).copy_(a.narrow(0, 2, 2)); a.slice(0, 0, 4, 2).add_(a.slice(0, 1, 4, 2))",
    run: () => {
      const a = arange(4).float();
      a.narrow(0, 0, 2).copy_(a.narrow(0, 2, 2));
      a.slice(0, 0, 4, 2).add_(a.slice(0, 1, 4, 2));
      return a;
    },
    result: "tensor([5., 3., 5., 3.])",
    why: "no memory location is both read and written; PyTorch allows it too (tsgrad decides overlap exactly, also for interleaved and column views)",
  },
  {
    id: "inplace-fill-expanded",
    doc: "fill_ / zero_ of an expanded view",
    code: "const b = zeros([1, 3]); b.expand(2, 3).fill_(5); b",
    run: () => {
      const b = zeros([1, 3]);
      b.expand(2, 3).fill_(5);
      return b;
    },
    result: "tensor([[5., 5., 5.]])",
    why: "every write stores the same value, so the result is well defined; PyTorch allows it too",
  },
  {
    id: "inplace-same-elements-other-rank",
    doc: "an in-place op reading exactly self's elements through a view of another rank",
    code: "const a = arange(4).float().reshape(1, 4); a.add_(a.squeeze(0))",
    run: () => {
      const a = arange(4).float().reshape(1, 4);
      return a.add_(a.squeeze(0));
    },
    result: "tensor([[0., 2., 4., 6.]])",
    why: "differs from PyTorch, which refuses it (it compares the two stride lists, of different lengths): each element reads only itself, so the result is well defined",
  },
  {
    id: "std-constant",
    doc: "std of a constant slice",
    code: "const s = x.std(); s.backward(); [s, x.grad] // x: tensor([2, 2, 2]), requiresGrad",
    run: () => valueAndGrad([2, 2, 2], (x) => x.std()),
    result: "tensor(0.), x.grad = tensor([0., 0., 0.])",
    why: "the derivative of √ at 0 is infinite and the chain rule gives 0·∞ = nan; PyTorch masks the gradient to 0 where std = 0, and so does tsgrad (var's gradient there is 0 anyway)",
  },
  {
    id: "std-one-element",
    doc: "std or var of one element per slice, with the default correction 1",
    code: "const s = x.std(0); s.sum().backward(); [s, x.grad] // x: tensor([[1.5, 2]]), requiresGrad",
    run: () => valueAndGrad([[1.5, 2]], (x) => x.std(0)),
    result: "tensor([nan, nan]), x.grad = tensor([[nan, nan]])",
    why: "0/0 (N − correction = 0), nan value and gradient as in PyTorch. Over all elements of a tensor with one element PyTorch 1.13 raises an internal error in the backward ('VarBackward0 returned an invalid gradient'); tsgrad gives its rule for a 0-d input, ∞·g for var",
  },
  {
    id: "norm-zero-vector",
    doc: "the gradient of a p-norm at a zero vector",
    code: "const n = x.norm(p); n.backward(); x.grad // x: zeros([2]), requiresGrad; p = 1, 2, 3, 0.5, -1, ±Infinity",
    run: () =>
      [1, 2, 3, 0.5, -1, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]
        .map((p) => `p = ${p}: ${valueAndGrad([0, 0], (x) => x.norm(p))}`)
        .join("; "),
    result: [1, 2, 3, 0.5, -1, "Infinity", "-Infinity"]
      .map((p) => `p = ${p}: tensor(0.), x.grad = tensor([0., 0.])`)
      .join("; "),
    why: "the norm is not differentiable there; PyTorch's norm_backward masks the 0/0 to 0 for every p (a subgradient), and so does tsgrad — not nan",
  },
  {
    id: "norm-zero-p",
    doc: "norm with p = 0",
    code: "const n = x.norm(0); n.backward(); [n, x.grad] // x: tensor([0, 3, -4, NaN]), requiresGrad",
    run: () => valueAndGrad([0, 3, -4, Number.NaN], (x) => x.norm(0)),
    result: "tensor(3.), x.grad = null",
    why: "counts the non-zero elements (nan counts); the count is piecewise constant, and PyTorch's backward returns no gradient at all (x.grad stays None), as tsgrad's does",
  },
  {
    id: "logsumexp-huge-grad",
    doc: "the gradient of logsumexp at huge logits",
    code: "const l = x.logsumexp(0); l.backward(); x.grad // x: tensor([1e15, 1e15, 0]) (float32), requiresGrad",
    run: () => {
      const x = tensor([1e15, 1e15, 0], { requiresGrad: true });
      x.logsumexp(0).backward();
      return x.grad;
    },
    result: "tensor([0.5000, 0.5000, 0.0000])",
    why: "a deliberate difference: the gradient is softmax(x), computed as exp((x − max) − log Σ exp(x − max)). PyTorch computes exp(x − logsumexp(x)), and logsumexp = max + log Σ rounds the log Σ away at this scale, so PyTorch 1.13 gives tensor([1., 1., 0.]) (float64: 0.4724 each)",
  },
  {
    id: "sdpa-all-masked-row",
    doc: "scaledDotProductAttention with a query row whose every key is masked",
    code: "scaledDotProductAttention(q, q, q, { attnMask: tensor([[true, true], [false, false]]) })",
    run: () => {
      const q = ts.ones([2, 2]);
      return ts.scaledDotProductAttention(q, q, q, {
        attnMask: tensor([
          [true, true],
          [false, false],
        ]),
      });
    },
    result: "tensor([[1., 1.],\n        [nan, nan]])",
    why: "softmax over all -inf is NaN; PyTorch 2.x's reference formula (and 1.13's nn.MultiheadAttention) give the same NaN row",
  },
];

/** `f(x)` on a leaf of `values`, backward from its sum; prints the value and x.grad. */
function valueAndGrad(values: number[] | number[][], f: (x: Tensor) => Tensor): string {
  const x = tensor(values, { requiresGrad: true });
  const y = f(x);
  y.sum().backward();
  return `${y.detach()}, x.grad = ${x.grad}`;
}

// ---- checking and rendering (shared with the other packages' catalogues) -------------------------------

/**
 * A call longer than this counts as a hang (bad input must be refused up front, not looped over):
 * a guard against loops over forged sizes, not a speed check, so it is far above any real call even
 * on a loaded machine.
 */
const MAX_MS = 5000;

/**
 * Runs one case and throws a readable Error unless it threw exactly as catalogued: a plain Error
 * (or the deliberate TypeError it declares) — never a RangeError or a TypeError from a typed array
 * or a kernel — with the exact message, naming the op, promptly.
 */
export function verifyErrorCase(c: ErrorCase): void {
  let thrown: unknown;
  let threw = false;
  const start = performance.now();
  try {
    c.call();
  } catch (e) {
    thrown = e;
    threw = true;
  }
  const ms = performance.now() - start;
  const where = `[${c.id}] ${c.code}`;
  if (!threw) throw new Error(`${where}: expected an error, but the call returned normally`);
  if (!(thrown instanceof Error)) throw new Error(`${where}: threw a non-Error: ${String(thrown)}`);
  const type = c.type ?? "Error";
  const got = `${thrown.constructor.name}: ${thrown.message}`;
  if (type === "Error" ? thrown.constructor !== Error : !(thrown instanceof TypeError)) {
    throw new Error(`${where}: expected a ${type}, got ${got}`);
  }
  const msg = thrown.message;
  if (typeof c.message === "string" ? msg !== c.message : !c.message.test(msg)) {
    throw new Error(
      `${where}: message differs from the catalogue\n  got      ${JSON.stringify(msg)}\n  expected ${String(typeof c.message === "string" ? JSON.stringify(c.message) : c.message)}`,
    );
  }
  if (c.prefix === false ? !msg.includes(c.op) : !msg.startsWith(`${c.op}(): `)) {
    throw new Error(
      `${where}: the message must ${c.prefix === false ? "name" : "start with"} ${c.op}: ${msg}`,
    );
  }
  if (ms > MAX_MS) throw new Error(`${where}: took ${ms.toFixed(0)} ms to fail`);
}

/**
 * An input that is not an error, on purpose: what it returns, and why. The catalogue tests check
 * that `run()` (printed with `String`) still gives `result`.
 */
export interface BehaviourNote {
  /** Stable, unique slug (kebab-case). */
  id: string;
  /** What the user did, in words. */
  doc: string;
  /** The call as the user would write it. */
  code: string;
  /** Runs it; `String(result)` is compared with `result`. */
  run: () => unknown;
  /** What it gives, exactly as printed. */
  result: string;
  /** Why this is not an error (usually: PyTorch does the same). */
  why: string;
}

/** Throws a readable Error unless the note's call still gives the documented result. */
export function verifyBehaviourNote(n: BehaviourNote): void {
  const got = String(n.run());
  if (got !== n.result) {
    throw new Error(
      `[${n.id}] ${n.code}: result differs from the catalogue\n  got      ${JSON.stringify(got)}\n  expected ${JSON.stringify(n.result)}`,
    );
  }
}

export interface Catalogue {
  /** Package name, a section of the doc. */
  pkg: string;
  cases: ErrorCase[];
}

function cell(text: string): string {
  const t = text.replace(/\n/g, " ").replace(/\|/g, "\\|");
  return t.includes("`") ? `\`\` ${t} \`\`` : `\`${t}\``;
}

/** docs/errors.md, rendered from the catalogues (tools/gen-errors-doc.ts writes it; a test compares). */
export function renderErrorsDoc(catalogues: readonly Catalogue[]): string {
  const out: string[] = [
    "# Errors: every bad input and what it gets",
    "",
    "<!-- Generated by tools/gen-errors-doc.ts from the packages' test/errors-cases.ts; do not edit by hand. -->",
    "<!-- Regenerate: pnpm exec tsx --conditions=tsgrad-source tools/gen-errors-doc.ts -->",
    "",
    "Wrong input to tsgrad gets an `Error` whose message names the op, the argument and the",
    "offending shape or value, in PyTorch's words where PyTorch has them. A wrong argument *type*",
    "(a string or a JS array where a tensor is expected) gets a `TypeError` that says the same.",
    "Nothing below returns NaN, hangs, allocates without bound, or fails with a `RangeError` or",
    "`TypeError` from inside a kernel or a typed-array constructor: each row is a test",
    "(`packages/core/test/errors-catalogue.test.ts`), and so is this page being up to date.",
    "",
    "In the code column, `x` is any float tensor and, for autograd rows, a leaf with",
    "`requiresGrad: true`.",
  ];
  for (const { pkg, cases } of catalogues) {
    out.push("", `## ${pkg}`);
    const groups = [...new Set(cases.map((c) => c.group))];
    for (const g of groups) {
      out.push("", `### ${g}`, "", "| Bad input | Call | Error |", "| --- | --- | --- |");
      for (const c of cases.filter((k) => k.group === g)) {
        const message = typeof c.message === "string" ? c.message : `/${c.message.source}/`;
        out.push(
          `| ${c.doc} <a id="${c.id}"></a> | ${cell(c.code)} | ${cell(`${c.type ?? "Error"}: ${message}`)} |`,
        );
      }
    }
  }
  out.push("");
  return out.join("\n");
}
