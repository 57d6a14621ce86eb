import { ones, randn } from "@tsgrad/core";
import { describe, expect, it } from "vitest";
import { gradcheckModule } from "@tsgrad/testing";
import { ReLU, Tanh } from "./activation.js";
import { ModuleDict, ModuleList, Sequential } from "./container.js";
import { Linear } from "./linear.js";

describe("Sequential", () => {
  it("chains its modules", () => {
    const a = new Linear(2, 3);
    const b = new Linear(3, 1);
    const seq = new Sequential(a, new ReLU(), b);
    const x = randn([4, 2]);
    expect(seq.call(x).tolist()).toEqual(b.call(a.call(x).relu()).tolist());
  });
  it("at, length, iteration, append, insert, pop, slice", () => {
    const l1 = new Linear(1, 1);
    const r = new ReLU();
    const seq = new Sequential(l1, r);
    expect(seq.length).toBe(2);
    expect(seq.at(0)).toBe(l1);
    expect(seq.at(-1)).toBe(r);
    expect([...seq]).toEqual([l1, r]);
    const t = new Tanh();
    seq.append(t);
    expect([...seq.namedChildren()].map(([k]) => k)).toEqual(["0", "1", "2"]);
    const l0 = new Linear(1, 1);
    seq.insert(0, l0);
    expect([...seq]).toEqual([l0, l1, r, t]);
    expect([...seq.namedParameters()].map(([k]) => k)).toEqual(["0.weight", "0.bias", "1.weight", "1.bias"]);
    expect(seq.pop(1)).toBe(l1);
    expect([...seq.namedChildren()].map(([k, m]) => [k, m])).toEqual([
      ["0", l0],
      ["1", r],
      ["2", t],
    ]);
    const tail = seq.slice(1);
    expect(tail).toBeInstanceOf(Sequential);
    expect([...tail]).toEqual([r, t]);
    // PyTorch's seq[1:] keeps the names: (1): ReLU(), (2): Tanh()
    expect([...tail.namedChildren()].map(([k]) => k)).toEqual(["1", "2"]);
    expect([...new Sequential({ a: l0, b: r }).slice(1).namedChildren()].map(([k]) => k)).toEqual(["b"]);
    expect(() => seq.at(3)).toThrow("Sequential.at(): index 3 is out of range");
  });
  it("accepts named children", () => {
    const seq = new Sequential({ fc: new Linear(2, 2), act: new ReLU() });
    expect([...seq.namedChildren()].map(([k]) => k)).toEqual(["fc", "act"]);
    expect(seq.at(1)).toBeInstanceOf(ReLU);
    expect(seq.call(ones([1, 2])).shape).toEqual([1, 2]);
  });
  it("keeps the written order of names: a Map keeps it always; an object with an integer-like name is refused (JS would list it first)", () => {
    const fc = new Linear(2, 2);
    const relu = new ReLU();
    // PyTorch: Sequential(OrderedDict([("fc", fc), ("0", ReLU())])) runs fc first.
    const seq = new Sequential(
      new Map<string, Linear | ReLU>([
        ["fc", fc],
        ["0", relu],
      ]),
    );
    expect([...seq.namedChildren()].map(([n]) => n)).toEqual(["fc", "0"]);
    const x = randn([3, 2]);
    expect(seq.call(x).tolist()).toEqual(fc.call(x).relu().tolist());
    expect(() => new Sequential({ fc, 0: relu })).toThrow(
      "Sequential(): the name '0' looks like an integer, and a JS object lists such names first",
    );
    expect(() => new ModuleDict({ z: fc, 1: relu })).toThrow(
      /^ModuleDict\(\): the name '1' looks like an integer/,
    );
    expect([
      ...new ModuleDict([
        ["z", fc],
        ["1", relu],
      ]).keys(),
    ]).toEqual(["z", "1"]);
    expect([...new Sequential({ "01": fc, head: relu }).namedChildren()].map(([n]) => n)).toEqual([
      "01",
      "head",
    ]);
  });
  it("an empty Sequential is the identity", () => {
    const x = ones([2]);
    expect(new Sequential().call(x)).toBe(x);
  });
  it("rejects non-modules", () => {
    expect(() => new Sequential(new ReLU(), 3 as never)).toThrow("Sequential(): 3 is not a Module subclass");
  });
  it("gradchecks", () => {
    const seq = new Sequential(new Linear(2, 3), new Tanh(), new Linear(3, 2));
    expect(gradcheckModule(seq, randn([3, 2], { dtype: "float64", requiresGrad: true }))).toBe(true);
  });
});

describe("ModuleList and ModuleDict", () => {
  it("ModuleList registers its items and has no forward", () => {
    const ml = new ModuleList([new Linear(2, 2), new Linear(2, 2)]);
    expect(ml.length).toBe(2);
    expect([...ml.namedParameters()].map(([k]) => k)).toEqual(["0.weight", "0.bias", "1.weight", "1.bias"]);
    ml.extend([new ReLU()]);
    expect(ml.at(2)).toBeInstanceOf(ReLU);
    expect(() => ml.call(ones([1]))).toThrow(
      'Module [ModuleList] is missing the required "forward" function',
    );
  });
  it("ModuleDict keeps insertion order and supports get/set/has/pop", () => {
    const md = new ModuleDict({ b: new Linear(1, 1), a: new ReLU() });
    expect([...md.keys()]).toEqual(["b", "a"]);
    expect(md.get("a")).toBeInstanceOf(ReLU);
    md.set("c", new Tanh());
    expect(md.length).toBe(3);
    expect(md.has("c")).toBe(true);
    expect(md.pop("b")).toBeInstanceOf(Linear);
    expect([...md]).toEqual(["a", "c"]);
    expect([...md.namedParameters()]).toEqual([]);
    expect(() => md.get("zz")).toThrow("ModuleDict.get(): no module under key 'zz'");
    const shared = new ReLU();
    const twice = new ModuleDict([
      ["x", shared],
      ["y", shared],
    ]);
    expect([...twice.keys()]).toEqual(["x", "y"]);
  });
});
