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
const leaf = (shape: number[]): Tensor => zeros(shape, { requiresGrad: true });
// Wrong argument types are the point of some rows: this gets them past the type checker.
const any = (v: unknown): any => v;

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
    message: "zeros(): Trying to create tensor with negative or non-integer dimension -1: [2, -1]",
    op: "zeros",
  },
  {
    id: "zeros-nan",
    group: "Creating tensors",
    doc: "a NaN size",
    code: "zeros([NaN])",
    call: () => zeros([Number.NaN]),
    message: "zeros(): Trying to create tensor with negative or non-integer dimension NaN: [NaN]",
    op: "zeros",
  },
  {
    id: "zeros-fractional",
    group: "Creating tensors",
    doc: "a fractional size",
    code: "ones(2.5)",
    call: () => ones(2.5),
    message: "ones(): Trying to create tensor with negative or non-integer dimension 2.5: [2.5]",
    op: "ones",
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
    message: "zeros(): unsupported dtype 'int64' (expected one of float32, float64, int32, bool)",
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
    id: "arange-zero-step",
    group: "Creating tensors",
    doc: "a zero step",
    code: "arange(0, 5, 0)",
    call: () => arange(0, 5, 0),
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
    doc: "a negative or fractional n",
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
    id: "clamp-no-bounds",
    group: "Elementwise ops and broadcasting",
    doc: "clamp with neither bound",
    code: "x.clamp()",
    call: () => zeros([2]).clamp(),
    message: "clamp(): At least one of 'min' or 'max' must not be None",
    op: "clamp",
  },

  // ---- views -------------------------------------------------------------------------------------------------
  {
    id: "view-non-contiguous",
    group: "Views and shapes",
    doc: "view() of a non-contiguous tensor",
    code: "zeros([2, 3]).t().view(6)",
    call: () => zeros([2, 3]).t().view(6),
    message:
      "view(): view size is not compatible with input tensor's size and stride (input shape [3, 2], strides [1, 3]). Use .reshape(...) instead.",
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
    message: "reshape(): invalid shape dimension 2.5 in [2.5, 2]",
    op: "reshape",
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
    id: "item-many",
    group: "Views and shapes",
    doc: "item() of a tensor with several elements",
    code: "zeros([2]).item()",
    call: () => zeros([2]).item(),
    message: "item(): a Tensor with 2 elements cannot be converted to Scalar (shape [2])",
    op: "item",
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
    message: "sum(): argument 'dim' must be an integer or an array of integers, but got string",
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

  // ---- linear algebra ----------------------------------------------------------------------------------
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
    message: "one_hot(): num_classes should be a non-negative integer or -1, but got 2.5",
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
];

/**
 * An input that is not an error, on purpose: what it returns, and why. The catalogue tests check
 * that `run()` (printed with `String`) still gives `result`. Every package lists its own notes
 * (`coreBehaviourNotes`, `nnBehaviourNotes`, ...) in tools/gen-errors-doc.ts.
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
  /** Why this is not an error (usually: PyTorch does the same; else how and why tsgrad differs). */
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

/** `f(x)` on a leaf of `values`, backward from its sum; prints the value and x.grad. */
function valueAndGrad(values: number[] | number[][], f: (x: Tensor) => Tensor): string {
  const x = tensor(values, { requiresGrad: true });
  const y = f(x);
  y.sum().backward();
  return `${y.detach()}, x.grad = ${x.grad}`;
}

/** Inputs of @tsgrad/core that are deliberately not errors. */
export const coreBehaviourNotes: BehaviourNote[] = [
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
];

// ---- checking and rendering (shared with the other packages' catalogues) -------------------------------

/** A calls longer than this counts as a hang (bad input must be refused up front, not looped over). */
const MAX_MS = 1000;

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
