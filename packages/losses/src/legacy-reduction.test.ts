/**
 * PyTorch's deprecated `size_average` / `reduce` keywords (fixtures/legacy_reduction.json, written
 * by tools/fixtures/gen_losses_legacy.py): every combination on every loss module and functional
 * form that takes them, against the module's `.reduction`, the loss value and the warnings
 * PyTorch 1.13 emitted.
 */
import type { Tensor } from "@tsgrad/core";
import { type FixtureTensor, expectTensorClose, fromFixture, readJson } from "@tsgrad/testing";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as L from "./index.js";

interface LegacyRecord {
  loss: string;
  form: "module" | "functional";
  sizeAverage: boolean | null;
  reduce: boolean | null;
  reduction: string | null;
  module_reduction: string | null;
  value: number[];
  shape: number[];
  warnings: string[];
}
const FIX = readJson<{
  inputs: Record<string, { input: FixtureTensor; target: FixtureTensor }>;
  records: LegacyRecord[];
}>(new URL("../test/fixtures/legacy_reduction.json", import.meta.url));

type Options = Record<string, unknown>;
interface LossModule {
  readonly reduction: string;
  call(input: Tensor, target: Tensor): Tensor;
}
const FORMS: Record<
  string,
  { fn: (i: Tensor, t: Tensor, o: Options) => Tensor; module: (o: Options) => LossModule }
> = {
  cross_entropy: { fn: L.crossEntropy, module: (o) => new L.CrossEntropyLoss(o) },
  nll_loss: { fn: L.nllLoss, module: (o) => new L.NLLLoss(o) },
  kl_div: { fn: L.klDiv as never, module: (o) => new L.KLDivLoss(o) },
  mse_loss: { fn: L.mseLoss, module: (o) => new L.MSELoss(o) },
  l1_loss: { fn: L.l1Loss, module: (o) => new L.L1Loss(o) },
  smooth_l1_loss: { fn: L.smoothL1Loss, module: (o) => new L.SmoothL1Loss(o) },
  binary_cross_entropy: { fn: L.binaryCrossEntropy, module: (o) => new L.BCELoss(o) },
  binary_cross_entropy_with_logits: {
    fn: L.binaryCrossEntropyWithLogits,
    module: (o) => new L.BCEWithLogitsLoss(o),
  },
};

const optionsOf = (r: LegacyRecord): Options => {
  const o: Options = {};
  if (r.sizeAverage !== null) o.sizeAverage = r.sizeAverage;
  if (r.reduce !== null) o.reduce = r.reduce;
  if (r.reduction !== null) o.reduction = r.reduction;
  return o;
};

let warn: { mock: { calls: unknown[][] }; mockRestore(): void };
beforeEach(() => {
  L.resetLegacyReductionWarnings();
  warn = vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterEach(() => warn.mockRestore());
const warnings = (): string[] => warn.mock.calls.map((c: unknown[]) => String(c[0]));

describe("sizeAverage / reduce map to reduction as PyTorch's legacy_get_string", () => {
  it("covers every loss, both forms, and every combination of the two keywords", () => {
    expect(new Set(FIX.records.map((r) => r.loss))).toEqual(new Set(Object.keys(FORMS)));
    for (const loss of Object.keys(FORMS)) {
      for (const form of ["module", "functional"]) {
        const combos = new Set(
          FIX.records
            .filter((r) => r.loss === loss && r.form === form)
            .map((r) => `${r.sizeAverage} ${r.reduce}`),
        );
        expect(combos.size, `${loss} ${form}`).toBe(9);
      }
    }
  });

  for (const r of FIX.records) {
    const o = optionsOf(r);
    it(`${r.loss} ${r.form} ${JSON.stringify(o)}`, () => {
      const { input, target } = FIX.inputs[r.loss]!;
      const x = fromFixture(input);
      const t = fromFixture(target);
      const f = FORMS[r.loss]!;
      let out: Tensor;
      if (r.form === "module") {
        const m = f.module(o);
        expect(m.reduction).toBe(r.module_reduction);
        out = m.call(x, t);
      } else {
        out = f.fn(x, t, o);
      }
      expectTensorClose(out, { values: r.value, shape: r.shape, dtype: "float64" }, "loss");
      // PyTorch warns each time (its filter prints once per text); tsgrad prints each text once.
      expect(warnings().filter((m) => m.includes("size_average"))).toEqual(r.warnings.slice(0, 1));
    });
  }
});

describe("the deprecation warning is printed once per process for each text", () => {
  it("a second call prints nothing; a reset prints again", () => {
    L.mseLoss(fromFixture(FIX.inputs.mse_loss!.input), fromFixture(FIX.inputs.mse_loss!.target), {
      sizeAverage: false,
    });
    new L.MSELoss({ sizeAverage: false });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(
      "size_average and reduce args will be deprecated, please use reduction='sum' instead.",
    );
    new L.L1Loss({ reduce: false });
    expect(warn).toHaveBeenCalledTimes(2);
    L.resetLegacyReductionWarnings();
    new L.MSELoss({ sizeAverage: false });
    expect(warn).toHaveBeenCalledTimes(3);
  });
  it("null is absent, as Python's None; HuberLoss, newer than the keywords, does not take them", () => {
    expect(new L.MSELoss({ sizeAverage: null, reduce: null, reduction: "sum" }).reduction).toBe("sum");
    expect(warn).not.toHaveBeenCalled();
    expect(() => new L.HuberLoss({ sizeAverage: true } as never)).toThrow("unexpected option 'sizeAverage'");
    expect(() => new L.MSELoss({ sizeAverage: 1 } as never)).toThrow(
      "MSELoss(): option 'sizeAverage' must be a boolean or null, but got a number (1)",
    );
  });
  it("legacyReduction itself", () => {
    expect(L.legacyReduction(null, null)).toBe("mean");
    expect(L.legacyReduction(false, true)).toBe("sum");
    expect(L.legacyReduction(false, false)).toBe("none");
  });
});
