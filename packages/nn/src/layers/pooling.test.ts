import { rand, type Tensor, type ValuesIndices, zeros } from "@tsgrad/core";
import { checkOpCase, fixtureErrors, gradcheckOpCase, type OpCase, readJson, tagged } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import type { Module } from "../module.js";
import * as pooling from "./pooling.js";
import {
  AdaptiveAvgPool2d,
  AdaptiveMaxPool2d,
  AvgPool2d,
  MaxPool1d,
  MaxPool2d,
  MaxUnpool2d,
  Unflatten,
  Upsample,
} from "./pooling.js";

// ---- PyTorch's modules (tools/fixtures/gen_pool.py → test/fixtures/pooling.json) ----------------

interface ModuleParams {
  cls: string;
  args: unknown[];
  options: Record<string, unknown>;
  callArgs?: unknown[];
}
type Case = OpCase & { repr: string };
const FIX = readJson<{
  cases: Case[];
  reprs: (ModuleParams & { repr: string })[];
  errors: { name: string; message: string }[];
}>(new URL("../../test/fixtures/pooling.json", import.meta.url));

/** Every module class pooling.ts exports, by name (it exports nothing else at run time). */
const CLASSES: Record<string, new (...args: any[]) => Module> = { ...pooling };

/** The module a case or repr row describes: PyTorch's positional arguments, then the options. */
function build(p: ModuleParams): Module {
  const Cls = CLASSES[p.cls]!;
  // Upsample takes only options; the others take their positional arguments first.
  return p.cls === "Upsample" ? new Cls(p.options) : new Cls(...p.args, p.options);
}

const MODULE = (inputs: unknown[], p: Record<string, any>): Tensor[] => {
  const out = build(p as ModuleParams).call(...(inputs as Tensor[]), ...((p.callArgs as unknown[]) ?? []));
  return out instanceof Object && "values" in out
    ? [(out as ValuesIndices).values, (out as ValuesIndices).indices]
    : [out as Tensor];
};

describe("pooling modules match PyTorch (pooling.json)", () => {
  it("covers every class", () => {
    expect([...new Set(FIX.cases.map((c) => c.params.cls))].sort()).toEqual(Object.keys(CLASSES).sort());
  });
  for (const c of FIX.cases) {
    it(c.name, () => {
      checkOpCase(c, MODULE);
      expect(String(build(c.params as ModuleParams))).toBe(c.repr);
    });
  }
});

describe("pooling modules: float64 gradcheck", () => {
  for (const c of tagged(FIX.cases, "gradcheck"))
    it(c.name, () => expect(gradcheckOpCase(c, MODULE)).toBe(true));
});

describe("pooling modules print PyTorch's repr", () => {
  for (const r of FIX.reprs) it(r.repr, () => expect(String(build(r))).toBe(r.repr));

  it("defaults: stride is the kernel size, as PyTorch stores it", () => {
    const p = new MaxPool2d(3);
    expect([p.stride, p.padding, p.dilation, p.ceilMode, p.returnIndices]).toEqual([3, 0, 1, false, false]);
    const a = new AvgPool2d([2, 3]);
    expect([a.stride, a.padding, a.ceilMode, a.countIncludePad, a.divisorOverride]).toEqual([
      [2, 3],
      0,
      false,
      true,
      null,
    ]);
    const u = new Upsample({ scaleFactor: 0 });
    expect([u.scaleFactor, u.size, u.mode, u.alignCorners]).toEqual([null, null, "nearest", null]);
  });

  it("holds no parameters or buffers", () => {
    for (const r of FIX.reprs) {
      const m = build(r);
      expect([...m.parameters()].length).toBe(0);
      expect(Object.keys(m.stateDict()).length).toBe(0);
    }
  });
});

describe("pooling modules: outputs and errors", () => {
  it("returnIndices: true gives { values, indices } that MaxUnpool2d undoes", () => {
    // Positive, so that the zeros unpooling adds never win a window.
    const x = rand([2, 3, 5, 5]).add(0.1);
    const { values, indices } = new MaxPool2d(2, { returnIndices: true }).call(x);
    const back = new MaxUnpool2d(2).call(values, indices, x.shape);
    expect(back.shape).toEqual([2, 3, 5, 5]);
    expect(new MaxPool2d(2).call(back).tolist()).toEqual(values.tolist());
    const a = new AdaptiveMaxPool2d([2, 3], { returnIndices: true }).call(x);
    expect(a.indices.dtype).toBe("int32");
  });

  const err = fixtureErrors(FIX.errors);
  it("Unflatten: PyTorch's messages", () => {
    expect(() => new Unflatten(1, [2, 2]).call(zeros([3, 5]))).toThrow(
      err("Unflatten sizes do not multiply up"),
    );
    expect(() => new Unflatten(1, []).call(zeros([3, 4]))).toThrow(err("Unflatten empty sizes"));
    expect(() => new Unflatten(1, [-2, -2]).call(zeros([3, 4]))).toThrow(err("Unflatten negative size"));
    expect(() => new Unflatten(1, [2.5, 2])).toThrow(err("Unflatten float size"));
    expect(() => new Unflatten(1, [-1, -1]).call(zeros([3, 4]))).toThrow(
      "unflatten(): only one dimension can be inferred",
    );
  });

  it("refuses wrong argument types when constructed, naming the layer", () => {
    const any = (v: unknown): any => v;
    expect(() => new MaxPool2d(any("2"))).toThrow(
      "MaxPool2d(): argument 'kernel_size' must be an integer or a list of integers, but got string",
    );
    expect(() => new MaxPool2d(2, any(2))).toThrow(
      "MaxPool2d(): expected an options object as argument 2, but got a number (2) (did you mean { stride: 2 }?)",
    );
    expect(() => new AvgPool2d(2, any({ count_include_pad: false }))).toThrow(
      "AvgPool2d(): got an unexpected option 'count_include_pad' (did you mean 'countIncludePad'?)",
    );
    expect(() => new AdaptiveAvgPool2d(any([1.5, 2]))).toThrow(TypeError);
    expect(() => new Upsample(any({ mode: 3 }))).toThrow("Upsample(): option 'mode' must be a string");
    expect(() => new MaxPool1d(2).call(any([1, 2]))).toThrow("MaxPool1d: expected input to be a Tensor");
  });
});
