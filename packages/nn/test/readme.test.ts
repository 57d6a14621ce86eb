/** The README's examples, run, so the documented output cannot drift from the code. */
import { readFileSync } from "node:fs";
import { ones, randn, type Tensor, zeros } from "@tsgrad/core";
import { describe, expect, it } from "vitest";
import { Linear, Module, Parameter, ReLU, Sequential } from "../src/index.js";

const README = readFileSync(new URL("../README.md", import.meta.url), "utf8");

describe("README examples", () => {
  it("the Sequential example prints what the README shows", () => {
    const model = new Sequential(new Linear(2, 64), new ReLU(), new Linear(64, 3));
    expect(model.call(randn([8, 2])).shape).toEqual([8, 3]);
    expect([...model.namedParameters()].map(([name]) => name)).toEqual([
      "0.weight",
      "0.bias",
      "2.weight",
      "2.bias",
    ]);
    // The commented block after `console.log(model.toString());` in the README.
    const after = README.split("console.log(model.toString());\n")[1]!;
    const shown = after
      .split("\n")
      .filter((l, i, all) => l.startsWith("// ") && all.slice(0, i).every((p) => p.startsWith("// ")))
      .map((l) => l.slice(3))
      .join("\n");
    expect(shown).toBe(model.toString());
  });

  it("the custom module example registers what it says", () => {
    class Scaled extends Module {
      fc: Linear;
      gain: Parameter;
      classWeight: Tensor;
      constructor() {
        super();
        this.fc = this.registerModule("fc", new Linear(4, 3));
        this.gain = this.registerParameter("gain", new Parameter(ones([3])));
        this.classWeight = this.registerBuffer("class_weight", ones([3]));
        this.registerBuffer("scratch", zeros([3]), { persistent: false });
      }
      override forward(x: Tensor): Tensor {
        return this.fc.call(x).mul(this.gain);
      }
    }
    expect(README).toContain('this.gain = this.registerParameter("gain", new Parameter(ones([3])));');
    const m = new Scaled();
    expect([...m.stateDict().keys()]).toEqual(["gain", "class_weight", "fc.weight", "fc.bias"]);
    expect(m.call(ones([2, 4])).shape).toEqual([2, 3]);
  });

  it("a module named by its static typeName prints that name", () => {
    class MyNet extends Module {
      static override readonly typeName = "MyNet";
    }
    // What a minifier does to the class: its JavaScript name changes, its typeName does not.
    Object.defineProperty(MyNet, "name", { value: "Kt" });
    expect(README).toContain('static override readonly typeName = "MyNet";');
    expect(String(new MyNet())).toBe("MyNet()");
  });
});
