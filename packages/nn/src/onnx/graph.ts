/**
 * The graph being written by `exportOnnx`: nodes, initializers, and the dispatch from a module to
 * the function that emits its ONNX nodes.
 *
 * Why a module walker and not a tracer of every tensor op: tsgrad's ops carry no record of which
 * module ran them, and a tracer would need hooks in core (which must not know modules exist). The
 * layers are few and their forwards known, so each layer type states its ONNX form once, beside
 * the attributes it reads. Every module is also run by tsgrad on the example input as it is
 * exported, so each ONNX value is paired with tsgrad's tensor for it: shapes and dtypes are read
 * off the real values, and the shape errors are the layers' own.
 */
import { type DType, ones, Tensor } from "@tsgrad/core";
import type { Module } from "../module.js";
import {
  ATTR_TYPE,
  type AttributeMessage,
  type NodeMessage,
  ONNX_DTYPE,
  type TensorMessage,
} from "./proto.js";

/**
 * One value of the graph: its ONNX name and tsgrad's tensor for it on the example input (so an
 * exporter can read shapes and dtypes off real values).
 *
 * @example
 * // (not run: Scale is a Module of your own)
 * registerOnnxExporter(Scale, (g, m, [x]) => g.node("Mul", [x.name, g.scalar(m.factor, x.tensor.dtype)]));
 */
export interface OnnxValue {
  /** The value's name in the graph (what nodes list as inputs and outputs). */
  readonly name: string;
  /** The value tsgrad computed for it, to read shapes and dtypes off. */
  readonly tensor: Tensor;
}

/**
 * A node attribute: a plain number is an ONNX INT, a number array INTS, a string STRING;
 * `{ f }` is a FLOAT and `{ floats }` FLOATS (ONNX types attributes, JS numbers do not say which).
 */
export type OnnxAttribute =
  | number
  | readonly number[]
  | string
  | readonly string[]
  | { f: number }
  | { floats: readonly number[] };

/**
 * Emits the ONNX nodes of one module type. `inputs` are the module's forward arguments; return the
 * name of the output (tsgrad then computes its tensor by calling the module), a whole value, or the
 * values of a forward that returns several tensors (`[output, hN]`, in order, nested arrays flat).
 * `options` are the values given for the forward's options object (`{ mask }`), by option name.
 */
export type OnnxModuleExporter<M extends Module = Module> = (
  g: OnnxGraph,
  module: M,
  inputs: readonly OnnxValue[],
  options: Readonly<Record<string, OnnxValue>>,
) => string | OnnxValue | readonly OnnxValue[];

/** Values for a forward's options object (`{ srcMask: mask }`), by option name. */
export type OnnxForwardOptions = Readonly<Record<string, OnnxValue | null | undefined>>;

/** A module class, whatever its constructor's arguments (`any`: TS has no "some arguments" type). */
type ModuleClass<M extends Module> = abstract new (...args: any[]) => M;

interface Registration {
  cls: ModuleClass<Module>;
  name: string;
  exporter: OnnxModuleExporter;
  /** The forward options the exporter handles; null: any (a user's exporter sees them all). */
  options: readonly string[] | null;
}

const REGISTRY: Registration[] = [];

/**
 * Tells `exportOnnx` how to write modules of class `cls` (and its subclasses that keep its
 * `forward`): PyTorch's `symbolic` method / `register_custom_op_symbolic`, for a module tsgrad's
 * exporter does not know. Registered exporters take precedence over the built-in ones.
 *
 * @example
 * // (not run: Scale is a Module of your own)
 * registerOnnxExporter(Scale, (g, m, [x]) => g.node("Mul", [x.name, g.param(m.factor)]));
 */
export function registerOnnxExporter<M extends Module>(
  cls: ModuleClass<M>,
  exporter: OnnxModuleExporter<M>,
  name?: string,
): void {
  REGISTRY.unshift({
    cls,
    name: name ?? (cls as unknown as { typeName?: string }).typeName ?? cls.name,
    exporter: exporter as OnnxModuleExporter,
    options: null,
  });
}

/** Built-in exporters register themselves after user ones would; keeps their order of definition. */
export function registerBuiltin<M extends Module>(
  cls: ModuleClass<M>,
  exporter: OnnxModuleExporter<M>,
  takes: readonly string[] = [],
): void {
  REGISTRY.push({
    cls,
    name: (cls as unknown as { typeName: string }).typeName,
    exporter: exporter as OnnxModuleExporter,
    options: takes,
  });
}

/** The exporter for `m`: a registration of its class whose `forward` is the one `m` runs. */
function exporterFor(m: Module): Registration | { overridden: string } | null {
  let overridden: string | null = null;
  for (const r of REGISTRY) {
    if (!(m instanceof r.cls)) continue;
    // A subclass with its own forward computes something else: its parent's exporter would be wrong.
    if (m.forward === (r.cls.prototype as Module).forward) return r;
    overridden ??= r.name;
  }
  return overridden === null ? null : { overridden };
}

function attribute(name: string, v: OnnxAttribute): AttributeMessage {
  if (typeof v === "number") {
    if (!Number.isInteger(v))
      throw new Error(
        `exportOnnx(): attribute '${name}' = ${v} is not an integer; write { f: ${v} } for a float`,
      );
    return { name, type: ATTR_TYPE.INT, i: v };
  }
  if (typeof v === "string") return { name, type: ATTR_TYPE.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) {
    return { name, type: ATTR_TYPE.STRINGS, strings: v.map((x) => new TextEncoder().encode(x)) };
  }
  if (Array.isArray(v)) return { name, type: ATTR_TYPE.INTS, ints: [...(v as number[])] };
  if ("floats" in (v as object))
    return { name, type: ATTR_TYPE.FLOATS, floats: [...(v as { floats: number[] }).floats] };
  return { name, type: ATTR_TYPE.FLOAT, f: (v as { f: number }).f };
}

/**
 * The bytes of a typed array, as `TensorProto.raw_data` stores them (little-endian: typed arrays
 * use the platform's order, which is little-endian on every engine tsgrad runs on).
 */
function rawBytes(data: Float32Array | Float64Array | Int32Array | Uint8Array | BigInt64Array): Uint8Array {
  return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}

/** The ONNX element type of a tsgrad dtype. */
export function onnxElemType(dtype: DType): number {
  return ONNX_DTYPE[dtype];
}

/**
 * The graph under construction, handed to each module exporter (torch.onnx's `GraphContext`, the
 * `g` of a symbolic function): add nodes with `node`, constants with `param` / `ints` / `scalar`,
 * and export a submodule with `module` (or `moduleOutputs` for one returning several tensors).
 *
 * @example
 * // (not run: Residual is a Module of your own)
 * registerOnnxExporter(Residual, (g, m, [x]) => g.node("Add", [x.name, g.module(m.body, [x]).name]));
 */
export class OnnxGraph {
  /** The nodes written so far, in order. */
  readonly nodes: NodeMessage[] = [];
  /** The weights written so far (ONNX initializers). */
  readonly initializers: TensorMessage[] = [];
  private readonly constNames = new Map<Tensor, string>();
  /** Small constants (`ints`, `scalar`) by value, so each is stored once. */
  private readonly valueNames = new Map<string, string>();
  private readonly usedNames = new Set<string>();
  private readonly modulePaths: Map<Module, string>;
  private readonly tensorNames: Map<Tensor, string>;
  private readonly path: string[] = [];
  private count = 0;

  constructor(
    /** The ONNX opset the graph targets (`opsetVersion`). */
    readonly opsetVersion: number,
    root: Module,
    reserved: readonly string[],
  ) {
    this.modulePaths = new Map([...root.namedModules()].map(([n, m]) => [m, n]));
    // Parameters and buffers keep their state-dict names, as torch.onnx.export names initializers.
    this.tensorNames = new Map();
    for (const [n, p] of root.namedParameters()) this.tensorNames.set(p, n);
    for (const [n, b] of root.namedBuffers()) this.tensorNames.set(b, n);
    for (const n of reserved) this.usedNames.add(n);
  }

  private unique(base: string): string {
    let name = base;
    for (let i = 1; this.usedNames.has(name); i++) name = `${base}.${i}`;
    this.usedNames.add(name);
    return name;
  }

  /** Adds a node with one output; returns the output's name. */
  node(
    opType: string,
    inputs: readonly string[],
    attrs: Readonly<Record<string, OnnxAttribute>> = {},
  ): string {
    return this.nodeN(opType, inputs, attrs, 1)[0]!;
  }

  /** Adds a node with `outputs` outputs; returns their names. */
  nodeN(
    opType: string,
    inputs: readonly string[],
    attrs: Readonly<Record<string, OnnxAttribute>>,
    outputs: number,
  ): string[] {
    const scope = `/${this.path.filter((p) => p !== "").join("/")}`;
    const n = this.count++;
    const out = Array.from({ length: outputs }, (_, i) =>
      this.unique(`${scope === "/" ? "" : scope}/${opType}_output_${n}${outputs > 1 ? `_${i}` : ""}`),
    );
    this.nodes.push({
      name: `${scope === "/" ? "" : scope}/${opType}_${n}`,
      opType,
      input: [...inputs],
      output: out,
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return out;
  }

  /**
   * An initializer holding `t` (a parameter, buffer or constant); returns its name. The same
   * tensor is stored once. Parameters and buffers of the model are named as in its state dict.
   */
  param(t: Tensor, name?: string): string {
    const known = this.constNames.get(t);
    if (known !== undefined) return known;
    const n = this.unique(name ?? this.tensorNames.get(t) ?? `onnx::const_${this.count++}`);
    this.constNames.set(t, n);
    this.initializers.push({
      name: n,
      dims: [...t._shape],
      dataType: onnxElemType(t.dtype),
      rawData: rawBytes(t.toTypedArray()),
    });
    return n;
  }

  /**
   * `t` as a constant value of the graph (an initializer, paired with `t` itself): positions, a
   * fixed mask, a lookup table an exporter feeds to a submodule.
   */
  constant(t: Tensor, name?: string): OnnxValue {
    return { name: this.param(t, name), tensor: t };
  }

  /** A 1-D int64 initializer (shapes, axes, as Reshape and Unsqueeze take them). */
  ints(values: readonly number[]): string {
    const key = `ints:${values.join(",")}`;
    const known = this.valueNames.get(key);
    if (known !== undefined) return known;
    const n = this.unique(`onnx::ints_${this.count++}`);
    this.valueNames.set(key, n);
    this.initializers.push({
      name: n,
      dims: [values.length],
      dataType: ONNX_DTYPE.int64,
      rawData: rawBytes(BigInt64Array.from(values, (v) => BigInt(v))),
    });
    return n;
  }

  /** A 0-d initializer of `dtype` holding `v` (a scalar operand of Mul, Div, ...). */
  scalar(v: number, dtype: DType): string {
    const key = `${dtype}:${v}`;
    const known = this.valueNames.get(key);
    if (known !== undefined) return known;
    const n = this.param(ones([], { dtype }).mul(v));
    this.valueNames.set(key, n);
    return n;
  }

  /** The dotted name of `m` in the exported model ("" for the model itself). */
  pathOf(m: Module): string {
    return this.modulePaths.get(m) ?? "?";
  }

  /**
   * Exports submodule `m` applied to `inputs` and returns its output: the ONNX name from its
   * exporter, and tsgrad's output of `m` on the inputs' tensors.
   */
  module(m: Module, inputs: readonly OnnxValue[], options: OnnxForwardOptions = {}): OnnxValue {
    const outs = this.moduleOutputs(m, inputs, options);
    if (outs.length !== 1) {
      this.unsupported(
        m,
        `its forward returns ${outs.length} tensors where one is expected; export it with g.moduleOutputs and pick`,
      );
    }
    return outs[0]!;
  }

  /** `module` for a forward that returns several tensors (`[output, hN]`): all of them, in order. */
  moduleOutputs(m: Module, inputs: readonly OnnxValue[], options: OnnxForwardOptions = {}): OnnxValue[] {
    const path = this.pathOf(m);
    const r = exporterFor(m);
    const at = path === "" ? "the model" : `'${path}'`;
    if (r === null || "overridden" in r) {
      const why =
        r === null
          ? "no ONNX exporter for this module type"
          : `its forward() is not ${r.overridden}'s, so ${r.overridden}'s exporter does not apply`;
      throw new Error(
        `exportOnnx(): cannot export ${m.getName()} (${at}): ${why}. Supported: ${supportedModules().join(", ")}; ` +
          "for another module, register one with registerOnnxExporter(Class, (g, module, inputs) => ...)",
      );
    }
    // A forward hook may change what the module returns, and the graph holds only the module's own
    // nodes: rather than export something else, say so.
    const hooks = m as unknown as {
      _forwardHooks: Map<number, unknown>;
      _forwardPreHooks: Map<number, unknown>;
    };
    if (hooks._forwardHooks.size > 0 || hooks._forwardPreHooks.size > 0) {
      this.unsupported(
        m,
        "it has forward (pre-)hooks, which the ONNX graph cannot hold; remove them before exporting",
      );
    }
    this.path.push(path.split(".").pop() ?? "");
    try {
      const given: Record<string, OnnxValue> = {};
      for (const [k, v] of Object.entries(options)) if (v !== null && v !== undefined) given[k] = v;
      const bad = r.options === null ? undefined : Object.keys(given).find((k) => !r.options!.includes(k));
      if (bad !== undefined) {
        const takes = r.options!.length === 0 ? "none" : r.options!.join(", ");
        this.unsupported(m, `the forward option '${bad}' is not supported (the exporter takes: ${takes})`);
      }
      const out = r.exporter(this, m, inputs, given);
      if (Array.isArray(out)) return [...(out as OnnxValue[])];
      if (typeof out !== "string") return [out as OnnxValue];
      const args: unknown[] = inputs.map((v) => v.tensor);
      if (Object.keys(given).length > 0) {
        args.push(Object.fromEntries(Object.entries(given).map(([k, v]) => [k, v.tensor])));
      }
      const tensor = (m.call as (...a: unknown[]) => unknown)(...args);
      if (!isTensor(tensor)) {
        throw new Error(
          `exportOnnx(): ${m.getName()} (${at}) returned ${typeof tensor}, not one Tensor; its exporter must return its values`,
        );
      }
      return [{ name: out, tensor }];
    } finally {
      this.path.pop();
    }
  }

  /** Throws the exporter's error for a setting of `m` that has no ONNX form. */
  unsupported(m: Module, what: string): never {
    const path = this.pathOf(m);
    throw new Error(
      `exportOnnx(): cannot export ${m.getName()} (${path === "" ? "the model" : `'${path}'`}): ${what}`,
    );
  }
}

function isTensor(v: unknown): v is Tensor {
  return v instanceof Tensor;
}

/**
 * The names of the module types that have an exporter (registered ones first), as the
 * unsupported-module error lists them.
 *
 * @example
 * supportedModules().includes("Conv2d"); // true
 */
export function supportedModules(): string[] {
  return [...new Set(REGISTRY.map((r) => r.name))];
}
