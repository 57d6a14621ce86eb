import { afterEach, describe, expect, it } from "vitest";
import { decode, expectClose, type OpCase, dtypeRtol } from "@tsgrad/testing";
import { opCases } from "../test/op-table.js";
import * as creation from "./creation.js";
import { fromTypedArray } from "./creation.js";
import {
  arange,
  empty,
  emptyLike,
  eye,
  full,
  fullLike,
  Generator,
  getDefaultDtype,
  linspace,
  manualSeed,
  ones,
  onesLike,
  rand,
  randint,
  randLike,
  randn,
  randnLike,
  randperm,
  scalarTensor,
  setDefaultDtype,
  type Tensor,
  tensor,
  where,
  zeros,
  zerosLike,
} from "./index.js";

/** Calls the creation function a core_ops.json case describes in its `args`. */
function create(a: OpCase["params"]): Tensor {
  const o = a.dtype ? { dtype: a.dtype } : {};
  switch (a.fn) {
    case "tensor":
      return tensor(a.data, o);
    case "zeros":
      return zeros(a.shape, o);
    case "ones":
      return ones(a.shape, o);
    case "full":
      return full(a.shape, a.value, o);
    case "arange":
      return arange(a.start, a.end, a.step ?? 1, o);
    case "linspace":
      return linspace(a.start, a.end, a.steps, o);
    case "eye":
      return eye(a.n, a.m ?? a.n, o);
  }
  throw new Error(`unknown creation fn ${a.fn}`);
}

describe("creation matches PyTorch (core_ops.json)", () => {
  const cases = opCases("creation");
  it("covers every creation function", () => {
    const fns = new Set(cases.map((c) => c.params.fn));
    for (const fn of ["tensor", "zeros", "ones", "full", "arange", "linspace", "eye"])
      expect(fns.has(fn), fn).toBe(true);
  });
  for (const c of cases) {
    it(c.name, () => {
      const t = create(c.params);
      const e = c.outputs[0]!;
      expect(t.shape).toEqual(e.shape);
      expect(t.dtype).toBe(e.dtype);
      expect(t.requiresGrad).toBe(false);
      expect(t.isContiguous()).toBe(true);
      // The absolute floor covers values that should be 0: PyTorch's vectorised linspace builds
      // lanes as `base + i * step`, leaving e.g. 5.6e-17 where the plain formula gives exactly 0.
      const scale = Math.max(0, ...e.values.map((v) => Math.abs(decode(v))).filter(Number.isFinite));
      expectClose(t.toTypedArray(), e.values, { rtol: dtypeRtol(e.dtype), atol: dtypeRtol(e.dtype) * scale });
    });
  }
});

describe("tensor()", () => {
  it("infers dtypes as PyTorch does (int32 plays int64)", () => {
    expect(tensor([1, 2]).dtype).toBe("int32");
    expect(tensor([1, 2.5]).dtype).toBe("float32");
    expect(tensor([[true], [false]]).dtype).toBe("bool");
    expect(tensor(3).shape).toEqual([]);
    expect(tensor([]).dtype).toBe("float32");
    expect(tensor([[]]).shape).toEqual([1, 0]);
    expect(tensor(new Float64Array([1, 2])).dtype).toBe("float64");
    expect(tensor(new Int32Array([1, 2])).dtype).toBe("int32");
  });
  it("an all-integer literal that requires grad is float32 (JS has no `1.`)", () => {
    const t = tensor([1, 2], { requiresGrad: true });
    expect(t.dtype).toBe("float32");
    expect(t.requiresGrad).toBe(true);
    expect(t.isLeaf).toBe(true);
  });
  it("copies its data: later writes to the source array do not leak in", () => {
    const src = new Float32Array([1, 2, 3]);
    const t = tensor(src);
    src[0] = 9;
    expect(t.tolist()).toEqual([1, 2, 3]);
  });
  it("ragged nesting is an error naming the dim, like PyTorch", () => {
    expect(() => tensor([[1, 2], [3]])).toThrow("expected sequence of length 2 at dim 1 (got 1)");
    expect(() => tensor([[1, 2], 3] as never)).toThrow("tensor(): expected a sequence of length 2 at dim 1");
    expect(() => tensor([1, [2]] as never)).toThrow("tensor(): expected a number at depth 1, got a sequence");
    expect(() => tensor(["a"] as never)).toThrow("tensor(): could not convert string to a number");
  });
  it("requiresGrad with an int dtype is refused", () => {
    expect(() => tensor([1, 2], { dtype: "int32", requiresGrad: true })).toThrow(
      "only Tensors of floating point dtype can require gradients",
    );
  });
});

describe("filled tensors", () => {
  it("default dtypes", () => {
    expect(zeros([2]).dtype).toBe("float32");
    expect(ones(2).shape).toEqual([2]);
    expect(empty([2, 0]).shape).toEqual([2, 0]);
    expect(full([1], 2).dtype).toBe("int32");
    expect(full([1], 2, { dtype: "float32" }).dtype).toBe("float32");
    expect(arange(3).dtype).toBe("int32");
    expect(arange(0, 1, 0.5).dtype).toBe("float32");
    expect(linspace(0, 1, 3).dtype).toBe("float32");
    expect(eye(2).dtype).toBe("float32");
  });
  it("*Like copy shape and dtype", () => {
    const x = zeros([2, 3], { dtype: "float64" });
    expect(zerosLike(x).dtype).toBe("float64");
    expect(onesLike(x).tolist()).toEqual([
      [1, 1, 1],
      [1, 1, 1],
    ]);
    expect(fullLike(x, 2.5, { dtype: "float32" }).dtype).toBe("float32");
  });
  it("requiresGrad makes a leaf", () => {
    const x = zeros([2], { requiresGrad: true });
    expect(x.requiresGrad && x.isLeaf).toBe(true);
  });
  it("bad shapes and arguments", () => {
    expect(() => zeros([2, -1])).toThrow(
      "zeros(): Trying to create tensor with negative dimension -1: [2, -1]",
    );
    expect(() => ones([1.5])).toThrow(
      new TypeError("ones(): argument 'size' must be a list of integers, but got [1.5]"),
    );
    expect(() => arange(0, 5, 0)).toThrow("arange(): step must be nonzero");
    expect(() => arange(5, 0, 1)).toThrow(
      "arange(): upper bound and larger bound inconsistent with step sign",
    );
    expect(() => linspace(0, 1, -1)).toThrow("linspace(): number of steps must be non-negative, got -1");
  });
});

describe("random tensors (tsgrad's own stream: statistics, ranges, determinism)", () => {
  it("float32 samples are the float64 samples rounded once, drawn without a float64 temporary", () => {
    for (const make of [randn, rand]) {
      manualSeed(5);
      const wide = make([1000], { dtype: "float64" }).toTypedArray();
      manualSeed(5);
      const narrow = make([1000]).toTypedArray();
      expect(Array.from(narrow)).toEqual(Array.from(wide, Math.fround));
    }
    // The output is the only big allocation: 4 MB for 1e6 float32 samples (a float64 temporary
    // plus a copy would be 12 MB).
    const before = process.memoryUsage().arrayBuffers;
    const x = randn([1_000_000]);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(6e6);
    expect(x.numel()).toBe(1_000_000);
  });
  it("rand: shape, dtype and range [0, 1), mean near 1/2", () => {
    manualSeed(0);
    const x = rand([100, 100]);
    expect(x.shape).toEqual([100, 100]);
    expect(x.dtype).toBe("float32");
    const v = x.toTypedArray();
    expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...v)).toBeLessThan(1);
    expect(Math.abs(x.mean().item() - 0.5)).toBeLessThan(0.02);
    expect(Math.abs(x.var().item() - 1 / 12)).toBeLessThan(0.005);
  });
  it("randn: mean near 0 and std near 1 over 10k samples", () => {
    manualSeed(1);
    const x = randn([10_000], { dtype: "float64" });
    expect(x.dtype).toBe("float64");
    expect(Math.abs(x.mean().item())).toBeLessThan(0.05);
    expect(Math.abs(x.std().item() - 1)).toBeLessThan(0.05);
    // About 68% within one standard deviation.
    const within = x.abs().lt(1).sum().item() / 10_000;
    expect(Math.abs(within - 0.6827)).toBeLessThan(0.02);
  });
  it("randint: integers in [low, high), every value drawn", () => {
    manualSeed(2);
    const x = randint(-3, 4, [2000]);
    expect(x.dtype).toBe("int32");
    const v = Array.from(x.toTypedArray());
    expect(Math.min(...v)).toBe(-3);
    expect(Math.max(...v)).toBe(3);
    expect(v.every(Number.isInteger)).toBe(true);
    expect(Math.abs(v.reduce((a, b) => a + b, 0) / v.length)).toBeLessThan(0.15);
    expect(() => randint(3, 3, [2])).toThrow(
      "randint(): expects integers with low < high, but got low=3, high=3",
    );
  });
  it("randperm is a permutation", () => {
    manualSeed(3);
    const p = Array.from(randperm(50).toTypedArray());
    expect(p.slice().sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
  it("manualSeed makes draws repeatable; different seeds differ", () => {
    const draw = (seed: number) => {
      manualSeed(seed);
      return [
        ...rand([5]).toTypedArray(),
        ...randn([5]).toTypedArray(),
        ...randint(0, 100, [5]).toTypedArray(),
      ];
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });
  it("a private Generator does not disturb the global stream", () => {
    manualSeed(7);
    const a = rand([4]).tolist();
    manualSeed(7);
    rand([3], { generator: new Generator(99) });
    expect(rand([4]).tolist()).toEqual(a);
    expect(rand([3], { generator: new Generator(5) }).tolist()).toEqual(
      rand([3], { generator: new Generator(5) }).tolist(),
    );
  });
  it("float64 and float32 draws of the same seed agree up to rounding", () => {
    manualSeed(8);
    const a = randn([6], { dtype: "float64" });
    manualSeed(8);
    const b = randn([6]);
    expectClose(b.toTypedArray(), Array.from(a.toTypedArray()), { rtol: 1e-6, atol: 0 });
  });
  it("random ops refuse integer dtypes", () => {
    expect(() => rand([2], { dtype: "int32" })).toThrow("rand(): expected a floating point dtype, got int32");
    expect(() => randn([2], { dtype: "bool" })).toThrow("randn(): expected a floating point dtype, got bool");
  });
});

describe("size arguments as PyTorch takes them", () => {
  it("accepts zeros(2, 3), zeros([2, 3]) and a trailing options object", () => {
    expect(zeros(2, 3).shape).toEqual([2, 3]);
    expect(zeros([2, 3]).shape).toEqual([2, 3]);
    expect(zeros(4).shape).toEqual([4]);
    expect(ones(2, 3, { dtype: "float64" }).dtype).toBe("float64");
    const r = randn(3, 2, { dtype: "float64", requiresGrad: true });
    expect([r.shape, r.dtype, r.requiresGrad]).toEqual([[3, 2], "float64", true]);
    expect(rand(5, 1).shape).toEqual([5, 1]);
  });
  it("rejects a mixed or wrongly typed size instead of guessing", () => {
    const call = zeros as unknown as (...a: unknown[]) => unknown;
    expect(() => call([2], 3)).toThrow(
      "zeros(): size must be numbers or one array of numbers, e.g. zeros(2, 3)",
    );
    expect(() => call("3")).toThrow("got (string)");
    expect(() => call()).toThrow("zeros(): size must be numbers");
  });
  it("arange takes its options object after any number of positional arguments", () => {
    expect(arange(3, { dtype: "float32" }).dtype).toBe("float32");
    expect(arange(1, 4, { dtype: "float64" }).tolist()).toEqual([1, 2, 3]);
    expect(arange(1, 10, 3).tolist()).toEqual([1, 4, 7]);
    expect(arange(0, 1, 0.25, { dtype: "float64" }).tolist()).toEqual([0, 0.25, 0.5, 0.75]);
  });
  it("names the creating op when an integer tensor is asked to require grad", () => {
    expect(() => tensor([1, 2], { dtype: "int32", requiresGrad: true })).toThrow(
      "tensor(): only Tensors of floating point dtype can require gradients (got dtype=int32",
    );
  });
  it("prints as PyTorch does under console.log (util.inspect)", async () => {
    const { inspect } = await import("node:util");
    const t = tensor([[1.5, -2]], { requiresGrad: true });
    expect(inspect(t)).toBe("tensor([[ 1.5000, -2.0000]], requires_grad=True)");
  });
});

describe("values into int32 and bool (one conversion for every creation path)", () => {
  const i32 = { dtype: "int32" } as const;
  it("accepts both ends of the int32 range", () => {
    expect(tensor([2 ** 31 - 1, -(2 ** 31)]).tolist()).toEqual([2147483647, -2147483648]);
    expect(full([1], 2 ** 31 - 1).tolist()).toEqual([2147483647]);
    expect(full([1], -(2 ** 31)).tolist()).toEqual([-2147483648]);
    expect(arange(2 ** 31 - 3, 2 ** 31).tolist()).toEqual([2147483645, 2147483646, 2147483647]);
    expect(arange(-(2 ** 31), -(2 ** 31) + 2).tolist()).toEqual([-2147483648, -2147483647]);
    expect(linspace(-(2 ** 31), 2 ** 31 - 1, 2, i32).tolist()).toEqual([-2147483648, 2147483647]);
    const hi = randint(2 ** 31 - 2, 2 ** 31, [64]).tolist() as number[];
    expect(hi.every((v) => v === 2147483646 || v === 2147483647)).toBe(true);
    expect(randint(-(2 ** 31), -(2 ** 31) + 1, [3]).tolist()).toEqual([
      -2147483648, -2147483648, -2147483648,
    ]);
  });
  it("one past either end is an error", () => {
    const msg = "value cannot be converted to type int32 without overflow";
    expect(() => tensor([2 ** 31 - 1, 2 ** 31])).toThrow(`tensor(): ${msg} (got 2147483648`);
    expect(() => tensor([-(2 ** 31) - 1])).toThrow(`tensor(): ${msg} (got -2147483649`);
    expect(() => full([1], -(2 ** 31) - 1)).toThrow(`full(): ${msg}`);
    expect(() => arange(-(2 ** 31) - 1, 0, 2 ** 30)).toThrow(`arange(): ${msg} (got -2147483649; the start`);
    expect(() => randint(-(2 ** 31) - 1, 0, [1])).toThrow(
      "randint(): value cannot be converted to type int32",
    );
    expect(() => tensor([Number.POSITIVE_INFINITY], i32)).toThrow(`tensor(): ${msg} (got Infinity)`);
    expect(() => full([1], Number.NEGATIVE_INFINITY, i32)).toThrow(`full(): ${msg} (got -Infinity)`);
    expect(() => full([1], Number.NaN, i32)).toThrow(`full(): ${msg} (got NaN)`);
  });
  it("truncates fractions toward zero, as PyTorch does", () => {
    expect(tensor([2.7, -2.7, -0.5, 0.5], i32).tolist()).toEqual([2, -2, 0, 0]);
    expect(tensor([2147483647.9, -2147483648.9], i32).tolist()).toEqual([2147483647, -2147483648]);
    expect(full([1], 2.7, i32).tolist()).toEqual([2]);
    expect(full([1], -2.7, i32).tolist()).toEqual([-2]);
    expect(Object.is(full([1], -0.5, i32).item(), 0)).toBe(true);
  });
  it("bool is nonzero (NaN included), and stores 0/1 only", () => {
    expect(tensor([Number.NaN, 2, -0, 0.1], { dtype: "bool" }).tolist()).toEqual([true, true, false, true]);
    expect(Array.from(full([2], 2, { dtype: "bool" }).toTypedArray())).toEqual([1, 1]);
    expect(Array.from(full([1], Number.NaN, { dtype: "bool" }).toTypedArray())).toEqual([1]);
    expect(
      randint(0, 2, [32], { dtype: "bool" })
        .toTypedArray()
        .every((v) => v === 0 || v === 1),
    ).toBe(true);
  });
  it("infers bool only when every value is a boolean", () => {
    const t = tensor([true, 2]);
    expect([t.dtype, t.tolist()]).toEqual(["int32", [1, 2]]);
    const f = tensor([false, 2.5]);
    expect([f.dtype, f.tolist()]).toEqual(["float32", [0, 2.5]]);
    expect(tensor([[true], [false]]).dtype).toBe("bool");
  });
  it("typed arrays keep their values", () => {
    const cases: [ArrayBufferView, string, (number | boolean)[]][] = [
      [new Float64Array([0.1, -2]), "float64", [0.1, -2]],
      [new Float32Array([0.5, -2]), "float32", [0.5, -2]],
      [new Int32Array([2 ** 31 - 1, -(2 ** 31)]), "int32", [2147483647, -2147483648]],
      [new Int16Array([-32768, 32767]), "int32", [-32768, 32767]],
      [new Int8Array([-128, 127]), "int32", [-128, 127]],
      [new Uint32Array([0, 2 ** 31 - 1]), "int32", [0, 2147483647]],
      [new Uint16Array([0, 65535]), "int32", [0, 65535]],
      [new Uint8Array([0, 1, 200, 255]), "int32", [0, 1, 200, 255]],
      [new Uint8ClampedArray([0, 255]), "int32", [0, 255]],
      [new BigInt64Array([-(2n ** 31n), 2n ** 31n - 1n]), "int32", [-2147483648, 2147483647]],
      [new BigUint64Array([0n, 2n ** 31n - 1n]), "int32", [0, 2147483647]],
    ];
    for (const [data, dtype, values] of cases) {
      const t = tensor(data as never);
      expect([t.dtype, t.shape, t.tolist()], data.constructor.name).toEqual([dtype, [values.length], values]);
    }
  });
  it("an explicit dtype wins over the typed array's, with the same conversions", () => {
    expect(tensor(new Float64Array([2.7, -2.7]), i32).tolist()).toEqual([2, -2]);
    const f = tensor(new Uint8Array([1, 200]), { dtype: "float64" });
    expect([f.dtype, f.tolist()]).toEqual(["float64", [1, 200]]);
    expect(tensor(new Uint32Array([4e9]), { dtype: "float64" }).tolist()).toEqual([4e9]);
    expect(tensor(new BigInt64Array([2n ** 40n]), { dtype: "float64" }).tolist()).toEqual([2 ** 40]);
    expect(tensor(new Int32Array([7]), { dtype: "float32" }).dtype).toBe("float32");
    expect(() => tensor(new Float32Array([3e9]), i32)).toThrow(
      "tensor(): value cannot be converted to type int32 without overflow (got 3000000000)",
    );
    expect(() => tensor(new BigUint64Array([2n ** 64n - 1n]))).toThrow(
      "tensor(): value cannot be converted to type int32 without overflow",
    );
  });
  it("bool from a typed array only when asked, nonzero → true", () => {
    expect(tensor(new Uint8Array([0, 3, 255]), { dtype: "bool" }).tolist()).toEqual([false, true, true]);
    expect(tensor(new Float64Array([Number.NaN, 0, -0, 0.1]), { dtype: "bool" }).tolist()).toEqual([
      true,
      false,
      false,
      true,
    ]);
    expect(tensor(new BigInt64Array([0n, -5n]), { dtype: "bool" }).tolist()).toEqual([false, true]);
  });
});

describe("setDefaultDtype / getDefaultDtype (torch.set_default_dtype)", () => {
  afterEach(() => setDefaultDtype("float32"));

  // Each creation function called as a PyTorch program calls it, without a dtype: the floating
  // ones give the default dtype, the integer ones int32 whatever the default.
  const int = tensor([1, 2]);
  const CALLS: Record<keyof typeof creation, [() => { dtype: string }, "default" | "int32"]> = {
    tensor: [() => tensor([0.5, 1]), "default"],
    fromTypedArray: [() => fromTypedArray(new Int32Array([1, 2])), "int32"],
    scalarTensor: [() => scalarTensor(0.5), "default"],
    full: [() => full([2], 1.5), "default"],
    zeros: [() => zeros(2, 3), "default"],
    ones: [() => ones([2]), "default"],
    empty: [() => empty(2), "default"],
    arange: [() => arange(0, 1, 0.25), "default"],
    linspace: [() => linspace(0, 1, 5), "default"],
    eye: [() => eye(3), "default"],
    rand: [() => rand(2), "default"],
    randn: [() => randn(2), "default"],
    randint: [() => randint(0, 5, [3]), "int32"],
    randperm: [() => randperm(4), "int32"],
    zerosLike: [() => zerosLike(int), "int32"],
    onesLike: [() => onesLike(int), "int32"],
    fullLike: [() => fullLike(int, 2), "int32"],
    emptyLike: [() => emptyLike(int), "int32"],
    randLike: [() => randLike(int, { dtype: getDefaultDtype() }), "default"],
    randnLike: [() => randnLike(int, { dtype: getDefaultDtype() }), "default"],
    // The new_* methods take the tensor's dtype, not the default.
    newZeros: [() => int.newZeros(2), "int32"],
    newOnes: [() => int.newOnes([2]), "int32"],
    newEmpty: [() => int.newEmpty(2, 2), "int32"],
    newFull: [() => int.newFull([2], 3), "int32"],
    newTensor: [() => int.newTensor([1, 2]), "int32"],
  };

  it("covers every creation function", () => {
    const fns = Object.keys(creation).filter(
      (k) => typeof (creation as Record<string, unknown>)[k] === "function",
    );
    expect(fns.sort()).toEqual(Object.keys(CALLS).sort());
  });

  for (const d of ["float64", "float32"] as const) {
    it(`every creation function honours setDefaultDtype("${d}")`, () => {
      setDefaultDtype(d);
      expect(getDefaultDtype()).toBe(d);
      for (const [name, [call, kind]] of Object.entries(CALLS)) {
        expect(call().dtype, name).toBe(kind === "default" ? d : "int32");
      }
    });
  }

  it("float data, integer data made to require grad, an empty tensor, and integer → float promotion follow it", () => {
    setDefaultDtype("float64");
    expect(tensor([1, 2], { requiresGrad: true }).dtype).toBe("float64");
    expect(tensor([]).dtype).toBe("float64");
    expect(tensor([1, 2]).dtype).toBe("int32");
    expect(tensor(new Float32Array(2)).dtype).toBe("float32"); // a typed array keeps its width
    expect(int.div(2).dtype).toBe("float64");
    expect(int.mul(2.5).dtype).toBe("float64");
    expect(int.clamp(0.5).dtype).toBe("float64");
    expect(int.logsumexp(0).dtype).toBe("float64");
    expect(where(tensor([true]), 1.5, 2.5).dtype).toBe("float64");
    // An explicit dtype still wins, and float32 tensors keep float32 in their ops.
    expect(zeros(2, { dtype: "float32" }).add(1.5).dtype).toBe("float32");
  });
});

describe("fromTypedArray (torch.from_numpy) and tensor(typedArray, { shape })", () => {
  it("shares the array's memory when it is the dtype's storage type", () => {
    const data = new Float32Array([1, 2, 3, 4, 5, 6]);
    const t = fromTypedArray(data, [2, 3]);
    expect(t.dtype).toBe("float32");
    expect(t.shape).toEqual([2, 3]);
    expect(t.isContiguous()).toBe(true);
    data[0] = 10;
    expect(t.tolist()).toEqual([
      [10, 2, 3],
      [4, 5, 6],
    ]);
    t.add_(1); // in place through the tensor shows in the array, as with NumPy
    expect(Array.from(data)).toEqual([11, 3, 4, 5, 6, 7]);
    expect(t.storage.data).toBe(data);
    expect(fromTypedArray(new Float64Array(4), 4).dtype).toBe("float64");
    const ints = new Int32Array([1, 2, 3]);
    expect(fromTypedArray(ints).storage.data).toBe(ints);
    expect(fromTypedArray(ints).shape).toEqual([3]);
    const bools = new Uint8Array([1, 0, 1, 1]);
    const b = fromTypedArray(bools, [2, 2], { dtype: "bool" });
    expect(b.storage.data).toBe(bools);
    expect(b.tolist()).toEqual([
      [true, false],
      [true, true],
    ]);
  });

  it("shares a subarray's elements only, and requiresGrad makes a leaf", () => {
    const buf = new Float64Array([0, 1, 2, 3, 4, 5]);
    const t = fromTypedArray(buf.subarray(2, 6), [2, 2], { requiresGrad: true });
    expect(t.tolist()).toEqual([
      [2, 3],
      [4, 5],
    ]);
    expect(t.isLeaf && t.requiresGrad).toBe(true);
    t.mul(t).sum().backward();
    expect(t.grad!.tolist()).toEqual([
      [4, 6],
      [8, 10],
    ]);
    buf[5] = 50;
    expect(t.tolist()[1][1]).toBe(50);
  });

  it("copies, converting, when the dtype is not the array's own", () => {
    const data = new Float32Array([1.5, -2.7]);
    const d = fromTypedArray(data, [2], { dtype: "float64" });
    expect(d.dtype).toBe("float64");
    expect(d.tolist()).toEqual([1.5, Math.fround(-2.7)]);
    data[0] = 0;
    expect(d.tolist()[0]).toBe(1.5);
    expect(fromTypedArray(data, [2], { dtype: "int32" }).tolist()).toEqual([0, -2]);
    const bytes = fromTypedArray(new Uint8Array([0, 200]));
    expect(bytes.dtype).toBe("int32"); // no uint8 dtype: a copy, as tensor() makes
    expect(bytes.tolist()).toEqual([0, 200]);
    expect(fromTypedArray(new Int16Array([-3, 4]), [1, 2]).tolist()).toEqual([[-3, 4]]);
  });

  it("rejects lengths that do not match, what is not a typed array, and unknown options", () => {
    const data = new Float32Array(5);
    expect(() => fromTypedArray(data, [2, 3])).toThrow(
      "fromTypedArray(): shape '[2, 3]' is invalid for input of size 5 (a Float32Array of length 5; the shape has 6 elements)",
    );
    expect(() => fromTypedArray(data, [-1, 5])).toThrow(/fromTypedArray\(\)/);
    expect(() => fromTypedArray([1, 2] as never)).toThrow(
      "fromTypedArray(): argument 'data' must be a typed array (Float32Array, Float64Array, Int32Array, ...), but got [1, 2]",
    );
    expect(() => fromTypedArray(new DataView(new ArrayBuffer(8)) as never)).toThrow(/but got a DataView/);
    expect(() => fromTypedArray(data, 5, { dtpye: "float64" } as never)).toThrow(
      "fromTypedArray(): got an unexpected option 'dtpye' (did you mean 'dtype'?)",
    );
    expect(() => fromTypedArray(data, { dtype: "float64" } as never)).toThrow(
      /fromTypedArray\(\): argument 'shape' must be a number or an array of numbers, but got object/,
    );
    expect(() => fromTypedArray(new Uint8Array([0, 2]), 2, { dtype: "bool" })).toThrow(
      "fromTypedArray(): a bool tensor shares a Uint8Array of 0s and 1s, but element 1 is 2",
    );
    expect(() => fromTypedArray(new Int32Array(2), 2, { requiresGrad: true })).toThrow(
      "fromTypedArray(): only Tensors of floating point dtype can require gradients",
    );
  });

  it("tensor(typedArray, { shape }) copies into that shape", () => {
    const data = new Float64Array([1, 2, 3, 4, 5, 6]);
    const t = tensor(data, { shape: [3, 2] });
    expect(t.shape).toEqual([3, 2]);
    expect(t.dtype).toBe("float64");
    data[0] = 9;
    expect(t.tolist()[0]).toEqual([1, 2]);
    expect(tensor(new Int16Array([1, 2]), { shape: 2 }).shape).toEqual([2]);
    expect(() => tensor(data, { shape: [4, 2] })).toThrow(
      "tensor(): shape '[4, 2]' is invalid for input of size 6 (a Float64Array of length 6; the shape has 8 elements)",
    );
    expect(() => tensor([1, 2], { shape: [2] })).toThrow(
      "tensor(): option 'shape' is for typed array data (nested arrays carry their own shape), but data is [1, 2]",
    );
    expect(() => tensor(data, { shape: "2" as never })).toThrow(
      /tensor\(\): argument 'shape' must be a number/,
    );
  });
});

describe("eye takes the options right after n, as torch.eye(n, dtype=...)", () => {
  it("eye(n, options) is eye(n, n, options)", () => {
    const e = creation.eye(2, { dtype: "float64" });
    expect([e.dtype, e.tolist()]).toEqual(["float64", creation.eye(2, 2, { dtype: "float64" }).tolist()]);
    expect(() => creation.eye(2, { dtype: "float64" }, {})).toThrow(
      "eye(): got an options object as argument 2, so there can be no argument 3",
    );
    expect(() => creation.eye(2, { dtyp: "float64" } as never)).toThrow(/did you mean 'dtype'/);
  });
});
