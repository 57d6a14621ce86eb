import * as ts from "../src/index.js";
import { type OptionsRow, describeOptionsTable } from "./options-scan.js";

const x = () => ts.zeros([3]);
const leaf64 = () => ts.zeros([2], { dtype: "float64", requiresGrad: true });

/** Every option-taking function and method of @tsgrad/core, called with an unknown key. */
const ROWS: OptionsRow[] = [
  { where: "creation.ts:tensor", op: "tensor", call: (o) => ts.tensor([1], o) },
  {
    where: "creation.ts:fromTypedArray",
    op: "fromTypedArray",
    call: (o) => ts.fromTypedArray(new Float32Array(1), [1], o),
  },
  { where: "creation.ts:scalarTensor", op: "scalarTensor", call: (o) => ts.scalarTensor(1, o) },
  { where: "creation.ts:full", op: "full", call: (o) => ts.full([2], 1, o) },
  { where: "creation.ts:zeros", op: "zeros", call: (o) => ts.zeros([2], o) },
  { op: "zeros", call: (o) => ts.zeros(2, 3, o) }, // the varargs form
  { where: "creation.ts:ones", op: "ones", call: (o) => ts.ones([2], o) },
  { where: "creation.ts:empty", op: "empty", call: (o) => ts.empty([2], o) },
  { where: "creation.ts:arange", op: "arange", call: (o) => ts.arange(0, 3, 1, o) },
  { op: "arange", call: (o) => ts.arange(3, o) },
  { where: "creation.ts:linspace", op: "linspace", call: (o) => ts.linspace(0, 1, 3, o) },
  { where: "creation.ts:eye", op: "eye", call: (o) => ts.eye(2, 2, o) },
  { op: "eye", call: (o) => ts.eye(2, o) }, // the keywords right after n
  { where: "creation.ts:rand", op: "rand", call: (o) => ts.rand([2], o) },
  { where: "creation.ts:randn", op: "randn", call: (o) => ts.randn([2], o) },
  { where: "creation.ts:randint", op: "randint", call: (o) => ts.randint(0, 3, [2], o) },
  { where: "creation.ts:randperm", op: "randperm", call: (o) => ts.randperm(3, o) },
  { where: "creation.ts:zerosLike", op: "zerosLike", call: (o) => ts.zerosLike(x(), o) },
  { where: "creation.ts:onesLike", op: "onesLike", call: (o) => ts.onesLike(x(), o) },
  { where: "creation.ts:fullLike", op: "fullLike", call: (o) => ts.fullLike(x(), 1, o) },
  { where: "creation.ts:emptyLike", op: "emptyLike", call: (o) => ts.emptyLike(x(), o) },
  { where: "creation.ts:randLike", op: "randLike", call: (o) => ts.randLike(x(), o) },
  { where: "creation.ts:randnLike", op: "randnLike", call: (o) => ts.randnLike(x(), o) },
  { where: "ops/compare.ts:isclose", op: "isclose", call: (o) => ts.isclose(x(), x(), o) },
  { where: "ops/compare.ts:allclose", op: "allclose", call: (o) => ts.allclose(x(), x(), o) },
  { where: "ops/sort.ts:sort", op: "sort", call: (o) => ts.sort(x(), -1, false, o) },
  { op: "sort", call: (o) => ts.sort(x(), o) }, // the keywords in dim's place
  { where: "ops/sort.ts:argsort", op: "argsort", call: (o) => ts.argsort(x(), -1, false, o) },
  { op: "argsort", call: (o) => ts.argsort(x(), o) },
  { where: "ops/sort.ts:topk", op: "topk", call: (o) => ts.topk(x(), 1, o) },
  { where: "ops/elementwise.ts:clamp", op: "clamp", call: (o) => ts.clamp(x(), o) },
  { where: "methods.ts:clamp_", op: "clamp", call: (o) => x().clamp_(o) },
  { where: "creation.ts:newZeros", op: "newZeros", call: (o) => x().newZeros([2], o) },
  { where: "creation.ts:newOnes", op: "newOnes", call: (o) => x().newOnes([2], o) },
  { where: "creation.ts:newEmpty", op: "newEmpty", call: (o) => x().newEmpty([2], o) },
  { where: "creation.ts:newFull", op: "newFull", call: (o) => x().newFull([2], 1, o) },
  { where: "creation.ts:newTensor", op: "newTensor", call: (o) => x().newTensor([1], o) },
  { where: "ops/math.ts:addcmul", op: "addcmul", call: (o) => ts.addcmul(x(), x(), x(), o) },
  { where: "ops/math.ts:addcdiv", op: "addcdiv", call: (o) => ts.addcdiv(x(), x(), x(), o) },
  { where: "ops/indexing.ts:scatter", op: "scatter", call: (o) => ts.scatter(x(), 0, ts.tensor([0]), 1, o) },
  {
    where: "autograd/gradcheck.ts:gradcheck",
    op: "gradcheck",
    call: (o) => ts.gradcheck((t) => t.exp(), [leaf64()], o),
  },
  {
    where: "autograd/gradcheck.ts:gradgradcheck",
    op: "gradgradcheck",
    call: (o) => ts.gradgradcheck((t) => t.exp(), [leaf64()], o),
  },
  ...(["vjp", "jvp", "vhp", "hvp"] as const).map(
    (fn): OptionsRow => ({
      where: `autograd/functional.ts:${fn}`,
      op: fn,
      call: (o: any) => ts.autograd.functional[fn]((t) => t.exp().sum(), leaf64(), leaf64().detach(), o),
    }),
  ),
  ...(["jacobian", "hessian"] as const).map(
    (fn): OptionsRow => ({
      where: `autograd/functional.ts:${fn}`,
      op: fn,
      call: (o: any) => ts.autograd.functional[fn]((t) => t.exp().sum(), leaf64(), o),
    }),
  ),
  // The methods: forwards in methods.ts (the same function as above) and those written there.
  { op: "isclose", call: (o) => x().isclose(x(), o) },
  { op: "allclose", call: (o) => x().allclose(x(), o) },
  { op: "sort", call: (o) => x().sort(-1, false, o) },
  { op: "argsort", call: (o) => x().argsort(-1, false, o) },
  { where: "methods.ts:var", op: "var", call: (o) => x().var(0, o) },
  { where: "methods.ts:std", op: "std", call: (o) => x().std(0, o) },
  { op: "var", call: (o) => ts.var(ts.zeros([3]), 0, o) },
  { op: "std", call: (o) => ts.std(ts.zeros([3]), 0, o) },
  { where: "ops/reduce.ts:checkVarOptions", op: "std", call: (o) => ts.std(ts.zeros([3]), null, o) },
  { op: "scatter", call: (o) => x().scatter(0, ts.tensor([0]), 1, o) },
  { where: "methods.ts:scatter_", op: "scatter_", call: (o) => x().scatter_(0, ts.tensor([0]), 1, o) },
  { where: "methods.ts:backward", op: "backward", call: (o) => leaf64().sum().backward(null, o) },
  { op: "backward", call: (o) => leaf64().sum().backward(o) }, // the keywords first
  {
    where: "autograd/grad.ts:backward",
    op: "autograd.backward",
    call: (o) => ts.autograd.backward(leaf64().sum(), null, o),
  },
  {
    where: "autograd/grad.ts:grad",
    op: "autograd.grad",
    call: (o) => {
      const t = leaf64();
      return ts.autograd.grad(t.sum(), t, o);
    },
  },
  {
    where: "ops/indexing.ts:indexAdd",
    op: "index_add",
    call: (o) => ts.indexAdd(x(), 0, ts.tensor([0]), ts.ones([1]), o),
  },
  { op: "index_add", call: (o) => x().indexAdd(0, ts.tensor([0]), ts.ones([1]), o) },
  {
    where: "methods.ts:indexAdd_",
    op: "index_add",
    call: (o) => x().indexAdd_(0, ts.tensor([0]), ts.ones([1]), o),
  },
  {
    where: "ops/indexing.ts:scatterReduce",
    op: "scatter_reduce",
    call: (o) => ts.scatterReduce(x(), 0, ts.tensor([0]), ts.ones([1]), "sum", o),
  },
  { op: "scatter_reduce", call: (o) => x().scatterReduce(0, ts.tensor([0]), ts.ones([1]), "sum", o) },
  {
    where: "ops/matmul.ts:addmm",
    op: "addmm",
    call: (o) => ts.addmm(ts.zeros([1, 1]), ts.zeros([1, 1]), ts.zeros([1, 1]), o),
  },
  {
    where: "ops/matmul.ts:addProduct",
    op: "addmm",
    call: (o) => ts.zeros([1, 1]).addmm(ts.zeros([1, 1]), ts.zeros([1, 1]), o),
  },
  {
    where: "ops/matmul.ts:baddbmm",
    op: "baddbmm",
    call: (o) => ts.baddbmm(ts.zeros([1, 1, 1]), ts.zeros([1, 1, 1]), ts.zeros([1, 1, 1]), o),
  },
  { where: "ops/rearrange.ts:diff", op: "diff", call: (o) => ts.diff(x(), 1, -1, o) },
  { op: "diff", call: (o) => x().diff(1, -1, o) },
  { where: "ops/rearrange.ts:meshgrid", op: "meshgrid", call: (o) => ts.meshgrid([x()], o) },
  { where: "ops/sort.ts:searchsorted", op: "searchsorted", call: (o) => ts.searchsorted(x(), x(), o) },
  { where: "ops/sort.ts:unique", op: "unique", call: (o) => ts.unique(x(), o) },
  { op: "unique", call: (o) => x().unique(o) },
  { where: "ops/reduce.ts:bincount", op: "bincount", call: (o) => ts.bincount(ts.tensor([1]), o) },
  { op: "bincount", call: (o) => ts.tensor([1]).bincount(o) },
  { where: "ops/sample.ts:bernoulli", op: "bernoulli", call: (o) => ts.bernoulli(x(), o) },
  { op: "bernoulli", call: (o) => x().bernoulli(o) },
  {
    where: "ops/sample.ts:multinomial",
    op: "multinomial",
    call: (o) => ts.multinomial(ts.ones([2]), 1, false, o),
  },
  { op: "multinomial", call: (o) => ts.ones([2]).multinomial(1, false, o) },
  { where: "ops/sample.ts:normal", op: "normal", call: (o) => ts.normal(x(), 1, undefined, o) },
  {
    where: "ops/normalization.ts:batchNorm",
    op: "batch_norm",
    call: (o) => ts.batchNorm(ts.randn([2, 2]), null, null, o),
  },
  {
    where: "ops/normalization.ts:groupNorm",
    op: "group_norm",
    call: (o) => ts.groupNorm(ts.randn([2, 2]), 1, o),
  },
  {
    where: "ops/normalization.ts:instanceNorm",
    op: "instance_norm",
    call: (o) => ts.instanceNorm(ts.randn([2, 2, 2]), o),
  },
  {
    where: "ops/normalization.ts:layerNorm",
    op: "layer_norm",
    call: (o) => ts.layerNorm(ts.randn([2, 2]), 2, o),
  },
  { where: "ops/functional.ts:normalize", op: "normalize", call: (o) => ts.normalize(x(), o) },
  { where: "ops/functional.ts:pad", op: "pad", call: (o) => ts.pad(x(), [1, 1], o) },
  { where: "ops/functional.ts:dropout", op: "dropout", call: (o) => ts.dropout(x(), o) },
  {
    where: "ops/functional.ts:embedding",
    op: "embedding",
    call: (o) => ts.embedding(ts.tensor([0]), ts.zeros([2, 2]), o),
  },
  { where: "ops/pool.ts:maxPool2d", op: "max_pool2d", call: (o) => ts.maxPool2d(ts.zeros([1, 2, 2]), 2, o) },
  { where: "ops/pool.ts:maxPool1d", op: "max_pool1d", call: (o) => ts.maxPool1d(ts.zeros([1, 2]), 2, o) },
  { where: "ops/pool.ts:avgPool2d", op: "avg_pool2d", call: (o) => ts.avgPool2d(ts.zeros([1, 2, 2]), 2, o) },
  { where: "ops/pool.ts:avgPool1d", op: "avg_pool1d", call: (o) => ts.avgPool1d(ts.zeros([1, 2]), 2, o) },
  {
    where: "ops/pool.ts:adaptiveMaxPool2d",
    op: "adaptive_max_pool2d",
    call: (o) => ts.adaptiveMaxPool2d(ts.zeros([1, 2, 2]), 1, o),
  },
  {
    where: "ops/pool.ts:maxUnpool2d",
    op: "max_unpool2d",
    call: (o) => ts.maxUnpool2d(ts.zeros([1, 1, 1]), ts.zeros([1, 1, 1], { dtype: "int32" }), 2, o),
  },
  {
    where: "ops/pool.ts:interpolate",
    op: "interpolate",
    call: (o) => ts.interpolate(ts.zeros([1, 1, 2]), o),
  },
  {
    where: "ops/attention.ts:scaledDotProductAttention",
    op: "scaled_dot_product_attention",
    call: (o) => ts.scaledDotProductAttention(ts.zeros([1, 2]), ts.zeros([1, 2]), ts.zeros([1, 2]), o),
  },
  { where: "ops/softmax.ts:softmax", op: "softmax", call: (o) => ts.softmax(ts.zeros([2]), 0, o) },
  { where: "ops/softmax.ts:logSoftmax", op: "log_softmax", call: (o) => ts.zeros([2]).logSoftmax(0, o) },
  { where: "ops/view.ts:toDtype", op: "to", call: (o) => ts.zeros([2]).to(o) },
  { where: "ops/elementwise.ts:div", op: "div", call: (o) => ts.zeros([2]).div(2, o) },
  { where: "methods.ts:div_", op: "div", call: (o) => ts.zeros([2]).div_(2, o) },
  { where: "ops/elementwise.ts:round", op: "round", call: (o) => ts.zeros([2]).round(o) },
  { where: "ops/elementwise.ts:clip", op: "clamp", call: (o) => ts.clip(ts.zeros([2]), o) },
  { where: "print-options.ts:setPrintOptions", op: "setPrintOptions", call: (o) => ts.setPrintOptions(o) },
  { where: "ops/reduce.ts:histc", op: "histc", call: (o) => ts.histc(ts.zeros([2]), o) },
  { op: "cdist", call: (o) => ts.cdist(ts.zeros([1, 2]), ts.zeros([1, 2]), o) },
  { where: "ops/elementwise.ts:gelu", op: "gelu", call: (o) => ts.gelu(ts.zeros([2]), o) },
  { where: "ops/elementwise.ts:softplus", op: "softplus", call: (o) => ts.softplus(ts.zeros([2]), o) },
  { op: "leakyRelu", call: (o) => ts.leakyRelu(ts.zeros([2]), o) },
  { op: "leaky_relu_", call: (o) => ts.leakyRelu_(ts.zeros([2]), o) },
  { op: "elu", call: (o) => ts.elu(ts.zeros([2]), o) },
  { op: "add", call: (o) => ts.zeros([2]).add(1, o) },
  ...(["uniform_", "normal_", "random_", "bernoulli_", "exponential_"] as const).flatMap(
    (op): OptionsRow[] => [
      // The functions are reached through their methods (they are not exported on their own).
      {
        where: `ops/inplace.ts:${op}`,
        op,
        call: (o) => Reflect.apply(ts.Tensor.prototype[op], ts.zeros([2]), [o]),
      },
      {
        where: `methods.ts:${op}`,
        op,
        call: (o) => Reflect.apply(ts.Tensor.prototype[op], ts.zeros([2]), [o]),
      },
    ],
  ),
  { where: "ops/reduce.ts:cumsum", op: "cumsum", call: (o) => ts.zeros([2]).cumsum(0, o) },
  { where: "ops/reduce.ts:sum", op: "sum", call: (o) => ts.zeros([2]).sum(0, false, o) },
  { where: "ops/reduce.ts:mean", op: "mean", call: (o) => ts.zeros([2]).mean(0, false, o) },
  { where: "ops/reduce.ts:prod", op: "prod", call: (o) => ts.zeros([2]).prod(0, false, o) },
  { where: "ops/reduce.ts:keepdimAndDtype", op: "sum", call: (o) => ts.zeros([2]).sum(0, o) },
  { where: "ops/reduce.ts:cumprod", op: "cumprod", call: (o) => ts.zeros([2]).cumprod(0, o) },

  { where: "ops/view.ts:resolveTo", op: "to", call: (o) => ts.zeros([2]).to("float64", o) },
  { where: "ops/conv.ts:unfold", op: "unfold", call: (o) => ts.unfold(ts.zeros([1, 1, 2, 2]), 1, o) },
  { where: "ops/conv.ts:fold", op: "fold", call: (o) => ts.fold(ts.zeros([1, 1, 4]), [2, 2], 1, o) },
  {
    where: "ops/conv.ts:conv1d",
    op: "conv1d",
    call: (o) => ts.conv1d(ts.zeros([1, 1, 3]), ts.zeros([1, 1, 2]), null, o),
  },
  { op: "conv1d", call: (o) => ts.conv1d(ts.zeros([1, 1, 3]), ts.zeros([1, 1, 2]), o) },
  {
    where: "ops/conv.ts:conv2d",
    op: "conv2d",
    call: (o) => ts.conv2d(ts.zeros([1, 1, 3, 3]), ts.zeros([1, 1, 2, 2]), null, o),
  },
  { op: "conv2d", call: (o) => ts.conv2d(ts.zeros([1, 1, 3, 3]), ts.zeros([1, 1, 2, 2]), o) },
  {
    where: "ops/conv.ts:convTranspose1d",
    op: "conv_transpose1d",
    call: (o) => ts.convTranspose1d(ts.zeros([1, 1, 3]), ts.zeros([1, 1, 2]), null, o),
  },
  {
    where: "ops/conv.ts:convTranspose2d",
    op: "conv_transpose2d",
    call: (o) => ts.convTranspose2d(ts.zeros([1, 1, 3, 3]), ts.zeros([1, 1, 2, 2]), o),
  },
  {
    where: "autograd/graph.ts:autogradGraph",
    op: "make_dot",
    call: (o) => ts.autogradGraph(leaf64().exp(), o),
  },
  { where: "autograd/graph.ts:makeDot", op: "make_dot", call: (o) => ts.makeDot(leaf64().exp(), o) },
];

/** Internal functions that take an options object their (checked) caller has already checked. */
const EXEMPT: Record<string, string> = {
  "kernels/wasm/pool.ts:new":
    "the type of Node's Worker constructor (its options are Node's), not a tsgrad options object",
  "creation.ts:finish": "internal, after the creation function's check",
  "creation.ts:randomTensor": "internal, after rand's and randn's check",
  "ops/compare.ts:iscloseImpl": "checks the options of isclose and allclose",
  "options.ts:checkOptions": "the check itself",
  "autograd/engine.ts:runBackward": "internal, after Tensor.backward's check",
  "ops/pool.ts:maxPool2dWithIndices": "internal, after maxPool2d's and maxPool1d's check",
  "ops/pool.ts:avgPool2dImpl": "internal, after avgPool2d's and avgPool1d's check",
  "ops/conv.ts:biasAndOptions": "splits the bias from the options; conv1d, conv2d, ... check both",
  "ops/conv.ts:blockParams": "internal, after the check of unfold and fold",
  "ops/softmax.ts:castTo": "checks the options of softmax and logSoftmax",
  "ops/conv.ts:convEntry": "checks the options of conv1d, conv2d, convTranspose1d and convTranspose2d",
  "ops/sort.ts:sortArgs": "checks the options of sort and argsort (their rows above)",
  "autograd/graph.ts:paramNames": "internal, after autogradGraph's check (reads its params option)",
  "methods.ts:varMethodArgs": "checks the options of x.var and x.std (their rows above) with checkVarOptions",
};

describeOptionsTable("@tsgrad/core", new URL("../src", import.meta.url), ROWS, EXEMPT);
