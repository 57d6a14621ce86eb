import { isGradEnabled, randn, manualSeed, type Tensor, tensor, zeros } from "@tsgrad/core";
import { describe, expect, it } from "vitest";
import { OPTIM_FIXTURE as fx } from "../../test/optim-helpers.js";
import { Adam, AdamW } from "./adam.js";
import { SGD } from "./sgd.js";

const leaf = (values: number[]) => tensor(values, { dtype: "float64" }).requiresGrad_();

describe("Optimizer: parameters and groups", () => {
  it("takes any iterable of tensors, e.g. a generator like Module.parameters()", () => {
    const a = leaf([1]);
    const b = leaf([2]);
    function* parameters() {
      yield a;
      yield b;
    }
    const opt = new SGD(parameters(), { lr: 0.1 });
    expect(opt.paramGroups.length).toBe(1);
    expect(opt.paramGroups[0]!.params).toEqual([a, b]);
  });

  it("fills each group's options from the defaults, group values first", () => {
    const a = leaf([1]);
    const b = leaf([2]);
    const opt = new SGD([{ params: [a] }, { params: b, lr: 0.01, momentum: 0.5 }], {
      lr: 0.1,
      momentum: 0.9,
    });
    expect(opt.paramGroups[0]).toMatchObject({ lr: 0.1, momentum: 0.9, dampening: 0, nesterov: false });
    expect(opt.paramGroups[1]).toMatchObject({ lr: 0.01, momentum: 0.5, params: [b] });
  });

  it("addParamGroup adds a group that later steps update", () => {
    const a = leaf([1]);
    const b = leaf([1]);
    const opt = new SGD([a], { lr: 0.5 });
    opt.addParamGroup({ params: [b], lr: 0.25 });
    a.grad = tensor([1], { dtype: "float64" });
    b.grad = tensor([1], { dtype: "float64" });
    opt.step();
    expect([a.item(), b.item()]).toEqual([0.5, 0.75]);
  });

  it("accepts a non-leaf that retains its grad", () => {
    const a = leaf([1, 2]);
    const b = a.mul(2).retainGrad();
    expect(() => new SGD([b], { lr: 0.1 })).not.toThrow();
  });
});

describe("Optimizer errors, with PyTorch's messages", () => {
  it("empty parameter list", () => {
    expect(() => new SGD([], { lr: 0.1 })).toThrow("optimizer got an empty parameter list");
    expect(() => new Adam([])).toThrow(fx.errors.empty);
  });

  it("non-leaf tensor", () => {
    const a = leaf([1, 2]);
    expect(() => new SGD([a.mul(2)], { lr: 0.1 })).toThrow("can't optimize a non-leaf Tensor");
    expect(() => new Adam([a.mul(2)])).toThrow(fx.errors.non_leaf);
  });

  it("a parameter in two groups, also through addParamGroup", () => {
    const a = leaf([1]);
    const b = leaf([2]);
    expect(() => new SGD([{ params: [a] }, { params: [b, a] }], { lr: 0.1 })).toThrow(fx.errors.two_groups);
    const opt = new Adam([a]);
    expect(() => opt.addParamGroup({ params: [b, a] })).toThrow(
      "some parameters appear in more than one parameter group",
    );
    expect(opt.paramGroups.length).toBe(1);
  });

  it("a parameter twice in one group (PyTorch warns; stepping it twice would be wrong)", () => {
    const a = leaf([1]);
    expect(() => new SGD([a, a], { lr: 0.1 })).toThrow("duplicate parameters");
  });

  it("not tensors", () => {
    const a = leaf([1]);
    expect(() => new SGD(a as any, { lr: 0.1 })).toThrow(
      "params argument given to the optimizer should be an iterable of Tensors or dicts, but got Tensor",
    );
    expect(() => new SGD([{ params: [a, 3 as any] }], { lr: 0.1 })).toThrow(
      "optimizer can only optimize Tensors, but one of the params is number",
    );
  });

  it("a gradient of the wrong shape cannot reach step(): assigning it to .grad throws", () => {
    const a = leaf([1, 2]);
    const opt = new AdamW([a]);
    expect(() => {
      a.grad = tensor([1, 2, 3], { dtype: "float64" });
    }).toThrow("assigned grad has data of a different size");
    expect(a.grad).toBeNull();
    opt.step(); // a has no grad: skipped
    expect(a.tolist()).toEqual([1, 2]);
  });
});

describe("Optimizer.zeroGrad", () => {
  it("sets grads to null by default", () => {
    const a = leaf([1]);
    const opt = new SGD([a], { lr: 0.1 });
    a.grad = tensor([3], { dtype: "float64" });
    opt.zeroGrad();
    expect(a.grad).toBeNull();
  });

  it("zeroes the same grad tensor in place with setToNone: false", () => {
    const a = leaf([1, 2]);
    const opt = new SGD([a], { lr: 0.1 });
    const g = tensor([3, 4], { dtype: "float64" });
    a.grad = g;
    opt.zeroGrad({ setToNone: false });
    expect(a.grad).toBe(g);
    expect(g.tolist()).toEqual([0, 0]);
  });
});

describe("Optimizer.step", () => {
  it("runs the closure with grad mode on and returns its loss", () => {
    const a = leaf([3]);
    const opt = new SGD([a], { lr: 0.25 });
    let enabled = false;
    const loss = opt.step(() => {
      enabled = isGradEnabled();
      opt.zeroGrad();
      const l = a.mul(a).sum();
      l.backward();
      return l;
    });
    expect(enabled).toBe(true);
    expect(loss!.item()).toBe(9);
    expect(a.item()).toBe(3 - 0.25 * 6);
  });

  it("trains with gradients from backward(): a least-squares fit converges", () => {
    manualSeed(0);
    const x = randn([32, 3], { dtype: "float64" });
    const wTrue = tensor([[1.5], [-2], [0.5]], { dtype: "float64" });
    const y = x.matmul(wTrue);
    for (const make of [
      (p: Tensor) => new SGD([p], { lr: 0.1, momentum: 0.9 }),
      (p: Tensor) => new Adam([p], { lr: 0.1 }),
    ]) {
      const w = zeros([3, 1], { dtype: "float64" }).requiresGrad_();
      const opt = make(w);
      let loss = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 300; i++) {
        opt.zeroGrad();
        const l = x.matmul(w).sub(y).square().mean();
        l.backward();
        opt.step();
        loss = l.item();
      }
      expect(loss).toBeLessThan(1e-6);
      (w.tolist() as number[][]).forEach((row, i) => {
        expect(row[0]).toBeCloseTo(wTrue.tolist()[i][0], 3);
      });
    }
  });

  it("bumps the parameter's version, so a graph that saved it fails to backward", () => {
    const a = leaf([1, 2]);
    const opt = new SGD([a], { lr: 0.1 });
    const out = a.mul(a).sum(); // mul saves a
    a.grad = tensor([1, 1], { dtype: "float64" });
    const v = a.version;
    opt.step();
    expect(a.version).toBe(v + 1);
    expect(() => out.backward()).toThrow("modified by an inplace operation");
  });

  it("updates a non-contiguous parameter (a transposed view) in place, like a contiguous one", () => {
    const base = tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { dtype: "float64" },
    );
    const p = base.t().requiresGrad_(); // shape [3, 2], strides [1, 3]
    expect(p.isContiguous()).toBe(false);
    const q = leaf([1, 4, 2, 5, 3, 6]).reshape([3, 2]).detach().requiresGrad_();
    const g = tensor([0.5, -1, 2, 0.25, -3, 1], { dtype: "float64" });
    const optP = new Adam([p], { lr: 0.1, weightDecay: 0.1 });
    const optQ = new Adam([q], { lr: 0.1, weightDecay: 0.1 });
    for (let i = 0; i < 3; i++) {
      q.grad = g.reshape([3, 2]).mul(1 + i);
      p.grad = q.grad.t().contiguous().t(); // same values, non-contiguous
      expect(p.grad.isContiguous()).toBe(false);
      optP.step();
      optQ.step();
    }
    expect(p.tolist()).toEqual(q.tolist());
    expect(base.tolist()).toEqual(q.t().tolist()); // the update landed in the base's storage
  });
});

describe("Optimizer state dicts", () => {
  it("round-trips: save after 2 steps, load into a new optimizer, continue = uninterrupted", () => {
    const grads = [
      [0.5, -1],
      [1, 2],
      [-0.25, 0.75],
      [2, -2],
    ];
    const a = leaf([1, -1]);
    const ref = new Adam([a], { lr: 0.1, amsgrad: true, weightDecay: 0.1 });
    const b = leaf([1, -1]);
    const first = new Adam([b], { lr: 0.1, amsgrad: true, weightDecay: 0.1 });
    grads.forEach((g, i) => {
      a.grad = tensor(g, { dtype: "float64" });
      ref.step();
      if (i < 2) {
        b.grad = tensor(g, { dtype: "float64" });
        first.step();
      }
    });
    const second = new Adam([b]);
    second.loadStateDict(first.stateDict());
    // Loaded tensors are copies: stepping the new optimizer leaves the old one's state alone.
    expect(second.state.get(b)!.expAvg).not.toBe(first.state.get(b)!.expAvg);
    for (const g of grads.slice(2)) {
      b.grad = tensor(g, { dtype: "float64" });
      second.step();
    }
    expect(b.tolist()).toEqual(a.tolist());
    expect(first.state.get(b)!.step.item()).toBe(2);
  });

  it("keys groups' options and state with PyTorch's names, including a scheduler's initial_lr", () => {
    const a = leaf([1]);
    const opt = new SGD([a], { lr: 0.1, momentum: 0.9, weightDecay: 0.01 });
    opt.paramGroups[0]!.initialLr = 0.1;
    a.grad = tensor([1], { dtype: "float64" });
    opt.step();
    const sd = opt.stateDict();
    expect(sd.param_groups).toEqual([
      {
        lr: 0.1,
        momentum: 0.9,
        dampening: 0,
        weight_decay: 0.01,
        nesterov: false,
        maximize: false,
        initial_lr: 0.1,
        params: [0],
      },
    ]);
    expect(Object.keys(sd.state[0]!)).toEqual(["momentum_buffer"]);
    const other = new SGD([leaf([1])], { lr: 5 });
    other.loadStateDict(sd);
    expect(other.paramGroups[0]).toMatchObject({ weightDecay: 0.01, initialLr: 0.1, lr: 0.1 });
  });

  it("casts loaded state to the parameter's dtype", () => {
    const a = leaf([1, 2]);
    const opt = new SGD([a], { lr: 0.1, momentum: 0.9 });
    opt.loadStateDict({
      state: { 0: { momentum_buffer: tensor([0.5, 0.25], { dtype: "float32" }) } },
      param_groups: [{ lr: 0.1, momentum: 0.9, params: [0] }],
    });
    expect(opt.state.get(a)!.momentumBuffer!.dtype).toBe("float64");
  });

  it("rejects state dicts whose groups do not match, with PyTorch's messages", () => {
    const a = leaf([1]);
    const b = leaf([2]);
    const one = new SGD([a, b], { lr: 0.1 });
    const two = new SGD([{ params: [a] }, { params: [b] }], { lr: 0.1 });
    expect(() => one.loadStateDict(two.stateDict())).toThrow(fx.errors.load_group_count);
    const uneven = new SGD([{ params: [a, b] }, { params: [leaf([3])] }], { lr: 0.1 });
    expect(() => two.loadStateDict(uneven.stateDict())).toThrow(fx.errors.load_group_size);
    expect(() => two.loadStateDict(uneven.stateDict())).toThrow(
      "loaded state dict contains a parameter group that doesn't match the size of optimizer's group",
    );
  });

  it("rejects state tensors of the wrong shape, naming the state and both shapes", () => {
    const a = leaf([1, 2]);
    const opt = new SGD([a], { lr: 0.1, momentum: 0.9 });
    expect(() =>
      opt.loadStateDict({
        state: { 0: { momentum_buffer: tensor([1, 2, 3], { dtype: "float64" }) } },
        param_groups: [{ lr: 0.1, params: [0] }],
      }),
    ).toThrow("state 'momentum_buffer' of parameter 0 has shape [3], but the parameter has shape [2]");
  });
});

describe("Optimizer.toString", () => {
  it("prints like PyTorch's repr", () => {
    const p = tensor([0, 0], { requiresGrad: true });
    const q = tensor([0, 0], { requiresGrad: true });
    const opt = new SGD([{ params: [p] }, { params: [q], lr: 0.01 }], { lr: 0.1, momentum: 0.9 });
    expect(opt.toString()).toBe(fx.repr.sgd);
  });
});
