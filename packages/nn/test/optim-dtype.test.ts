/**
 * Which dtype the optimizers keep their state in, against PyTorch 1.13 (fixtures/optim_dtype.json,
 * written by tools/fixtures/gen_optim_dtype.py): step counters and NAdam's mu_product are made with
 * `torch.tensor(0.)`, so they take the default dtype (when the state is created: in the constructor
 * for Adagrad, on the first step for the others); moment estimates follow their parameter.
 */
import type { DType, Tensor } from "@tsgrad/core";
import { expectClose, readJson, TOL, withDefaultDtype } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import { Adadelta, Adagrad, Adam, Adamax, AdamW, NAdam, RAdam, RMSprop, SGD } from "../src/index.js";
import type { Optimizer, OptimizerStateDict } from "../src/optim/optimizer.js";
import { camel, leaf } from "./optim-helpers.js";

const fx = readJson(new URL("./fixtures/optim_dtype.json", import.meta.url));
const CLASSES = { Adam, AdamW, Adamax, NAdam, RAdam, Adagrad, RMSprop, Adadelta, SGD } as const;
type Name = keyof typeof CLASSES;

function make(c: any, params: Tensor[]): Optimizer<any, any> {
  return new CLASSES[c.optimizer as Name](params, camel(c.options) as any);
}

function params(c: any): Tensor[] {
  return fx.init.map((d: number[], k: number) => leaf(fx.shapes[k], d, c.param_dtype));
}

function setGrads(ps: Tensor[], step: number, dtype: DType): void {
  ps.forEach((p, k) => {
    const g = fx.grads[step][k];
    p.grad = g === null ? null : leaf(fx.shapes[k], g, dtype).detach();
  });
}

/** Each state entry's dtype, "number" for a plain number, as the fixture writes them. */
function dtypes(entry: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(entry)) out[k] = typeof v === "number" ? "number" : (v as Tensor).dtype;
  return out;
}

describe("optimizer state follows the default dtype as in PyTorch 1.13", () => {
  it("has a case for every optimizer, default dtype and parameter dtype", () => {
    expect(fx.cases.length).toBe(Object.keys(CLASSES).length * 6);
  });

  for (const c of fx.cases) {
    it(`${c.optimizer}: default ${c.default_dtype}, ${c.param_dtype} parameters, built under ${c.created_under}`, () => {
      const ps = params(c);
      const opt = withDefaultDtype(c.created_under, () => make(c, ps));
      withDefaultDtype(c.default_dtype, () => {
        for (let step = 0; step < fx.grads.length; step++) {
          setGrads(ps, step, c.param_dtype);
          opt.step();
          ps.forEach((p, k) => {
            expect(p.dtype).toBe(c.param_dtype);
            expectClose(
              p.storage.data,
              c.trajectory[step][k],
              TOL.optim(c.param_dtype),
              `step ${step + 1} param ${k}`,
            );
          });
        }
      });
      const st = opt.stateDict().state[0]!;
      expect(dtypes(st)).toEqual(c.state_dtypes);
      for (const [k, v] of Object.entries(c.state) as [string, number | number[]][]) {
        const ours = st[k] as number | Tensor;
        const dtype = (c.state_dtypes[k] === "number" ? "float64" : c.state_dtypes[k]) as DType;
        expectClose(
          typeof ours === "number" ? [ours] : ours.toTypedArray(),
          typeof v === "number" ? [v] : v,
          TOL.optim(dtype),
          `state ${k}`,
        );
      }
    });
  }
});

describe("loadStateDict makes counters as PyTorch 1.13 does", () => {
  /** An optimizer over `c`'s parameters after one step under the float32 default, and its state dict. */
  function saved(c: any): OptimizerStateDict {
    const ps = params(c);
    const opt = make(c, ps);
    setGrads(ps, 0, c.param_dtype);
    opt.step();
    return opt.stateDict();
  }

  for (const c of fx.loads) {
    it(`${c.optimizer}: plain-number counters (older PyTorch) loaded under default ${c.default_dtype}, ${c.param_dtype} parameters`, () => {
      const sd = saved(c);
      for (const entry of Object.values(sd.state)) {
        for (const k of ["step", "mu_product"]) {
          const v = entry[k];
          if (v !== undefined && typeof v !== "number") entry[k] = (v as Tensor).item();
        }
      }
      expect(dtypes(sd.state[0]!)).toEqual(c.saved_dtypes);
      expect(sd.state[0]!.step).toBe(c.numbers.step);
      const opt = withDefaultDtype(c.default_dtype, () => {
        const o = make(c, params(c));
        o.loadStateDict(sd);
        return o;
      });
      expect(dtypes(opt.stateDict().state[0]!)).toEqual(c.loaded_dtypes);
    });

    if (c.loaded_from_tensors_dtypes) {
      it(`${c.optimizer}: tensor state loaded under default ${c.default_dtype}: step kept, the rest cast to the ${c.param_dtype} parameter`, () => {
        const sd = saved(c);
        const opt = withDefaultDtype(c.default_dtype, () => {
          const o = make(c, params(c));
          o.loadStateDict(sd);
          return o;
        });
        expect(dtypes(opt.stateDict().state[0]!)).toEqual(c.loaded_from_tensors_dtypes);
      });
    }
  }
});
