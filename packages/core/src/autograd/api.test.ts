import { describe, expect, it } from "vitest";
import { expectTensorClose, type FixtureTensor, MyExp } from "@tsgrad/testing";
import { loadFixture } from "../../test/op-table.js";
import {
  autograd,
  type FunctionCtx,
  gradcheck,
  noGrad,
  ones,
  type Tensor,
  tensor,
  zerosLike,
} from "../index.js";

/** PyTorch's results for the programs of tools/fixtures/gen_autograd.py. */
type Recorded = FixtureTensor | FixtureTensor[] | number | boolean | string | boolean[] | null;
const FIXTURE = loadFixture<{
  x: number[];
  w: number[];
  programs: { name: string; results: Record<string, Recorded> }[];
  errors: Record<string, string | null>;
}>("autograd");

type Result = Tensor | Tensor[] | number | boolean | string | boolean[] | null;

const f64 = { dtype: "float64" } as const;
const leaves = (): [Tensor, Tensor] => [
  tensor(FIXTURE.x, { ...f64, requiresGrad: true }),
  tensor(FIXTURE.w, { ...f64, requiresGrad: true }),
];
const t64 = (v: number[]): Tensor => tensor(v, f64);
/**
 * Registers a hook on `t` that keeps a clone of each gradient it is called with and returns that
 * gradient times `scale` (or nothing, an observing hook, with no scale); the clones, in call order.
 */
function hookGrads(t: Tensor, scale?: number): Tensor[] {
  const seen: Tensor[] = [];
  t.registerHook((g) => {
    seen.push(g.clone());
    return scale === undefined ? undefined : g.mul(scale);
  });
  return seen;
}

class MulConstant extends autograd.Function {
  static override forward(ctx: FunctionCtx, x: Tensor, c: number): Tensor {
    ctx.c = c;
    return x.mul(c);
  }
  static override backward(ctx: FunctionCtx, g: Tensor): (Tensor | null)[] {
    return [g.mul(ctx.c as number), null];
  }
}

class SinCos extends autograd.Function {
  static override forward(ctx: FunctionCtx, x: Tensor): Tensor[] {
    ctx.saveForBackward(x);
    return [x.sin(), x.cos()];
  }
  static override backward(ctx: FunctionCtx, gs: Tensor, gc: Tensor): Tensor {
    const [x] = ctx.savedTensors;
    return gs.mul(x!.cos()).sub(gc.mul(x!.sin()));
  }
}

/** What MulBoth's forward saw in `ctx.needsInputGrad`. */
let lastNeeds: boolean[] = [];

class MulBoth extends autograd.Function {
  static override forward(ctx: FunctionCtx, a: Tensor, b: Tensor): Tensor {
    ctx.saveForBackward(a, b);
    lastNeeds = ctx.needsInputGrad.slice();
    return a.mul(b);
  }
  static override backward(ctx: FunctionCtx, g: Tensor): (Tensor | null)[] {
    const [a, b] = ctx.savedTensors;
    return [ctx.needsInputGrad[0] ? g.mul(b!) : null, ctx.needsInputGrad[1] ? g.mul(a!) : null];
  }
}

class SortValues extends autograd.Function {
  static override forward(ctx: FunctionCtx, x: Tensor): Tensor[] {
    const { values, indices } = x.sort();
    ctx.markNonDifferentiable(indices);
    ctx.saveForBackward(indices);
    return [values, indices];
  }
  static override backward(ctx: FunctionCtx, gv: Tensor): Tensor {
    const [indices] = ctx.savedTensors;
    return zerosLike(gv).scatter_(0, indices!, gv);
  }
}

class Double_ extends autograd.Function {
  static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
    x.mul_(2);
    ctx.markDirty(x);
    return x;
  }
  static override backward(_ctx: FunctionCtx, g: Tensor): Tensor {
    return g.mul(2);
  }
}

const gradFnName = (t: Tensor): string | null => t.gradFn?.name ?? null;

/** The programs of gen_autograd.py, by name, each returning what its twin records. */
const PROGRAMS: Record<string, () => Record<string, Result>> = {
  grad_two_leaves: () => {
    const [x, w] = leaves();
    const [gx, gw] = autograd.grad(x.mul(w).exp().sum(), [x, w]);
    return { gx: gx!, gw: gw!, "x.grad": x.grad, "w.grad": w.grad };
  },
  grad_outputs_vector: () => {
    const [x] = leaves();
    const [gx] = autograd.grad(x.tanh(), x, { gradOutputs: t64([1, -2, 0.5]) });
    return { gx: gx! };
  },
  grad_two_outputs: () => {
    const [x, w] = leaves();
    const [gx] = autograd.grad([x.mul(w).sum(), x.sin()], [x], { gradOutputs: [null, t64([0.5, 1, -1])] });
    return { gx: gx! };
  },
  grad_intermediate: () => {
    const [x] = leaves();
    const h = x.tanh();
    const [gh, gx] = autograd.grad(h.mul(h).mul(x).sum(), [h, x]);
    return { gh: gh!, gx: gx! };
  },
  grad_allow_unused: () => {
    const [x, w] = leaves();
    const [gx, gw] = autograd.grad(x.mul(3).sum(), [x, w], { allowUnused: true });
    return { gx: gx!, gw: gw! };
  },
  grad_retain_graph_twice: () => {
    const [x] = leaves();
    const y = x.exp().mul(x).sum();
    const [g1] = autograd.grad(y, x, { retainGraph: true });
    const [g2] = autograd.grad(y, x);
    return { g1: g1!, g2: g2! };
  },
  grad_of_leaf_itself: () => {
    const [x] = leaves();
    const [gx] = autograd.grad(x, x, { gradOutputs: t64([1, 2, 3]) });
    return { gx: gx! };
  },
  grad_fills_retained_grad: () => {
    const [x, w] = leaves();
    const h = x.mul(w).retainGrad();
    const [gx] = autograd.grad(h.exp().sum(), x);
    return { gx: gx!, "h.grad": h.grad, "x.grad": x.grad };
  },
  grad_leaf_hook: () => {
    const [x] = leaves();
    const seen = hookGrads(x, 10);
    const [gx] = autograd.grad(x.mul(x).sum(), x);
    return { gx: gx!, "hook calls": seen.length };
  },
  grad_nonleaf_hook_on_path: () => {
    const [x] = leaves();
    const h = x.mul(2);
    const seen = hookGrads(h, 10);
    const [gx] = autograd.grad(h.mul(h).sum(), x);
    return { gx: gx!, seen };
  },
  grad_nonleaf_hook_on_target: () => {
    const [x] = leaves();
    const h = x.mul(2);
    const seen = hookGrads(h, 10);
    const [gh] = autograd.grad(h.mul(h).sum(), h);
    return { gh: gh!, "hook calls": seen.length };
  },
  backward_inputs_leaf: () => {
    const [x, w] = leaves();
    x.mul(w)
      .exp()
      .sum()
      .backward(null, { inputs: [x] });
    return { "x.grad": x.grad, "w.grad": w.grad };
  },
  backward_inputs_nonleaf: () => {
    const [x, w] = leaves();
    const h = x.mul(w);
    h.sin()
      .sum()
      .backward(null, { inputs: [h] });
    return {
      "h.grad": h.grad,
      "x.grad": x.grad,
      "w.grad": w.grad,
      "h.retains_grad": h.gradFn?.retained === h,
    };
  },
  backward_inputs_accumulates: () => {
    const [x, w] = leaves();
    x.mul(w).sum().backward(null, { inputs: x });
    x.mul(x)
      .sum()
      .backward(null, { inputs: [x, w] });
    return { "x.grad": x.grad, "w.grad": w.grad };
  },
  hook_leaf_replaces_grad: () => {
    const [x] = leaves();
    const seen = hookGrads(x, 2);
    x.mul(x).sum().backward();
    return { "x.grad": x.grad, seen };
  },
  hook_leaf_two_in_order: () => {
    const [x] = leaves();
    x.registerHook((g) => g.add(1));
    x.registerHook((g) => g.mul(3));
    x.mul(2).sum().backward();
    return { "x.grad": x.grad };
  },
  hook_nonleaf_changes_graph: () => {
    const [x] = leaves();
    const h = x.exp();
    h.registerHook((g) => g.mul(-1));
    h.mul(2).sum().backward();
    return { "x.grad": x.grad };
  },
  hook_returns_none_observes: () => {
    const [x] = leaves();
    const h = x.sin();
    const seen = hookGrads(h);
    h.mul(h).sum().backward();
    return { "x.grad": x.grad, seen };
  },
  hook_removed: () => {
    const [x] = leaves();
    x.registerHook((g) => g.mul(100)).remove();
    x.mul(2).sum().backward();
    return { "x.grad": x.grad };
  },
  hook_before_retain_grad: () => {
    const [x] = leaves();
    const h = x.mul(3);
    h.registerHook((g) => g.mul(2));
    h.retainGrad();
    h.sum().backward();
    return { "h.grad": h.grad, "x.grad": x.grad };
  },
  hook_after_retain_grad: () => {
    const [x] = leaves();
    const h = x.mul(3);
    h.retainGrad();
    h.registerHook((g) => g.mul(2));
    h.sum().backward();
    return { "h.grad": h.grad, "x.grad": x.grad };
  },
  hook_accumulated_grad_sum: () => {
    const [x] = leaves();
    const seen = hookGrads(x);
    x.mul(2).add(x.mul(x)).sum().backward();
    return { "x.grad": x.grad, seen };
  },
  function_exp: () => {
    const [x] = leaves();
    const y = MyExp.apply(x);
    y.mul(y).sum().backward();
    return { y, "x.grad": x.grad, grad_fn: gradFnName(y) };
  },
  function_non_tensor_arg: () => {
    const [x] = leaves();
    const y = MulConstant.apply(x, 2.5);
    y.exp().sum().backward();
    return { y, "x.grad": x.grad, grad_fn: gradFnName(y) };
  },
  function_two_outputs: () => {
    const [x] = leaves();
    const [s, c] = SinCos.apply(x) as [Tensor, Tensor];
    s.mul(2).add(c.mul(c)).sum().backward();
    return { s, c, "x.grad": x.grad, "same grad_fn": s.gradFn === c.gradFn };
  },
  function_one_output_used: () => {
    const [x] = leaves();
    const [, c] = SinCos.apply(x) as [Tensor, Tensor];
    c.sum().backward();
    return { "x.grad": x.grad };
  },
  function_needs_input_grad: () => {
    const [x] = leaves();
    const y = MulBoth.apply(x, t64(FIXTURE.w));
    y.sum().backward();
    return { "x.grad": x.grad, needs_input_grad: lastNeeds };
  },
  function_non_differentiable: () => {
    const [x] = leaves();
    const [v, i] = SortValues.apply(x) as [Tensor, Tensor];
    v.mul(t64([1, 2, 3]))
      .sum()
      .backward();
    return {
      v,
      i,
      "i.requires_grad": i.requiresGrad,
      "v.requires_grad": v.requiresGrad,
      "x.grad": x.grad,
    };
  },
  function_mark_dirty: () => {
    const [x] = leaves();
    const a = x.mul(1);
    const b = Double_.apply(a);
    b.mul(b).sum().backward();
    return { b, "x.grad": x.grad, "same tensor": a === b, grad_fn: gradFnName(a) };
  },
  function_no_grad_input: () => {
    const y = MyExp.apply(t64(FIXTURE.x));
    return { y, "y.requires_grad": y.requiresGrad, grad_fn: gradFnName(y) };
  },
};

function isFixtureTensor(v: unknown): v is FixtureTensor {
  return typeof v === "object" && v !== null && "shape" in v && "values" in v;
}

function compare(actual: Result | undefined, expected: Recorded, label: string): void {
  if (expected === null) {
    expect(actual, label).toBeNull();
  } else if (isFixtureTensor(expected)) {
    expectTensorClose(actual as Tensor, expected, label);
  } else if (Array.isArray(expected) && expected.length > 0 && isFixtureTensor(expected[0])) {
    const list = actual as Tensor[];
    expect(list.length, `${label}: length`).toBe(expected.length);
    for (let k = 0; k < expected.length; k++)
      expectTensorClose(list[k]!, expected[k] as FixtureTensor, `${label}[${k}]`);
  } else {
    expect(actual, label).toEqual(expected);
  }
}

describe("the autograd API against PyTorch 1.13 (tools/fixtures/gen_autograd.py)", () => {
  for (const p of FIXTURE.programs) {
    it(p.name, () => {
      const run = PROGRAMS[p.name];
      expect(run, `no twin for ${p.name}`).toBeDefined();
      const got = run!();
      expect(Object.keys(got).sort()).toEqual(Object.keys(p.results).sort());
      for (const [key, expected] of Object.entries(p.results))
        compare(got[key], expected, `${p.name}: ${key}`);
    });
  }

  it("runs every program of the fixture and no other", () => {
    expect(FIXTURE.programs.map((p) => p.name).sort()).toEqual(Object.keys(PROGRAMS).sort());
  });
});

describe("autograd.grad", () => {
  it("leaves .grad untouched and frees the graph unless retainGraph", () => {
    const [x] = leaves();
    const y = x.exp().sum();
    autograd.grad(y, x);
    expect(x.grad).toBeNull();
    expect(() => autograd.grad(y, x)).toThrow("Trying to backward through the graph a second time");
  });

  it("materializeGrads gives zeros for an unused input (PyTorch 2.1's option)", () => {
    const [x, w] = leaves();
    const [, gw] = autograd.grad(x.sum(), [x, w], { materializeGrads: true });
    expect(gw!.tolist()).toEqual([0, 0, 0]);
    expect(gw!.dtype).toBe("float64");
  });

  it("only runs the part of the graph that leads to the inputs", () => {
    const [x, w] = leaves();
    let calls = 0;
    const h = w.exp();
    h.registerHook(() => {
      calls++;
    });
    autograd.grad(x.mul(h).sum(), x);
    expect(calls).toBe(0);
  });

  it("accepts createGraph (higher-order gradients are tested in higher-order.test.ts)", () => {
    const [x] = leaves();
    const [g] = autograd.grad(x.square().sum(), x, { createGraph: true });
    expect(g!.requiresGrad).toBe(true);
  });
});

describe("autograd.Function", () => {
  it("passes gradcheck: one output, a non-tensor argument, two outputs, two inputs", () => {
    const [x, w] = leaves();
    expect(gradcheck((t) => MyExp.apply(t), [x])).toBe(true);
    expect(gradcheck((t) => MulConstant.apply(t, -1.5), [x])).toBe(true);
    expect(gradcheck((t) => SinCos.apply(t), [x])).toBe(true);
    expect(gradcheck((a, b) => MulBoth.apply(a!, b!), [x, w])).toBe(true);
  });

  it("records nothing under noGrad", () => {
    const [x] = leaves();
    const y = noGrad(() => MyExp.apply(x));
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
  });

  it("returns an input it did not modify as a new tensor over the same data", () => {
    class Identity extends autograd.Function {
      static override forward(_ctx: FunctionCtx, x: Tensor): Tensor {
        return x;
      }
      static override backward(_ctx: FunctionCtx, g: Tensor): Tensor {
        return g.mul(3);
      }
    }
    const [x] = leaves();
    const y = Identity.apply(x);
    expect(y).not.toBe(x);
    expect(x.isLeaf).toBe(true);
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual([3, 3, 3]);
  });

  it("works with autograd.grad and hooks on its outputs", () => {
    const [x] = leaves();
    const y = MyExp.apply(x);
    y.registerHook((g) => g.mul(2));
    const [gx] = autograd.grad(y.sum(), x);
    expect(gx!.tolist()).toEqual(x.exp().mul(2).tolist());
  });

  it("casts a gradient backward returns in another dtype to its input's dtype", () => {
    class AsF32 extends autograd.Function {
      static override forward(_ctx: FunctionCtx, x: Tensor): Tensor {
        return x.mul(2);
      }
      static override backward(_ctx: FunctionCtx, g: Tensor): Tensor {
        return g.float().mul(2);
      }
    }
    const [x] = leaves();
    AsF32.apply(x).sum().backward();
    expect(x.grad!.dtype).toBe("float64");
    expect(x.grad!.tolist()).toEqual([2, 2, 2]);
  });
});

describe("errors carry PyTorch 1.13's messages", () => {
  // The catalogue (test/errors-cases.ts) pins tsgrad's full messages; this pins their PyTorch part.
  const ours: Record<string, () => unknown> = {
    "grad unused": () => {
      const [x, w] = leaves();
      autograd.grad(x.mul(2).sum(), [x, w]);
    },
    "grad input not requiring grad": () => autograd.grad(leaves()[0].mul(2).sum(), ones([3])),
    "grad output not requiring grad": () => autograd.grad(ones([3]).sum(), leaves()[0]),
    "grad non-scalar output": () => autograd.grad(leaves()[0].mul(2), leaves()[0]),
    "grad empty inputs": () => autograd.grad(leaves()[0].mul(2).sum(), []),
    "backward inputs empty": () => leaves()[0].mul(2).sum().backward(null, { inputs: [] }),
    "backward input not requiring grad": () =>
      leaves()[0]
        .mul(2)
        .sum()
        .backward(null, { inputs: [ones([3])] }),
    "hook on tensor without grad": () => ones([3]).registerHook((g) => g),
    "function gradient count": () => {
      class Bad extends autograd.Function {
        static override forward(_ctx: FunctionCtx, x: Tensor, w: Tensor): Tensor {
          return x.mul(w);
        }
        static override backward(_ctx: FunctionCtx, g: Tensor): Tensor {
          return g;
        }
      }
      const [x, w] = leaves();
      Bad.apply(x, w).sum().backward();
    },
    "function gradient for non-tensor": () => {
      class Bad extends autograd.Function {
        static override forward(_ctx: FunctionCtx, x: Tensor, c: number): Tensor {
          return x.mul(c);
        }
        static override backward(_ctx: FunctionCtx, g: Tensor): Tensor[] {
          return [g, g];
        }
      }
      Bad.apply(leaves()[0], 2).sum().backward();
    },
    "function dirty not returned": () => {
      class Bad extends autograd.Function {
        static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
          x.mul_(2);
          ctx.markDirty(x);
          return x.mul(1);
        }
        static override backward(_ctx: FunctionCtx, g: Tensor): Tensor {
          return g;
        }
      }
      Bad.apply(leaves()[0].mul(1));
    },
    "function dirty leaf": () => Double_.apply(leaves()[0]),
  };
  for (const [name, call] of Object.entries(ours)) {
    it(name, () => {
      const expected = FIXTURE.errors[name];
      expect(expected, `gen_autograd.py records ${name}`).toBeTruthy();
      expect(call).toThrow(expected!);
    });
  }

  it("hook changed size: PyTorch names the Python hook, tsgrad names registerHook", () => {
    const expected = FIXTURE.errors["hook changed size"]!;
    expect(expected).toBe("hook '<lambda>' has changed the size of value");
    const [x] = leaves();
    x.registerHook((g) => g.narrow(0, 0, 2));
    expect(() => x.mul(2).sum().backward()).toThrow("registerHook(): hook has changed the size of value");
  });

  it("function version: PyTorch's message, with the node that needed the tensor instead of the hint", () => {
    const expected = FIXTURE.errors["function version"]!;
    const [x] = leaves();
    const y = MyExp.apply(x);
    const z = y.sum();
    y.mul_(2);
    const ours = `${expected.slice(0, expected.indexOf(" instead."))} instead (needed by MyExpBackward).`;
    expect(() => z.backward()).toThrow(ours);
  });
});

describe("autograd.backward (torch.autograd.backward)", () => {
  it("accumulates the gradients of several roots in one pass, as their backward() calls would", () => {
    const make = () => tensor([1, 2], { dtype: "float64", requiresGrad: true });
    const a = make();
    const h = a.mul(3);
    autograd.backward([h.sum(), h.mul(h)], [null, tensor([1, 10], { dtype: "float64" })]);
    const b = make();
    const h2 = b.mul(3);
    h2.sum().backward(null, { retainGraph: true });
    h2.mul(h2).backward(tensor([1, 10], { dtype: "float64" }));
    expect(a.grad!.tolist()).toEqual(b.grad!.tolist());
    // inputs= restricts the accumulation, as backward's does.
    const c = make();
    const d = make();
    autograd.backward(c.mul(d).sum(), null, { inputs: [d] });
    expect([c.grad, d.grad!.tolist()]).toEqual([null, [1, 2]]);
    expect(() => autograd.backward([tensor([1])])).toThrow(
      "autograd.backward(): element 0 of tensors does not require grad and does not have a grad_fn",
    );
    expect(() => autograd.backward([make().sum(), make().sum()], [null])).toThrow(
      "got 2 tensors and 1 gradients",
    );
    expect(() => autograd.backward(make().sum(), null, { retain_graph: true } as never)).toThrow(
      "did you mean 'retainGraph'",
    );
  });
});
