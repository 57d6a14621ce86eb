import { noGrad, type Tensor, ones, randn, tensor, zeros } from "@tsgrad/core";
import { describe, expect, it } from "vitest";
import { Embedding } from "./layers/embedding.js";
import { Linear } from "./layers/linear.js";
import { ReLU } from "./layers/activation.js";
import { Sequential } from "./layers/container.js";
import { Module, Parameter } from "./module.js";

class Affine extends Module {
  weight: Parameter;
  bias: Parameter | null;
  runningMean: Tensor;
  constructor(n: number, bias = true) {
    super();
    this.weight = this.registerParameter("weight", new Parameter(ones([n])));
    this.bias = this.registerParameter("bias", bias ? new Parameter(zeros([n])) : null);
    this.runningMean = this.registerBuffer("running_mean", zeros([n]));
    this.registerBuffer("tmp", zeros([n]), { persistent: false });
  }
  override forward(x: Tensor): Tensor {
    const y = x.mul(this.weight);
    return this.bias ? y.add(this.bias) : y;
  }
}

class Forgetful extends Module {}

describe("Parameter", () => {
  it("is a leaf that requires grad and shares storage", () => {
    const t = tensor([1.5, 2]);
    const p = new Parameter(t);
    expect(p).toBeInstanceOf(Parameter);
    expect(p.requiresGrad).toBe(true);
    expect(p.isLeaf).toBe(true);
    expect(p.storage).toBe(t.storage);
    expect(new Parameter(t, false).requiresGrad).toBe(false);
  });
  it("prints like PyTorch", () => {
    expect(
      new Parameter(
        tensor(
          [
            [1, 2],
            [3, 4],
          ],
          { dtype: "float32" },
        ),
      ).toString(),
    ).toBe("Parameter containing:\ntensor([[1., 2.],\n        [3., 4.]], requires_grad=True)");
  });
  it("rejects integer data (cannot require grad)", () => {
    expect(() => new Parameter(tensor([1, 2]))).toThrow(
      /only Tensors of floating point dtype can require gradients/,
    );
  });
});

describe("registration", () => {
  it("returns the registered value and lists it by name", () => {
    const m = new Affine(3);
    expect([...m.namedParameters()].map(([k, v]) => [k, v])).toEqual([
      ["weight", m.weight],
      ["bias", m.bias],
    ]);
    expect([...m.namedBuffers()].map(([k]) => k)).toEqual(["running_mean", "tmp"]);
    expect([...m.stateDict().keys()]).toEqual(["weight", "bias", "running_mean"]);
  });
  // PyTorch 1.13: named_parameters(prefix="net", recurse=False), parameters(recurse=False).
  it("takes PyTorch's keywords as an options object, and checks the positional forms", () => {
    const m = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
    const names = (it: Iterable<[string, unknown]>) => [...it].map(([k]) => k);
    expect(names(m.namedParameters("net"))).toEqual([
      "net.0.weight",
      "net.0.bias",
      "net.2.weight",
      "net.2.bias",
    ]);
    expect(names(m.namedParameters({ prefix: "net" }))).toEqual(names(m.namedParameters("net")));
    expect(names(m.namedParameters({ recurse: false }))).toEqual([]);
    expect(names(m.namedParameters("", false))).toEqual([]);
    expect([...m.parameters({ recurse: false })]).toEqual([]);
    expect([...m.parameters(false)]).toEqual([]);
    expect([...m.parameters()]).toHaveLength(4);
    const a = new Affine(3);
    expect(names(a.namedBuffers({ prefix: "a", recurse: false }))).toEqual(["a.running_mean", "a.tmp"]);
    expect([...a.buffers({ recurse: true })]).toHaveLength(2);
    // Checked when called, not when first iterated.
    expect(() => m.parameters({ recurse: "no" } as never)).toThrow(
      "parameters(): option 'recurse' must be a boolean",
    );
  });
  it("skips a null parameter (bias=False)", () => {
    const m = new Affine(3, false);
    expect([...m.namedParameters()].map(([k]) => k)).toEqual(["weight"]);
    expect(m.getParameter("bias")).toBeNull();
  });
  it("rejects bad names and kinds with PyTorch's messages", () => {
    const m = new Affine(2);
    expect(() => m.registerParameter("a.b", new Parameter(ones([1])))).toThrow(
      `parameter name can't contain "."`,
    );
    expect(() => m.registerBuffer("", ones([1]))).toThrow(`buffer name can't be empty string ""`);
    expect(() => m.registerModule("x.y", new ReLU())).toThrow(`module name can't contain ".", got: x.y`);
    expect(() => m.registerBuffer("weight", ones([1]))).toThrow("attribute 'weight' already exists");
    expect(() => m.registerParameter("running_mean", new Parameter(ones([1])))).toThrow(
      "attribute 'running_mean' already exists",
    );
    expect(() => m.registerParameter("forward", new Parameter(ones([1])))).toThrow(
      "attribute 'forward' already exists",
    );
    expect(() => m.registerParameter("w", ones([1]) as Parameter)).toThrow(
      "cannot assign 'Tensor(float32, [1])' object to parameter 'w' (torch.nn.Parameter or None required)",
    );
    expect(() => m.registerBuffer("b", 3 as unknown as Tensor)).toThrow(
      "cannot assign 'number' object to buffer 'b' (torch Tensor or None required)",
    );
    expect(() => m.registerModule("c", {} as Module)).toThrow("Object is not a Module subclass");
  });
  it("rejects a non-leaf parameter", () => {
    const w = ones([2], { requiresGrad: true });
    const p = new Parameter(w);
    (p as { gradFn: unknown }).gradFn = w.mul(2).gradFn;
    expect(() => new Affine(2).registerParameter("w", p)).toThrow(
      "Cannot assign non-leaf Tensor to parameter 'w'",
    );
  });
  it("re-registering replaces in place, keeping the order", () => {
    const m = new Affine(2);
    const w2 = new Parameter(zeros([2]));
    m.weight = m.registerParameter("weight", w2);
    expect([...m.namedParameters()][0]).toEqual(["weight", w2]);
  });
  it("refuses a field that holds an unregistered module or parameter (PyTorch would register it)", () => {
    class Naive extends Module {
      fc1 = new Linear(3, 4);
      override forward(x: Tensor): Tensor {
        return this.fc1.call(x);
      }
    }
    const m = new Naive();
    const msg = "Module [Naive]: field 'fc1' holds a Linear that is not registered";
    expect(() => [...m.parameters()]).toThrow(msg);
    expect(() => m.call(zeros([1, 3]))).toThrow(msg);
    expect(() => m.toString()).toThrow('this.fc1 = this.registerModule("fc1", ...)');
  });
  it("takes a module or parameter assigned over a registered name as its replacement, in place (PyTorch's setattr)", () => {
    // Weight tying, nanoGPT's `self.lm_head.weight = self.tok_emb.weight`.
    class Tied extends Module {
      readonly emb = this.registerModule("emb", new Embedding(5, 3));
      readonly head = this.registerModule("head", new Linear(3, 5, { bias: false }));
      constructor() {
        super();
        this.head.weight = this.emb.weight;
      }
    }
    const t = new Tied();
    expect([...t.namedParameters()].map(([n]) => n)).toEqual(["emb.weight"]); // shared: listed once
    expect(t.head.getParameter("weight")).toBe(t.emb.weight);
    expect([...t.stateDict().keys()]).toEqual(["emb.weight", "head.weight"]);
    // Swapping a head, the fine-tuning idiom `model.fc = nn.Linear(512, 10)`: same place, new module.
    class Model extends Module {
      body = this.registerModule("body", new Linear(2, 4));
      fc = this.registerModule("fc", new Linear(4, 3));
      override forward(x: Tensor): Tensor {
        return this.fc.call(this.body.call(x));
      }
    }
    const m = new Model();
    m.fc = new Linear(4, 7);
    expect(m.call(zeros([1, 2])).shape).toEqual([1, 7]);
    expect([...m.namedParameters()].map(([n, p]) => `${n} ${p.shape.join(",")}`)).toEqual([
      "body.weight 4,2",
      "body.bias 4",
      "fc.weight 7,4",
      "fc.bias 7",
    ]);
    expect(String(m)).toContain("(fc): Linear(in_features=4, out_features=7, bias=True)");
    // Registering again moves the field too: no stale field is left.
    const a = new Affine(2);
    const w2 = new Parameter(ones([2]));
    a.registerParameter("weight", w2);
    expect(a.weight).toBe(w2);
    expect(a.stateDict().get("weight")!.tolist()).toEqual([1, 1]);
  });
  it("refuses a plain tensor over a parameter; null over a parameter and a tensor over a buffer replace them", () => {
    const lin = new Linear(2, 3);
    (lin as { weight: Tensor }).weight = zeros([3, 2]);
    const msg =
      "Module [Linear]: field 'weight' holds a plain Tensor [3, 2], not the parameter registered as 'weight'";
    // forward would use the new tensor while the optimizer steps the registered one: refused at
    // every use, as an unregistered Parameter is.
    expect(() => lin.call(zeros([1, 2]))).toThrow(msg);
    expect(() => [...lin.parameters()]).toThrow(msg);
    expect(() => lin.stateDict()).toThrow("noGrad(() => module.weight.copy_(t))");
    // Both fixes the message gives work.
    lin.weight = lin.registerParameter("weight", new Parameter(ones([3, 2])));
    expect(lin.call(ones([1, 2])).tolist()[0][0]).toBeCloseTo(2 + lin.bias!.tolist()[0], 6);
    expect([...lin.parameters()][0]).toBe(lin.weight);
    const lin2 = new Linear(2, 3);
    const w = lin2.weight;
    noGrad(() => lin2.weight.copy_(zeros([3, 2])));
    expect(lin2.weight).toBe(w);
    expect(() => lin2.call(zeros([1, 2]))).not.toThrow();
    // null over a parameter removes it, as PyTorch's `lin.bias = None` does.
    lin2.bias = null;
    expect(lin2.call(zeros([1, 2])).tolist()).toEqual([[0, 0, 0]]);
    expect([...lin2.namedParameters()].map(([n]) => n)).toEqual(["weight"]);
    // A tensor over a buffer replaces it, as PyTorch's `bn.running_mean = t` does.
    class Stats extends Module {
      mean: Tensor = this.registerBuffer("mean", zeros([2]));
    }
    const st = new Stats();
    st.mean = ones([2]);
    expect(st.stateDict().get("mean")!.tolist()).toEqual([1, 1]);
    expect([...st.buffers()][0]).toBe(st.mean);
  });
  it("prints as PyTorch does under console.log (util.inspect)", async () => {
    const { inspect } = await import("node:util");
    const m = new Sequential(new Linear(2, 3));
    expect(inspect(m)).toBe(m.toString());
    expect(inspect(m.at(0))).toBe("Linear(in_features=2, out_features=3, bias=True)");
  });
});

describe("traversal", () => {
  const make = () => new Sequential(new Linear(2, 3), new ReLU(), new Sequential(new Linear(3, 1)));
  it("gives dotted names like torch.nn", () => {
    const m = make();
    expect([...m.namedParameters()].map(([k]) => k)).toEqual([
      "0.weight",
      "0.bias",
      "2.0.weight",
      "2.0.bias",
    ]);
    expect([...m.namedModules()].map(([k]) => k)).toEqual(["", "0", "1", "2", "2.0"]);
    expect([...m.namedChildren()].map(([k]) => k)).toEqual(["0", "1", "2"]);
    expect([...m.children()].length).toBe(3);
    expect([...m.modules()].length).toBe(5);
    expect([...m.parameters()].length).toBe(4);
    expect([...m.parameters(false)].length).toBe(0);
    expect([...m.namedParameters("model")].map(([k]) => k)[0]).toBe("model.0.weight");
  });
  it("lists a shared module and a shared parameter once, as PyTorch does", () => {
    const lin = new Linear(2, 2);
    const m = new Sequential(lin, lin);
    expect([...m.namedParameters()].map(([k]) => k)).toEqual(["0.weight", "0.bias"]);
    expect([...m.namedModules()].map(([k]) => k)).toEqual(["", "0"]);
    // but the state dict has both paths
    expect([...m.stateDict().keys()]).toEqual(["0.weight", "0.bias", "1.weight", "1.bias"]);
  });
  it("getSubmodule follows dotted paths", () => {
    const m = make();
    expect(m.getSubmodule("2.0")).toBeInstanceOf(Linear);
    expect(m.getSubmodule("")).toBe(m);
    expect(() => m.getSubmodule("2.5")).toThrow("getSubmodule(): Sequential has no attribute `5`");
  });
});

describe("modes, grads, apply", () => {
  it("train / eval recurse", () => {
    const m = new Sequential(new Linear(2, 2), new Sequential(new ReLU()));
    expect(m.training).toBe(true);
    expect(m.eval()).toBe(m);
    expect([...m.modules()].every((x) => !x.training)).toBe(true);
    m.train();
    expect([...m.modules()].every((x) => x.training)).toBe(true);
    expect(() => m.train("yes" as unknown as boolean)).toThrow("training mode is expected to be boolean");
  });
  it("zeroGrad sets grads to null by default, or zeroes them", () => {
    const m = new Linear(2, 1);
    m.call(randn([4, 2]))
      .sum()
      .backward();
    expect(m.weight.grad).not.toBeNull();
    const g = m.weight.grad!;
    m.zeroGrad({ setToNone: false });
    expect(m.weight.grad).toBe(g);
    expect(Array.from(g.toTypedArray())).toEqual([0, 0]);
    m.zeroGrad();
    expect(m.weight.grad).toBeNull();
    expect(m.bias!.grad).toBeNull();
  });
  it("requiresGrad_ freezes parameters", () => {
    const m = new Linear(2, 1);
    m.requiresGrad_(false);
    expect([...m.parameters()].every((p) => !p.requiresGrad)).toBe(true);
    expect(m.call(ones([1, 2])).requiresGrad).toBe(false);
    m.requiresGrad_();
    expect(m.weight.requiresGrad).toBe(true);
  });
  it("apply visits children before the parent", () => {
    const m = new Sequential(new Linear(1, 1), new Sequential(new ReLU()));
    const seen: string[] = [];
    m.apply((x) => seen.push(x.getName()));
    expect(seen).toEqual(["Linear", "ReLU", "Sequential", "Sequential"]);
  });
});

describe("call and forward", () => {
  it("a subclass without forward fails with PyTorch's message", () => {
    expect(() => new Forgetful().call(ones([1]))).toThrow(
      'Module [Forgetful] is missing the required "forward" function',
    );
  });
  it("call runs pre-hooks, forward, hooks; handles remove them", () => {
    const m = new Affine(2);
    const log: string[] = [];
    const h1 = m.registerForwardPreHook((_mod, inputs) => {
      log.push("pre");
      return [(inputs[0] as Tensor).mul(2)];
    });
    const h2 = m.registerForwardHook((_mod, _inputs, out) => {
      log.push("post");
      return (out as Tensor).add(1);
    });
    expect(m.call(tensor([1, 2], { dtype: "float32" })).tolist()).toEqual([3, 5]);
    expect(log).toEqual(["pre", "post"]);
    h1.remove();
    h2.remove();
    expect(m.call(tensor([1, 2], { dtype: "float32" })).tolist()).toEqual([1, 2]);
  });
  it("a hook returning null changes nothing, as a Python hook returning None (it replaced the value)", () => {
    const m = new Affine(2);
    m.registerForwardPreHook(() => null);
    m.registerForwardHook(() => null);
    expect(m.call(tensor([1, 2], { dtype: "float32" })).tolist()).toEqual([1, 2]);
  });
});

describe("dtype conversion", () => {
  it("double() converts parameters, float buffers and grads in place, keeping identity", () => {
    const m = new Affine(2);
    const intBuf = m.registerBuffer("count", zeros([1], { dtype: "int32" }));
    const w = m.weight;
    m.call(ones([2]))
      .sum()
      .backward();
    expect(m.double()).toBe(m);
    expect(m.weight).toBe(w);
    expect(w.dtype).toBe("float64");
    expect(w.storage.data).toBeInstanceOf(Float64Array);
    expect(w.grad!.dtype).toBe("float64");
    expect(m.runningMean.dtype).toBe("float64");
    expect(intBuf.dtype).toBe("int32");
    expect(w.requiresGrad).toBe(true);
    expect(m.call(ones([2], { dtype: "float64" })).dtype).toBe("float64");
    m.float();
    expect(w.dtype).toBe("float32");
    expect(Array.from(w.toTypedArray())).toEqual([1, 1]);
  });
  it("to() accepts only floating dtypes", () => {
    expect(() => new Affine(1).to("int32")).toThrow(
      "nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.int32",
    );
  });
});

describe("stateDict / loadStateDict", () => {
  const mlp = (h = 4) => new Sequential(new Linear(2, h), new ReLU(), new Linear(h, 3));

  it("stateDict values are detached views sharing storage", () => {
    const m = mlp();
    const sd = m.stateDict();
    const w = sd.get("0.weight")!;
    expect(w.requiresGrad).toBe(false);
    expect(w.storage).toBe(m.at(0).getParameter("weight")!.storage);
    expect(m.stateDict({ keepVars: true }).get("0.weight")).toBe((m.at(0) as Linear).weight);
    expect([...m.stateDict({ prefix: "model." }).keys()][0]).toBe("model.0.weight");
  });

  it("round-trips the values into another model, in place", () => {
    const a = mlp();
    const b = mlp();
    const w = (b.at(0) as Linear).weight;
    const r = b.loadStateDict(a.stateDict());
    expect(r).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect((b.at(0) as Linear).weight).toBe(w);
    const x = randn([5, 2]);
    expect(b.call(x).tolist()).toEqual(a.call(x).tolist());
  });

  it("accepts a plain object and converts dtype", () => {
    const m = new Affine(2);
    m.loadStateDict({
      weight: tensor([2, 3], { dtype: "float64" }),
      bias: tensor([1, 1], { dtype: "float64" }),
      running_mean: tensor([0.5, 0.5], { dtype: "float64" }),
    });
    expect(m.weight.dtype).toBe("float32");
    expect(m.weight.tolist()).toEqual([2, 3]);
    expect(m.runningMean.tolist()).toEqual([0.5, 0.5]);
  });

  it("strict mismatch raises PyTorch's message", () => {
    const m = mlp();
    const sd = m.stateDict();
    sd.delete("2.weight");
    sd.delete("2.bias");
    sd.set("3.weight", zeros([1]));
    sd.set("extra", zeros([1]));
    sd.set("0.gamma", zeros([1]));
    // The exact string PyTorch 1.13 prints for the same model and dict (unexpected keys are
    // listed module by module, the root first).
    expect(() => m.loadStateDict(sd)).toThrow(
      'Error(s) in loading state_dict for Sequential:\n\tMissing key(s) in state_dict: "2.weight", "2.bias". \n\tUnexpected key(s) in state_dict: "3.weight", "extra", "0.gamma". ',
    );
  });

  it("non-strict returns the missing and unexpected keys and loads the rest", () => {
    const src = mlp();
    const m = mlp();
    const sd = src.stateDict();
    sd.delete("0.bias");
    sd.set("0.gamma", zeros([1]));
    const r = m.loadStateDict(sd, { strict: false });
    expect(r).toEqual({ missingKeys: ["0.bias"], unexpectedKeys: ["0.gamma"] });
    expect((m.at(2) as Linear).weight.tolist()).toEqual((src.at(2) as Linear).weight.tolist());
    // Printed as PyTorch prints the result (print(m.load_state_dict(...)), PyTorch 1.13).
    expect(String(r)).toBe("_IncompatibleKeys(missing_keys=['0.bias'], unexpected_keys=['0.gamma'])");
    expect(String(m.loadStateDict(src.stateDict()))).toBe("<All keys matched successfully>");
  });

  it("a shape mismatch names the key and both shapes, even when not strict", () => {
    const big = mlp(64);
    const small = mlp(32);
    const msg =
      "size mismatch for 0.weight: copying a param with shape torch.Size([64, 2]) from checkpoint, the shape in current model is torch.Size([32, 2]).";
    expect(() => small.loadStateDict(big.stateDict())).toThrow(msg);
    expect(() => small.loadStateDict(big.stateDict(), { strict: false })).toThrow(msg);
    expect(() => small.loadStateDict(big.stateDict())).toThrow(
      /^Error\(s\) in loading state_dict for Sequential:\n\tsize mismatch for 0.weight: .*\n\tsize mismatch for 0.bias: .*\n\tsize mismatch for 2.weight: /,
    );
  });

  it("rejects non-tensor values and non-dict arguments", () => {
    const m = new Affine(1);
    expect(() =>
      m.loadStateDict({ weight: 1 as unknown as Tensor, bias: zeros([1]), running_mean: zeros([1]) }),
    ).toThrow(
      'While copying the parameter named "weight", expected torch.Tensor or Tensor-like object from checkpoint but received number',
    );
    expect(() => m.loadStateDict(null as never)).toThrow("Expected state_dict to be dict-like, got null.");
  });

  it("loading a float checkpoint value into an int buffer truncates, as PyTorch's copy_ does", () => {
    const m = new Affine(1);
    const count = m.registerBuffer("count", zeros([1], { dtype: "int32" }));
    const sd = m.stateDict();
    sd.set("count", tensor([1.5]));
    m.loadStateDict(sd);
    expect(count.tolist()).toEqual([1]);
  });
});
