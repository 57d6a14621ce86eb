/** Containers (`torch.nn.Sequential`, `ModuleList`, `ModuleDict`): children named "0", "1", ... or by key. */
import { typeNameOf } from "@tsgrad/core";
import { Module } from "../module.js";

function indexOf(op: string, idx: number, n: number): number {
  if (!Number.isInteger(idx)) throw new TypeError(`${op}: index must be an integer, got ${idx}`);
  const i = idx < 0 ? idx + n : idx;
  // A plain Error (PyTorch's IndexError), not a RangeError: nothing broke inside the runtime.
  if (i < 0 || i >= n) throw new Error(`${op}: index ${idx} is out of range (length ${n})`);
  return i;
}

/** A list of modules registered as "0", "1", ...: the part Sequential and ModuleList share. */
abstract class IndexedModules extends Module {
  protected items: Module[] = [];
  protected names: string[] = [];

  /** Replaces the contents, renumbering from "0". */
  protected setAll(mods: readonly Module[]): void {
    for (const name of this.names) this.deleteModule(name);
    this.items = [];
    this.names = [];
    for (const m of mods) this.append(m);
  }

  /** Number of modules (`len(seq)`). */
  get length(): number {
    return this.items.length;
  }

  /**
   * The module at `idx`; negative indices count from the end (`seq[idx]`). Name the layer type to
   * reach its fields: `seq.at<Linear>(0).weight`.
   */
  at<M extends Module = Module>(idx: number): M {
    return this.items[indexOf(`${this.getName()}.at()`, idx, this.items.length)]! as M;
  }

  /** Adds `module` at the end, named by its position (`append`); returns this. */
  append(module: Module): this {
    return this.add(String(this.items.length), module);
  }

  protected add(name: string, module: Module): this {
    this.registerModule(name, module);
    this.items.push(module);
    this.names.push(name);
    return this;
  }

  /** Appends each module (`extend`); returns this. */
  extend(modules: Iterable<Module>): this {
    if (typeof (modules as { [Symbol.iterator]?: unknown } | null)?.[Symbol.iterator] !== "function") {
      const got = modules === null ? "null" : typeof modules;
      throw new TypeError(`${this.getName()}.extend(): should be called with an iterable, but got ${got}`);
    }
    for (const m of modules) this.append(m);
    return this;
  }

  /** Inserts `module` before position `index`, renumbering the rest (`insert`). */
  insert(index: number, module: Module): this {
    const n = this.items.length;
    const i = Math.min(Math.max(index < 0 ? index + n : index, 0), n);
    const mods = this.items.slice();
    mods.splice(i, 0, module);
    this.setAll(mods);
    return this;
  }

  /** Removes and returns the module at `idx` (`pop`), renumbering the rest. */
  pop(idx = -1): Module {
    const i = indexOf(`${this.getName()}.pop()`, idx, this.items.length);
    const mods = this.items.slice();
    const [m] = mods.splice(i, 1);
    this.setAll(mods);
    return m!;
  }

  /** The modules in order (`for m in seq`). */
  [Symbol.iterator](): Iterator<Module> {
    return this.items[Symbol.iterator]();
  }
}

/**
 * Runs modules in order, each one's output feeding the next (`torch.nn.Sequential`). Children
 * are named "0", "1", ..., so parameter names match PyTorch's ("0.weight", "2.bias"). Pass an
 * object or a Map to name them instead (PyTorch's `Sequential(OrderedDict(...))`); a Map keeps
 * the order of names that look like integers, which an object does not.
 *
 * @example
 * const model = new Sequential(new Linear(2, 64), new ReLU(), new Linear(64, 3));
 * model.call(randn([5, 2])).shape; // [5, 3]
 * model.at(-1);                    // the last Linear
 */
export class Sequential extends IndexedModules {
  static override readonly typeName: string = "Sequential";
  constructor(...modules: Module[] | [Readonly<Record<string, Module>> | Map<string, Module>]) {
    super();
    const first = modules[0];
    // The record form is a plain object only: `new Sequential(5)` or `new Sequential([a, b])`
    // fall through to the error below instead of building an empty Sequential.
    if (modules.length === 1 && (isPlainObject(first) || first instanceof Map)) {
      for (const [name, m] of namedEntries("Sequential", first)) this.add(name, m);
      return;
    }
    for (const m of modules as Module[]) {
      if (!(m instanceof Module)) {
        // PyTorch names the type ("function is not a Module subclass"); a number prints as itself.
        const what =
          typeof m === "function"
            ? "function"
            : typeof m === "object" && m !== null
              ? typeNameOf(m as object)
              : String(m);
        // An array is the JS habit (`new Sequential([a, b])`); say how to spread it.
        const hint = Array.isArray(m) ? " (pass the modules as arguments: new Sequential(...modules))" : "";
        throw new TypeError(`Sequential(): ${what} is not a Module subclass${hint}`);
      }
      this.append(m);
    }
  }

  /**
   * A new Sequential of the modules in `[start, end)` (`seq[start:end]`), sharing them and keeping
   * their names, as PyTorch's slice does (`seq.slice(1)` of "0", "1", "2" has "1" and "2").
   */
  slice(start?: number, end?: number): Sequential {
    // Added one by one: spreading a long list into the constructor could overflow the stack.
    const out = new Sequential();
    const names = this.names.slice(start, end);
    const items = this.items.slice(start, end);
    for (let i = 0; i < items.length; i++) out.add(names[i]!, items[i]!);
    return out;
  }

  override forward(input: any): any {
    let x = input;
    for (const m of this.items) x = m.call(x);
    return x;
  }
}

/**
 * A list of modules whose parameters are registered (`torch.nn.ModuleList`). It has no
 * `forward`: the owner decides how to call its items.
 *
 * @example
 * // (not run: a fragment of a Module subclass's constructor and forward)
 * this.layers = this.registerModule("layers", new ModuleList([new Linear(4, 4), new Linear(4, 4)]));
 * for (const layer of this.layers) x = layer.call(x);
 */
export class ModuleList extends IndexedModules {
  static override readonly typeName: string = "ModuleList";
  constructor(modules: Iterable<Module> = []) {
    super();
    this.extend(modules);
  }
}

/**
 * A string-keyed map of modules whose parameters are registered (`torch.nn.ModuleDict`), in
 * insertion order. Like ModuleList, it has no `forward`.
 *
 * @example
 * const heads = new ModuleDict({ cls: new Linear(8, 3), box: new Linear(8, 4) });
 * [...heads.keys()]; // ["cls", "box"]
 * heads.get("box")!.call(randn(2, 8)).shape; // [2, 4]
 */
export class ModuleDict extends Module {
  static override readonly typeName: string = "ModuleDict";
  constructor(modules: Readonly<Record<string, Module>> | Iterable<[string, Module]> = {}) {
    super();
    this.update(modules);
  }

  /** The module under `key` (`md[key]`); throws for a missing key. */
  get(key: string): Module {
    const m = this.getModule(key);
    if (m === undefined || m === null) throw new Error(`ModuleDict.get(): no module under key '${key}'`);
    return m;
  }

  /** Adds or replaces the module under `key` (`md[key] = m`); returns this. */
  set(key: string, module: Module): this {
    this.registerModule(key, module);
    return this;
  }

  /** Whether a module is registered under `key` (`key in moduledict`). */
  has(key: string): boolean {
    return this.getModule(key) !== undefined;
  }

  /** Removes and returns the module under `key` (`pop`). */
  pop(key: string): Module {
    const m = this.get(key);
    this.deleteModule(key);
    return m;
  }

  /** Adds every entry (`update`); returns this. */
  update(modules: Readonly<Record<string, Module>> | Iterable<[string, Module]>): this {
    const entries =
      Symbol.iterator in Object(modules)
        ? (modules as Iterable<[string, Module]>)
        : namedEntries("ModuleDict", modules as Record<string, Module>);
    for (const [k, m] of entries) this.set(k, m);
    return this;
  }

  /** Number of modules (`len(moduledict)`). */
  get length(): number {
    return [...this.keys()].length;
  }

  /** The `[key, module]` pairs in insertion order (`moduledict.items()`). */
  *items(): Generator<[string, Module]> {
    for (const [k, m] of this.moduleEntries()) if (m !== null) yield [k, m];
  }

  /** The keys in insertion order (`moduledict.keys()`). */
  *keys(): Generator<string> {
    for (const [k] of this.items()) yield k;
  }

  /** The modules in insertion order (`moduledict.values()`). */
  *values(): Generator<Module> {
    for (const [, m] of this.items()) yield m;
  }

  /** The keys, as iterating a Python dict gives them. */
  [Symbol.iterator](): Iterator<string> {
    return this.keys();
  }
}

/**
 * The `[name, module]` entries of a Map, or of a plain object in the order it was written — which
 * JS keeps only for names that do not look like integers: it lists `"0"`, `"12"`, ... first,
 * ascending. So an object with such a name among others is refused (it would reorder the layers
 * of a Sequential silently); a Map or `[name, module]` pairs keep any order, as an OrderedDict.
 */
function namedEntries(
  op: string,
  modules: Readonly<Record<string, Module>> | Map<string, Module>,
): [string, Module][] {
  if (modules instanceof Map) return [...modules.entries()];
  const entries = Object.entries(modules);
  const numeric = entries.find(([k]) => String(Number(k) >>> 0) === k && k !== "4294967295");
  if (numeric !== undefined && entries.length > 1) {
    throw new TypeError(
      `${op}(): the name '${numeric[0]}' looks like an integer, and a JS object lists such names first, not in the order written; pass a Map (PyTorch's OrderedDict) or [name, module] pairs to keep the order`,
    );
  }
  return entries;
}

function isPlainObject(value: unknown): value is Record<string, Module> {
  if (typeof value !== "object" || value === null || value instanceof Module) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
