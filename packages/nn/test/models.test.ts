/** Module reprs, state-dict keys and dotted names against strings printed by real PyTorch. */
import { type Tensor, ones, zeros } from "@tsgrad/core";
import { describe, expect, it } from "vitest";
import {
  Dropout,
  Embedding,
  Flatten,
  GELU,
  Identity,
  LayerNorm,
  LeakyReLU,
  Linear,
  LogSoftmax,
  Module,
  ModuleDict,
  ModuleList,
  ReLU,
  Sequential,
  Sigmoid,
  Softmax,
  Tanh,
} from "../src/index.js";
import { NN_FIXTURE } from "./helpers.js";

class Block extends Module {
  proj: Linear;
  norm: LayerNorm;
  scale: Tensor;
  constructor() {
    super();
    this.proj = this.registerModule("proj", new Linear(8, 8));
    this.norm = this.registerModule("norm", new LayerNorm(8));
    this.scale = this.registerBuffer("scale", ones([8]));
  }
  override forward(x: Tensor): Tensor {
    return this.norm.call(this.proj.call(x)).mul(this.scale);
  }
}

/** The same nested module as `Net` in tools/fixtures/gen_nn.py. */
class Net extends Module {
  constructor() {
    super();
    this.registerModule("embed", new Embedding(10, 4, { paddingIdx: 0 }));
    this.registerModule("encoder", new Sequential(new Linear(4, 8), new GELU(), new Linear(8, 8)));
    this.registerModule("blocks", new ModuleList([new Block(), new Block()]));
    this.registerModule(
      "heads",
      new ModuleDict({ cls: new Linear(8, 3), reg: new Linear(8, 1, { bias: false }) }),
    );
    this.registerModule("drop", new Dropout(0.1));
    this.registerBuffer("class_weight", ones([3]));
    this.registerBuffer("step", zeros([], { dtype: "int32" }));
    this.registerBuffer("cache", zeros([2, 4]), { persistent: false });
  }
}

const MODELS: Record<string, () => Module> = {
  mlp: () => new Sequential(new Linear(2, 64), new ReLU(), new Linear(64, 3)),
  zoo: () =>
    new Sequential(
      new Linear(4, 8, { bias: false }),
      new LeakyReLU(0.2),
      new LeakyReLU(),
      new Tanh(),
      new Sigmoid(),
      new GELU(),
      new GELU({ approximate: "tanh" }),
      new Softmax(-1),
      new LogSoftmax(1),
      new Identity(),
      new Flatten(),
      new Flatten(0, 2),
      new Dropout(0.1),
      new Dropout(),
      new LayerNorm(8),
      new LayerNorm([2, 4], { eps: 1e-6, elementwiseAffine: false }),
      new Embedding(10, 3),
      new Embedding(10, 3, { paddingIdx: -1 }),
      new ModuleList([new Linear(1, 1), new ReLU()]),
      new ModuleDict({ a: new ReLU(), b: new Sequential() }),
      new ReLU(),
    ),
  named: () => new Sequential({ fc1: new Linear(2, 16), act: new ReLU(), fc2: new Linear(16, 1) }),
  net: () => new Net(),
  empty: () => new Sequential(),
};

describe("models match PyTorch", () => {
  for (const [name, make] of Object.entries(MODELS)) {
    const fx = NN_FIXTURE.models[name];
    it(`${name}: toString() is PyTorch's repr`, () => {
      expect(make().toString()).toBe(fx.repr);
    });
    it(`${name}: state dict keys and shapes`, () => {
      const sd = make().stateDict();
      expect([...sd].map(([k, v]) => [k, v.shape])).toEqual(fx.state_dict);
    });
    it(`${name}: namedParameters / namedBuffers / namedModules`, () => {
      const m = make();
      expect([...m.namedParameters()].map(([k]) => k)).toEqual(fx.named_parameters);
      expect([...m.namedBuffers()].map(([k]) => k)).toEqual(fx.named_buffers);
      expect([...m.namedModules()].map(([k]) => k)).toEqual(fx.named_modules);
    });
  }

  it("the non-persistent buffer is a buffer but not in the state dict", () => {
    const net = new Net();
    expect([...net.namedBuffers()].map(([k]) => k)).toContain("cache");
    expect(net.stateDict().has("cache")).toBe(false);
  });
});
