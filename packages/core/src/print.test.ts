import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { inspect } from "node:util";
import { withDefaultDtype } from "@tsgrad/testing";
import { afterEach, describe, expect, it } from "vitest";
import { arange, getPrintOptions, maxPool2d, ones, setPrintOptions, Size, tensor, zeros } from "./index.js";
import type { PrintOptions } from "./print-options.js";
import { formatExponential, formatFixed, formatTensor } from "./print.js";
import { contiguousStrides } from "./shape.js";
import type { Tensor } from "./tensor.js";

/** One case of test/fixtures/print.json, written by tools/fixtures/gen_print.py from PyTorch 1.13. */
interface PrintCase {
  name: string;
  /** Row-major elements; nan/inf/-inf are the strings "nan", "inf", "-inf". */
  values: (number | boolean | string)[];
  shape: number[];
  dtype: "float32" | "float64" | "int32" | "bool";
  requires_grad: boolean;
  grad_fn: string | null;
  /** `repr(t)` as PyTorch prints it. */
  expected: string;
}

const cases: PrintCase[] = JSON.parse(
  readFileSync(new URL("../test/fixtures/print.json", import.meta.url), "utf8"),
);

function decode(v: number | boolean | string): number {
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number") return v;
  return { nan: Number.NaN, inf: Number.POSITIVE_INFINITY, "-inf": Number.NEGATIVE_INFINITY }[v as "nan"];
}

const ARRAY_TYPES = { float32: Float32Array, float64: Float64Array, int32: Int32Array, bool: Uint8Array };

/** A stand-in with just the fields formatTensor reads, so these tests do not need the Tensor core. */
function fakeTensor(c: PrintCase): Tensor {
  const data = ARRAY_TYPES[c.dtype].from(c.values.map(decode));
  const fake = {
    _shape: c.shape,
    strides: contiguousStrides(c.shape),
    offset: 0,
    storage: { data },
    dtype: c.dtype,
    requiresGrad: c.requires_grad,
    gradFn: c.grad_fn === null ? null : { name: c.grad_fn },
    numel: () => c.shape.reduce((a, b) => a * b, 1),
  };
  return fake as unknown as Tensor;
}

describe("formatTensor matches PyTorch 1.13 repr()", () => {
  it("has fixtures", () => {
    expect(cases.length).toBeGreaterThan(20);
  });
  for (const c of cases) {
    it(c.name, () => {
      expect(formatTensor(fakeTensor(c))).toBe(c.expected);
    });
  }
});

/** A case of test/fixtures/print_views.json: the whole repr, or its length, hash and ends. */
interface ViewCase {
  name: string;
  expected?: string;
  length?: number;
  sha256?: string;
  head?: string;
  tail?: string;
}

const viewCases: ViewCase[] = JSON.parse(
  readFileSync(new URL("../test/fixtures/print_views.json", import.meta.url), "utf8"),
);

/** The tensors of print_views.json, built as gen_print.py builds them in PyTorch. */
const VIEWS: Record<string, () => Tensor> = {
  "ones [4]*9": () => ones(new Array<number>(9).fill(4)),
  "ones(1,1).expand(1e5,1e5)": () => ones([1, 1]).expand(1e5, 1e5),
  "arange(7).reshape(7,1).expand(7,100000)": () =>
    arange(7, { dtype: "float32" }).reshape(7, 1).expand(7, 100000),
  "scalar 2.5 expand(3000)": () => tensor(2.5).expand(3000),
  "bool [[T],[F]] expand(2,2000)": () => tensor([[true], [false]]).expand(2, 2000),
  "(arange(2000)/7).reshape(40,50).t()": () => arange(2000, { dtype: "float32" }).div(7).reshape(40, 50).t(),
  "arange(24).reshape(2,3,4).permute(2,0,1)": () => arange(24).reshape(2, 3, 4).permute(2, 0, 1),
  "arange(3000)[1::2]": () => arange(3000, { dtype: "float32" }).slice(0, 1, undefined, 2),
  "arange(60).reshape(6,10)[1:5, 2:9:3]": () => arange(60).reshape(6, 10).slice(0, 1, 5).slice(1, 2, 9, 3),
  "requires_grad [3,1] expand(3,4)": () => tensor([[0.5], [-1.25], [3]], { requiresGrad: true }).expand(3, 4),
};

describe("formatTensor of views and big tensors matches PyTorch 1.13 repr()", () => {
  it("builds every case of the fixture", () => {
    expect(viewCases.map((c) => c.name).sort()).toEqual(Object.keys(VIEWS).sort());
  });
  for (const c of viewCases) {
    it(c.name, () => {
      const text = formatTensor(VIEWS[c.name]!());
      if (c.expected !== undefined) {
        expect(text).toBe(c.expected);
        return;
      }
      expect(text.slice(0, 400)).toBe(c.head);
      expect(text.slice(-400)).toBe(c.tail);
      expect(text.length).toBe(c.length);
      expect(createHash("sha256").update(text, "utf8").digest("hex")).toBe(c.sha256);
    });
  }

  it("reads only the shown elements: printing a 1e10-element expansion allocates nothing", () => {
    const t = ones([1, 1]).expand(1e5, 1e5);
    const before = process.memoryUsage().arrayBuffers;
    formatTensor(t);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1e6);
  });
});

/** A case of test/fixtures/print_options.json: a tensor printed after `set_printoptions` calls. */
interface OptionsCase extends PrintCase {
  /** The calls made in order from the defaults, with tsgrad's keys; "inf" for Infinity. */
  calls: Record<string, unknown>[];
}

const optionsCases: OptionsCase[] = JSON.parse(
  readFileSync(new URL("../test/fixtures/print_options.json", import.meta.url), "utf8"),
);

describe("setPrintOptions matches PyTorch 1.13's torch.set_printoptions (print_options.json)", () => {
  afterEach(() => setPrintOptions({ profile: "default" }));

  it("has fixtures", () => {
    expect(optionsCases.length).toBeGreaterThan(20);
  });
  for (const c of optionsCases) {
    it(c.name, () => {
      for (const call of c.calls) {
        const options = Object.fromEntries(
          Object.entries(call).map(([k, v]) => [k, v === "inf" ? Number.POSITIVE_INFINITY : v]),
        );
        setPrintOptions(options as PrintOptions);
      }
      expect(formatTensor(fakeTensor(c))).toBe(c.expected);
    });
  }

  it("reaches every way a tensor prints, and getPrintOptions() restores", () => {
    const saved = getPrintOptions();
    expect(saved).toEqual({ precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80, sciMode: null });
    setPrintOptions({ precision: 2 });
    const t = tensor([1.12345, 2], { dtype: "float32" });
    expect(String(t)).toBe("tensor([1.12, 2.00])");
    expect(`${t}`).toBe("tensor([1.12, 2.00])");
    expect(inspect(t)).toBe("tensor([1.12, 2.00])");
    setPrintOptions(saved);
    expect(String(t)).toBe("tensor([1.1235, 2.0000])");
    expect(getPrintOptions()).toEqual(saved);
    // A copy: changing it changes nothing.
    getPrintOptions().precision = 9;
    expect(getPrintOptions().precision).toBe(4);
  });

  it("refuses bad options with the option named and changes nothing", () => {
    setPrintOptions({ precision: 3 });
    const bad: [unknown, string][] = [
      [
        { precision: -1 },
        "setPrintOptions(): option 'precision' must be a non-negative integer, but got a number (-1)",
      ],
      [{ precision: 2.5 }, "option 'precision' must be a non-negative integer"],
      [{ edgeitems: 0 }, "option 'edgeitems' must be an integer ≥ 1, but got a number (0)"],
      [{ linewidth: 0 }, "option 'linewidth' must be an integer ≥ 1"],
      [{ threshold: Number.NaN }, "option 'threshold' must be a non-negative number or Infinity"],
      [
        { profile: "long" },
        `option 'profile' must be "default", "short" or "full", but got a string ("long")`,
      ],
      [{ sciMode: "yes" }, "option 'sciMode' must be a boolean or null"],
      [
        { sci_mode: true },
        "setPrintOptions(): got an unexpected option 'sci_mode' (did you mean 'sciMode'?)",
      ],
      [2, "setPrintOptions(): expected an options object as argument 1, but got a number (2)"],
    ];
    for (const [options, message] of bad) {
      expect(() => setPrintOptions(options as PrintOptions)).toThrow(TypeError);
      expect(() => setPrintOptions(options as PrintOptions)).toThrow(message);
    }
    expect(getPrintOptions().precision).toBe(3);
  });
});

describe("Python float formatting", () => {
  it("rounds exact ties to even, unlike toFixed", () => {
    expect(formatFixed(0.125, 2)).toBe("0.12");
    expect(formatFixed(0.375, 2)).toBe("0.38");
    expect(formatFixed(2.5, 0)).toBe("2");
    expect(formatFixed(3.5, 0)).toBe("4");
    expect(formatFixed(-0.5, 0)).toBe("-0");
    expect(formatExponential(123445, 4)).toBe("1.2344e+05");
    expect(formatExponential(123455, 4)).toBe("1.2346e+05");
  });
  it("rounds non-ties by the exact binary value", () => {
    expect(formatFixed(0.1, 20)).toBe("0.10000000000000000555");
    expect(formatFixed(1.005, 2)).toBe("1.00"); // 1.005 is stored just below 1.005
  });
  it("keeps the sign of negative zero", () => {
    expect(formatFixed(-0, 4)).toBe("-0.0000");
    expect(formatExponential(-0, 4)).toBe("-0.0000e+00");
  });
  it("writes exponents with at least two digits and carries into the exponent", () => {
    expect(formatExponential(1e-5, 4)).toBe("1.0000e-05");
    expect(formatExponential(1e100, 4)).toBe("1.0000e+100");
    expect(formatExponential(9.99999, 4)).toBe("1.0000e+01");
    expect(formatExponential(5e-324, 4)).toBe("4.9407e-324");
  });
  it("spells non-finite values like Python", () => {
    expect(formatFixed(Number.NaN, 4)).toBe("nan");
    expect(formatExponential(Number.NEGATIVE_INFINITY, 4)).toBe("-inf");
  });
});

describe("torch.Size and the default dtype's printing, against PyTorch (print_sizes.json)", () => {
  const fixture: {
    sizes: { shape: number[]; expected: string; numel: number; shape_expected: string }[];
    op_shapes: { name: string; expected: string }[];
    default_float64: PrintCase[];
    return_types: { name: string; expected: string }[];
  } = JSON.parse(readFileSync(new URL("../test/fixtures/print_sizes.json", import.meta.url), "utf8"));

  it("values-and-indices results print as PyTorch's torch.return_types (and a pool's plain tuple) and unpack as a pair", () => {
    const r = () =>
      tensor(
        [
          [3, 1, 2],
          [0.5, 4, -1],
        ],
        { dtype: "float32" },
      );
    const made: Record<string, () => unknown> = {
      "x.sort()": () => r().sort(),
      "x.max(1)": () => r().max(1),
      "x.min(0, keepdim=True)": () => r().min(0, true),
      "x.topk(2)": () => r().topk(2),
      "x.requires_grad_().max(1)": () => r().requiresGrad_().max(1),
      "max_pool2d(x[None, None], 1, return_indices=True)": () =>
        maxPool2d(r().reshape([1, 1, 2, 3]), 1, { returnIndices: true }),
    };
    expect(fixture.return_types.map((c) => c.name)).toEqual(Object.keys(made));
    for (const c of fixture.return_types) {
      const v = made[c.name]!();
      expect(String(v), c.name).toBe(c.expected);
      expect(inspect(v), c.name).toBe(c.expected);
    }
    const m = r().max(1);
    const [values, indices] = m;
    expect([values, indices]).toEqual([m.values, m.indices]);
    expect(Object.keys(m)).toEqual(["values", "indices"]);
    expect([m[0], m[1]]).toEqual([m.values, m.indices]); // Python's x.max(1)[1]
  });

  it("size() prints as PyTorch prints torch.Size: console.log, toString() and template strings", () => {
    expect(fixture.sizes.length).toBe(7);
    for (const c of fixture.sizes) {
      const size = zeros(c.shape).size();
      expect(size).toBeInstanceOf(Size);
      expect(inspect(size), c.expected).toBe(c.expected);
      expect(size.toString()).toBe(c.expected);
      expect(`${size}`).toBe(c.expected);
      expect(String(new Size(c.shape))).toBe(c.expected);
      expect(size.numel(), c.expected).toBe(c.numel);
    }
  });

  it("shape prints as PyTorch prints t.shape: a Size, frozen, the same object on every read", () => {
    for (const c of fixture.sizes) {
      const x = zeros(c.shape);
      const shape = x.shape;
      expect(shape).toBeInstanceOf(Size);
      expect(inspect(shape), c.shape_expected).toBe(c.shape_expected);
      expect(`${shape}`).toBe(c.shape_expected);
      expect((shape as Size).numel()).toBe(c.numel);
      expect(shape).toEqual(c.shape); // vitest's toEqual compares an Array subclass with a plain array by elements
      expect(x.shape).toBe(shape);
      expect(Object.isFrozen(shape)).toBe(true);
      expect(x.size()).not.toBe(shape);
    }
  });

  it("shapes of tensors made by ops and views print as PyTorch's", () => {
    const x = zeros(2, 3, 4);
    const shapes: Record<string, () => string> = {
      "zeros(2, 3, 4).shape": () => String(x.shape),
      "zeros(2, 3, 4).transpose(0, 2).shape": () => String(x.transpose(0, 2).shape),
      "zeros(2, 3, 4).sum(1).shape": () => String(x.sum(1).shape),
      "zeros(2, 3, 4)[0].shape": () => String(x.select(0, 0).shape),
      "zeros(2, 3, 4).reshape(-1).shape": () => String(x.reshape(-1).shape),
      "f'shape: {zeros(2, 3, 4).shape}'": () => `shape: ${x.shape}`,
    };
    expect(fixture.op_shapes.map((c) => c.name)).toEqual(Object.keys(shapes));
    for (const c of fixture.op_shapes) expect(shapes[c.name]!(), c.name).toBe(c.expected);
  });

  it("shape cannot be changed, and the tensor's own shape is not a Size", () => {
    const x = zeros(3, 28, 28);
    expect(() => {
      (x.shape as number[])[0] = 7;
    }).toThrow(TypeError);
    expect(() => (x.shape as number[]).push(1)).toThrow(TypeError);
    expect(x.shape).toEqual([3, 28, 28]);
    // Ops read the plain array; a Size passed as a shape argument is copied into a plain one.
    expect(Object.getPrototypeOf(x._shape)).toBe(Array.prototype);
    const y = zeros(x.shape).reshape(x.shape).expand(x.shape);
    expect(Object.getPrototypeOf(y._shape)).toBe(Array.prototype);
    expect(y.shape).toEqual([3, 28, 28]);
    expect(x.shape.slice(1)).not.toBeInstanceOf(Size);
    expect(zeros(x.shape.slice(1)).shape).toEqual([28, 28]);
  });

  it("a Size is still an array: indexable, iterable, length, spreads, equal to a plain array", () => {
    const x = zeros(3, 28, 28);
    const s = x.size();
    expect(Array.isArray(s)).toBe(true);
    expect([s[0], s[1], s[2], s.length]).toEqual([3, 28, 28, 3]);
    expect([...s]).toEqual([3, 28, 28]);
    expect(s).toEqual([3, 28, 28]);
    expect(Math.max(...s)).toBe(28);
    expect(zeros(s).shape).toEqual([3, 28, 28]); // a Size is a shape argument
    expect(x.size(-1)).toBe(28); // size(dim) stays a number
    expect(s.slice(1)).toEqual([28, 28]);
    expect(s.slice(1)).not.toBeInstanceOf(Size); // derived arrays are plain (see Size's NOTE)
    s[0] = 7; // a copy: the tensor's shape is not changed through it
    expect(x.shape).toEqual([3, 28, 28]);
  });

  it("under setDefaultDtype('float64') the dtype suffix is shown for float32 instead", () => {
    withDefaultDtype("float64", () => {
      expect(fixture.default_float64.length).toBe(6);
      for (const c of fixture.default_float64) {
        const t = tensor(c.values.length ? c.values.map(decode) : [], { dtype: c.dtype }).reshape(c.shape);
        expect(t.toString(), c.name).toBe(c.expected);
      }
    });
  });
});
