import { noGrad, type Tensor, tensor } from "@tsgrad/core";
import { expectTensorClose, type FixtureTensor, readJson } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import { Linear } from "./index.js";

/** PyTorch 1.13's results for the module-hook programs of tools/fixtures/gen_autograd.py. */
type Recorded = FixtureTensor | (FixtureTensor | null)[] | string | null;
const FIXTURE = readJson(new URL("../test/fixtures/module_hooks.json", import.meta.url)) as {
  weight: number[][];
  bias: number[];
  x: number[][];
  programs: { name: string; results: Record<string, Recorded> }[];
  errors: Record<string, string>;
};
type Result = Tensor | (Tensor | null)[] | string | null;

const f64 = { dtype: "float64" } as const;
function linear(): Linear {
  const lin = new Linear(3, 2, f64);
  noGrad(() => {
    lin.weight.copy_(tensor(FIXTURE.weight, f64));
    lin.bias!.copy_(tensor(FIXTURE.bias, f64));
  });
  return lin;
}
const input = (requiresGrad: boolean): Tensor => tensor(FIXTURE.x, { ...f64, requiresGrad });

const PROGRAMS: Record<string, () => Record<string, Result>> = {
  full_backward_hook_sees_grads: () => {
    const lin = linear();
    const x = input(true);
    const seen: Record<string, (Tensor | null)[]> = {};
    lin.registerFullBackwardHook((_m, gi, go) => {
      seen.grad_input = gi.map((g) => g?.clone() ?? null);
      seen.grad_output = go.map((g) => g?.clone() ?? null);
    });
    const y = lin.call(x);
    y.mul(y).sum().backward();
    return {
      grad_fn: y.gradFn?.name ?? null,
      "x.grad": x.grad,
      "weight.grad": lin.weight.grad,
      grad_input: seen.grad_input!,
      grad_output: seen.grad_output!,
    };
  },
  full_backward_hook_replaces_grad_input: () => {
    const lin = linear();
    const x = input(true);
    lin.registerFullBackwardHook((_m, gi) => [gi[0]!.mul(2)]);
    lin.call(x).mul(3).sum().backward();
    return { "x.grad": x.grad, "weight.grad": lin.weight.grad };
  },
  full_backward_hook_input_without_grad: () => {
    const lin = linear();
    const seen: Record<string, (Tensor | null)[]> = {};
    lin.registerFullBackwardHook((_m, gi, go) => {
      seen.grad_input = gi.map((g) => g?.clone() ?? null);
      seen.grad_output = go.map((g) => g?.clone() ?? null);
    });
    lin.call(input(false)).sum().backward();
    return { "weight.grad": lin.weight.grad, grad_input: seen.grad_input!, grad_output: seen.grad_output! };
  },
  full_backward_hook_removed: () => {
    const lin = linear();
    const x = input(true);
    lin.registerFullBackwardHook((_m, gi) => [gi[0]!.mul(100)]).remove();
    const y = lin.call(x);
    y.sum().backward();
    return { grad_fn: y.gradFn?.name ?? null, "x.grad": x.grad };
  },
};

function compare(actual: Result | undefined, expected: Recorded, label: string): void {
  if (expected === null || typeof expected === "string") expect(actual, label).toEqual(expected);
  else if (Array.isArray(expected)) {
    const list = actual as (Tensor | null)[];
    expect(list.length, `${label}: length`).toBe(expected.length);
    expected.forEach((e, k) => {
      if (e === null) expect(list[k], `${label}[${k}]`).toBeNull();
      else expectTensorClose(list[k]!, e, `${label}[${k}]`);
    });
  } else expectTensorClose(actual as Tensor, expected, label);
}

describe("Module full backward hooks against PyTorch 1.13 (tools/fixtures/gen_autograd.py)", () => {
  for (const p of FIXTURE.programs) {
    it(p.name, () => {
      const got = PROGRAMS[p.name]!();
      expect(Object.keys(got).sort()).toEqual(Object.keys(p.results).sort());
      for (const [key, expected] of Object.entries(p.results))
        compare(got[key], expected, `${p.name}: ${key}`);
    });
  }

  it("a hook returning too many input gradients gets PyTorch's message", () => {
    const lin = linear();
    lin.registerFullBackwardHook((_m, gi) => [gi[0]!, gi[0]!]);
    expect(() => lin.call(input(true)).sum().backward()).toThrow(FIXTURE.errors["module hook count"]!);
  });

  it("runs every program of the fixture and no other", () => {
    expect(FIXTURE.programs.map((p) => p.name).sort()).toEqual(Object.keys(PROGRAMS).sort());
  });
});

describe("registerFullBackwardPreHook (PyTorch 2.0)", () => {
  it("replaces the output gradient before it flows into the module", () => {
    const plain = linear();
    const x0 = input(true);
    plain.call(x0).sum().backward();
    const hooked = linear();
    const x1 = input(true);
    const seen: (Tensor | null)[][] = [];
    hooked.registerFullBackwardPreHook((_m, go) => {
      seen.push(go);
      return go.map((g) => g?.mul(2) ?? null);
    });
    hooked.call(x1).sum().backward();
    expect(seen.length).toBe(1);
    expect(x1.grad!.tolist()).toEqual(x0.grad!.mul(2).tolist());
    expect(hooked.weight.grad!.tolist()).toEqual(plain.weight.grad!.mul(2).tolist());
  });
});
