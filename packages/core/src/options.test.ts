import { describe, expect, it } from "vitest";
import { zeros } from "./creation.js";
import { checkOptions, describeValue, type OptionsSpec } from "./options.js";
import { Generator } from "./random.js";

interface Opts {
  lr?: number;
  weightDecay?: number;
  labelSmoothing?: number;
  tMax?: number;
  nesterov?: boolean;
  dtype?: string;
  generator?: Generator;
}
const SPEC: OptionsSpec<Opts> = {
  lr: "number",
  weightDecay: "nonneg",
  labelSmoothing: "finite",
  tMax: "integer",
  nesterov: "boolean",
  dtype: "dtype",
  generator: "generator",
};
const check = (o: unknown, at?: number | string) => () => checkOptions("f", o as Opts, SPEC, at);

describe("checkOptions", () => {
  it("returns the options, or {} for undefined; undefined values count as absent", () => {
    const o = { lr: 0.1 };
    expect(checkOptions("f", o, SPEC)).toBe(o);
    expect(checkOptions("f", undefined, SPEC)).toEqual({});
    expect(() => checkOptions("f", { lr: undefined, tMax: undefined }, SPEC)).not.toThrow();
    // An object with no prototype is still an options object.
    expect(() => checkOptions("f", Object.assign(Object.create(null), { lr: 1 }), SPEC)).not.toThrow();
  });

  it("suggests the camelCase spelling of a snake_case key", () => {
    expect(check({ weight_decay: 0 })).toThrow(
      "f(): got an unexpected option 'weight_decay' (did you mean 'weightDecay'?)",
    );
    expect(check({ label_smoothing: 0.1 })).toThrow("(did you mean 'labelSmoothing'?)");
    expect(check({ T_max: 10 })).toThrow("(did you mean 'tMax'?)");
  });

  it("suggests a key in another case, and a near miss by edit distance (a transposition is one edit)", () => {
    expect(check({ weightdecay: 0 })).toThrow("(did you mean 'weightDecay'?)");
    expect(check({ LR: 0 })).toThrow("(did you mean 'lr'?)");
    expect(check({ nesterv: true })).toThrow("(did you mean 'nesterov'?)");
    expect(check({ nestreov: true })).toThrow("(did you mean 'nesterov'?)");
    expect(check({ generater: null })).toThrow("(did you mean 'generator'?)");
  });

  it("lists the valid options when nothing is close, and says when there are none", () => {
    const all = "(valid options: lr, weightDecay, labelSmoothing, tMax, nesterov, dtype, generator)";
    expect(check({ momentum: 0.9 })).toThrow(`f(): got an unexpected option 'momentum' ${all}`);
    // One letter is not a near miss of another.
    expect(check({ l: 1 })).toThrow(all);
    expect(check({ size_average: false })).toThrow(all);
    expect(() => checkOptions("g", { reduce: "add" } as object, {})).toThrow(
      "g(): got an unexpected option 'reduce' (g() takes no options)",
    );
  });

  it("names where the options are (a param group)", () => {
    expect(check({ momentum: 1 }, "param group 2")).toThrow(
      "f(): got an unexpected option 'momentum' in param group 2 (valid options:",
    );
    expect(check({ lr: "1" }, "param group 2")).toThrow(
      "f(): option 'lr' of param group 2 must be a number, but got a string (\"1\")",
    );
  });

  it("checks each value's kind, as TypeErrors", () => {
    const cases: [unknown, string][] = [
      [{ lr: null }, "f(): option 'lr' must be a number, but got null"],
      [{ lr: "0.1" }, "f(): option 'lr' must be a number, but got a string (\"0.1\")"],
      [{ lr: 1n }, "f(): option 'lr' must be a number, but got a bigint (1n)"],
      [{ weightDecay: -1 }, "f(): option 'weightDecay' must be a non-negative number, but got a number (-1)"],
      [{ weightDecay: Number.NaN }, "must be a non-negative number, but got a number (NaN)"],
      [{ labelSmoothing: Number.POSITIVE_INFINITY }, "must be a finite number, but got a number (Infinity)"],
      [{ tMax: 2.5 }, "f(): option 'tMax' must be an integer, but got a number (2.5)"],
      [{ nesterov: "true" }, "f(): option 'nesterov' must be a boolean, but got a string (\"true\")"],
      [{ nesterov: 1 }, "must be a boolean, but got a number (1)"],
      [{ generator: 0 }, "f(): option 'generator' must be a Generator, but got a number (0)"],
      [{ generator: {} }, "must be a Generator, but got an object"],
    ];
    for (const [o, msg] of cases) {
      expect(check(o)).toThrow(TypeError);
      expect(check(o)).toThrow(msg);
    }
    // NaN is a number: the function's own range check words its rejection (`Invalid learning rate: NaN`).
    expect(check({ lr: Number.NaN })).not.toThrow();
    expect(check({ generator: new Generator(1), nesterov: false, tMax: 3 })).not.toThrow();
  });

  it("checks dtypes with checkDtype's message", () => {
    expect(check({ dtype: "float64" })).not.toThrow();
    expect(check({ dtype: "float16" })).toThrow(
      "f(): unsupported dtype 'float16' (expected one of float32, float64, int32, bool)",
    );
    expect(check({ dtype: 5 })).toThrow(TypeError);
  });

  it("refuses anything but an options object, pointing at the key meant", () => {
    expect(check(0.1, 2)).toThrow(
      "f(): expected an options object as argument 2, but got a number (0.1) (did you mean { lr: 0.1 }?)",
    );
    expect(check(true, 3)).toThrow("but got a boolean (true) (did you mean { nesterov: true }?)");
    expect(check("float64")).toThrow(
      'f(): expected an options object, but got a string ("float64") (did you mean { dtype: "float64" }?)',
    );
    // No key takes it: no hint.
    expect(check("sum", 1)).toThrow(
      'f(): expected an options object as argument 1, but got a string ("sum")',
    );
    expect(check("sum", 1)).not.toThrow("did you mean");
    expect(check(null, 1)).toThrow("f(): expected an options object as argument 1, but got null");
    expect(check([1, 2], 1)).toThrow("but got [1, 2]");
    expect(check(zeros([2]), 1)).toThrow("but got a Tensor (float32, [2])");
    expect(check(new Float32Array(2), 1)).toThrow("but got a typed array");
    expect(check(() => 1, 1)).toThrow("but got a function");
    expect(check(5, 1)).toThrow(TypeError);
  });
});

describe("describeValue", () => {
  it("gives the kind and, when short, the value", () => {
    expect(describeValue(undefined)).toBe("undefined");
    expect(describeValue("x".repeat(50))).toBe(`a string ("${"x".repeat(40)}...")`);
    expect(describeValue([[1], [2]])).toBe("an array of length 2");
    expect(describeValue(Array(20).fill(0))).toBe("an array of length 20");
    expect(describeValue(Symbol("s"))).toBe("a symbol");
  });
});
