/**
 * The autograd graph drawn: `makeDot` is torchviz's `make_dot` (torchviz is a separate Python
 * package; its one function lives here, next to the graph it walks, since it needs no dependency).
 * It walks a tensor's `gradFn` back to the leaves exactly as torchviz walks
 * `grad_fn.next_functions`, and writes the same Graphviz statements in the same order, with node
 * ids numbered in that order instead of Python object addresses, so a DOT string is reproducible.
 */
import { checkOptions, describeValue, type OptionsSpec } from "../options.js";
import { Tensor } from "../tensor.js";
import type { Node } from "./node.js";

/** `makeDot`'s keyword options (torchviz's `make_dot` arguments). */
export interface MakeDotOptions {
  /**
   * Names for tensors that require grad, e.g. `Object.fromEntries(model.namedParameters())`
   * (torchviz's `params=dict(model.named_parameters())`): a leaf's box shows its name above its shape.
   */
  params?: Readonly<Record<string, Tensor>> | ReadonlyMap<string, Tensor> | null;
  /**
   * Also list each node's saved tensors in its box (`show_attrs`). PyTorch also lists the node's
   * non-tensor attributes (`dim`, `keepdim`, sizes); tsgrad's backward rules keep those in their
   * closures, so only the saved tensors can be shown.
   */
  showAttrs?: boolean;
  /** Draw the saved tensors as orange boxes joined to their node (`show_saved`). */
  showSaved?: boolean;
  /** In `showAttrs` boxes, cut values longer than this (`max_attr_chars`, default 50, at least 3). */
  maxAttrChars?: number;
}

const MAKE_DOT_OPTIONS: OptionsSpec<MakeDotOptions> = {
  params: "any",
  showAttrs: "boolean",
  showSaved: "boolean",
  maxAttrChars: "integer",
};

/** One box of the drawing: its deterministic id, its label lines joined by "\n", its fill colour. */
export interface GraphBox {
  /** The Graphviz node id (numbered in visiting order). */
  readonly id: string;
  /** The box's text: a node's name, or a tensor's name and shape. */
  readonly label: string;
  /** `lightblue` (a leaf that requires grad), `darkolivegreen1` (an output), `darkolivegreen3` (an output's view base), `orange` (a saved tensor); undefined for a backward node (drawn grey). */
  readonly fillcolor?: string;
}

/** One arrow: `from -> to`, with torchviz's `dir=none` (a saved tensor) or `style=dotted` (a view's base). */
export interface GraphArrow {
  /** The id the arrow starts at. */
  readonly from: string;
  /** The id the arrow points to. */
  readonly to: string;
  /** `"none"` for the line to a saved tensor. */
  readonly dir?: "none";
  /** `"dotted"` for the line to a view's base. */
  readonly style?: "dotted";
}

/** One Graphviz statement of the drawing, in the order torchviz writes it. */
export type GraphStatement =
  | ({ readonly kind: "node" } & GraphBox)
  | ({ readonly kind: "edge" } & GraphArrow);

/**
 * The drawing `makeDot` writes, as data: every statement in order (a box may be written more than
 * once, as torchviz does; Graphviz keeps the last attributes), and `nodes` / `edges` with each box
 * once (its last label and colour) for tests and other renderers.
 */
export interface AutogradGraph {
  /** Every statement in torchviz's order. */
  readonly statements: readonly GraphStatement[];
  /** Each box once, with its last attributes. */
  readonly nodes: readonly GraphBox[];
  /** Each arrow. */
  readonly edges: readonly GraphArrow[];
}

/** A leaf's `AccumulateGrad` node, which tsgrad does not keep as an object: one per leaf tensor. */
class AccumulateGrad {
  readonly name = "AccumulateGrad";
  constructor(readonly variable: Tensor) {}
}

const FREED =
  "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.";

/** PyTorch's `size_to_str`: `(3, 5)`, `(5)` for one dim, `()` for a scalar. */
function sizeToStr(shape: readonly number[]): string {
  return `(${shape.join(", ")})`;
}

/**
 * Whether PyTorch would call `t` a view (`_is_view()`). An op that returned its result as a
 * reshaped view of an internal buffer would not be drawn as a view: that buffer never requires
 * grad, while the base of a real view with a graph always does (in PyTorch too: an in-place write
 * through a view gives its base a `grad_fn`). test/view-results.test.ts checks the common ops.
 */
function isPyTorchView(t: Tensor): boolean {
  return t.base !== null && (t.gradFn === null || t.base.requiresGrad);
}

/** A custom `autograd.Function`'s node, whose saved tensors torchviz always draws (`fn.saved_tensors`). */
function isCustomFunction(fn: Node): boolean {
  return fn.multiBackward !== null;
}

/**
 * The saved tensors of `fn` with their names. PyTorch names each `_saved_<attr>`; tsgrad's nodes
 * keep an unnamed list, so the op's own output is `result` (PyTorch's name for it) and the others
 * are `saved[i]` by position.
 */
function savedOf(fn: Node): { name: string; tensor: Tensor; isResult: boolean }[] {
  if (fn.saved === null) throw new Error(`make_dot(): ${fn.name}: ${FREED}`);
  return fn.saved.map((t, i) => {
    const isResult = t.gradFn === fn;
    return { name: isResult ? "result" : `saved[${i}]`, tensor: t, isResult };
  });
}

/** torchviz's `get_fn_name`: the node's name, and with `showAttrs` a table of its saved tensors. */
function fnLabel(fn: Node, showAttrs: boolean, maxAttrChars: number): string {
  if (!showAttrs || isCustomFunction(fn)) return fn.name;
  const attrs = savedOf(fn).map((s) => [s.name, "[saved tensor]"] as const);
  if (attrs.length === 0) return fn.name;
  const max = Math.max(maxAttrChars, 3);
  let col1 = 0;
  let col2 = 0;
  for (const [k, v] of attrs) {
    col1 = Math.max(col1, k.length);
    col2 = Math.max(col2, v.length);
  }
  col2 = Math.min(col2, max);
  const sep = "-".repeat(Math.max(col1 + col2 + 2, fn.name.length));
  const cut = (s: string) => (s.length > col2 ? `${s.slice(0, col2 - 3)}...` : s);
  const rows = attrs.map(([k, v]) => `${k.padEnd(col1)}: ${cut(v).padStart(col2)}`);
  return `${fn.name}\n${sep}\n${rows.join("\n")}`;
}

function paramNames(params: MakeDotOptions["params"]): Map<Tensor, string> {
  const names = new Map<Tensor, string>();
  if (params === undefined || params === null) return names;
  if (typeof params !== "object") {
    throw new TypeError(
      `make_dot(): params must map names to Tensors (e.g. Object.fromEntries(model.namedParameters())), but got ${describeValue(params)}`,
    );
  }
  const entries = params instanceof Map ? [...params.entries()] : Object.entries(params);
  for (const [name, t] of entries) {
    if (!(t instanceof Tensor)) {
      throw new TypeError(`make_dot(): params['${name}'] must be a Tensor, but got ${describeValue(t)}`);
    }
    names.set(t, name); // a tensor given twice takes its last name, as torchviz's dict does
  }
  return names;
}

/**
 * The graph `makeDot` draws, as data (its statements, boxes and arrows); see {@link makeDot}.
 *
 * @example
 * const x = ones([3], { requiresGrad: true });
 * autogradGraph(x.exp().sum()).nodes.map((n) => n.label); // ["\n ()", "SumBackward0", "ExpBackward0", "\n (3)", "AccumulateGrad"]
 */
export function autogradGraph(
  output: Tensor | readonly Tensor[],
  options: MakeDotOptions = {},
): AutogradGraph {
  const {
    params,
    showAttrs = false,
    showSaved = false,
    maxAttrChars = 50,
  } = checkOptions("make_dot", options, MAKE_DOT_OPTIONS, 1);
  const outputs = output instanceof Tensor ? [output] : output;
  if (!Array.isArray(outputs) || outputs.some((t) => !(t instanceof Tensor))) {
    throw new TypeError(
      `make_dot(): expected a Tensor or an array of Tensors, but got ${describeValue(output)}`,
    );
  }
  const names = paramNames(params);
  const statements: GraphStatement[] = [];
  const ids = new Map<object, string>();
  const id = (o: object): string => {
    let s = ids.get(o);
    if (s === undefined) {
      s = String(ids.size);
      ids.set(o, s);
    }
    return s;
  };
  const accumulators = new Map<Tensor, AccumulateGrad>();
  const seen = new Set<object>();
  const varLabel = (t: Tensor, name?: string) => `${name || (names.get(t) ?? "")}\n ${sizeToStr(t._shape)}`;
  const node = (o: object, label: string, fillcolor?: string) =>
    statements.push(
      fillcolor === undefined
        ? { kind: "node", id: id(o), label }
        : { kind: "node", id: id(o), label, fillcolor },
    );
  const edge = (from: object, to: object, attr: { dir?: "none"; style?: "dotted" } = {}) =>
    statements.push({ kind: "edge", from: id(from), to: id(to), ...attr });

  const accumulator = (leaf: Tensor): AccumulateGrad => {
    let acc = accumulators.get(leaf);
    if (acc === undefined) {
      acc = new AccumulateGrad(leaf);
      accumulators.set(leaf, acc);
    }
    return acc;
  };

  // torchviz's recursive add_nodes as an explicit stack of its steps, so that a graph thousands of
  // ops deep does not overflow the call stack. Popping must give torchviz's order: for each
  // input, its edge and then its whole subgraph; then a custom Function's saved tensors.
  type Step =
    | { readonly visit: Node | AccumulateGrad }
    | { readonly edge: Node | AccumulateGrad; readonly to: Node }
    | { readonly savedOf: Node };
  const addNodes = (root: Node) => {
    const stack: Step[] = [{ visit: root }];
    while (stack.length > 0) {
      const step = stack.pop()!;
      if ("edge" in step) {
        edge(step.edge, step.to);
        continue;
      }
      if ("savedOf" in step) {
        for (const s of savedOf(step.savedOf)) {
          const key = s.isResult ? {} : s.tensor;
          seen.add(key);
          edge(key, step.savedOf, { dir: "none" });
          node(key, varLabel(s.tensor), "orange");
        }
        continue;
      }
      const fn = step.visit;
      if (seen.has(fn)) continue;
      seen.add(fn);
      if (fn instanceof AccumulateGrad) {
        seen.add(fn.variable);
        node(fn.variable, varLabel(fn.variable), "lightblue");
        edge(fn.variable, fn);
        node(fn, fn.name);
        continue;
      }
      if (showSaved && !isCustomFunction(fn)) {
        for (const s of savedOf(fn)) {
          // PyTorch unpacks a saved output as a new tensor on each access (a box of its own), and
          // a saved input as the input itself (the same box); so for custom Functions below.
          const key = s.isResult ? {} : s.tensor;
          seen.add(key);
          edge(fn, key, { dir: "none" });
          node(key, varLabel(s.tensor, s.name), "orange");
        }
      }
      node(fn, fnLabel(fn, showAttrs, maxAttrChars));
      if (isCustomFunction(fn)) stack.push({ savedOf: fn });
      for (let i = fn.inputs.length - 1; i >= 0; i--) {
        const input = fn.inputs[i];
        if (input === null || input === undefined) continue;
        // An input that was a leaf when the op ran has no next node: its AccumulateGrad.
        const child = fn.next[i] ?? accumulator(input);
        stack.push({ visit: child }, { edge: child, to: fn });
      }
    }
  };

  // torchviz's add_base_tensor: an output, its graph, and (dotted, darker) the tensor it views.
  const addBaseTensor = (t: Tensor, color: string) => {
    if (seen.has(t)) return;
    seen.add(t);
    node(t, varLabel(t), color);
    if (t.gradFn !== null) {
      addNodes(t.gradFn);
      edge(t.gradFn, t);
    }
    if (t.base !== null && isPyTorchView(t)) {
      addBaseTensor(t.base, "darkolivegreen3");
      edge(t.base, t, { style: "dotted" });
    }
  };
  for (const t of outputs) addBaseTensor(t, "darkolivegreen1");

  const boxes = new Map<string, GraphBox>();
  const edges: GraphArrow[] = [];
  for (const s of statements) {
    if (s.kind === "node") {
      const { kind: _, ...box } = s;
      boxes.set(box.id, box);
    } else {
      const { kind: _, ...arrow } = s;
      edges.push(arrow);
    }
  }
  return { statements, nodes: [...boxes.values()], edges };
}

/** A DOT double-quoted string: backslashes and quotes escaped, line breaks as `\n`. */
function quote(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

/**
 * A Graphviz DOT string of the autograd graph behind `output` (or several outputs), as torchviz's
 * `make_dot` draws it: a grey box per backward node named as PyTorch names it
 * (`LogSoftmaxBackward0`), an `AccumulateGrad` box per leaf with a light blue box above it showing
 * the leaf's name from `params` and its shape as `(5, 3)`, the output in green, arrows in the
 * forward direction, and with `showSaved` the tensors each node saved for backward in orange.
 * Node ids are numbered in the order torchviz visits the graph (it uses object addresses), so the
 * string is the same on every run. Render it with Graphviz, e.g. `@viz-js/viz` (see the README).
 *
 * PyTorch: `torchviz.make_dot(loss, params=dict(model.named_parameters()), show_attrs=False, show_saved=False)`.
 *
 * Differences: saved tensors are named `result` (the op's output) or `saved[i]` (PyTorch names
 * each attribute, e.g. `self`, `other`), and `showAttrs` lists only them, since tsgrad's backward
 * rules keep non-tensor attributes in closures. After a backward without `retainGraph`, `showSaved`
 * and `showAttrs` throw PyTorch's "saved tensors ... have already been freed" error, as torchviz does.
 *
 * @example
 * const model = new Linear(3, 1);
 * const loss = model.call(ones([2, 3])).mean();
 * const graph = makeDot(loss, { params: Object.fromEntries(model.namedParameters()) });
 * // digraph {
 * //   graph [size="12,12"]
 * //   node [align=left fontname=monospace fontsize=10 height=0.2 ranksep=0.1 shape=box style=filled]
 * //   0 [label="\n ()" fillcolor=darkolivegreen1]
 * //   1 [label="MeanBackward0"]
 * //   ...
 */
export function makeDot(output: Tensor | readonly Tensor[], options: MakeDotOptions = {}): string {
  const { statements } = autogradGraph(output, options);
  // torchviz's resize_graph: 0.15 inch per statement, at least 12.
  const size = String(Math.max(12, statements.length * 0.15));
  const lines = [
    "digraph {",
    `\tgraph [size="${size},${size}"]`,
    "\tnode [align=left fontname=monospace fontsize=10 height=0.2 ranksep=0.1 shape=box style=filled]",
  ];
  for (const s of statements) {
    if (s.kind === "node") {
      lines.push(
        `\t${s.id} [label=${quote(s.label)}${s.fillcolor === undefined ? "" : ` fillcolor=${s.fillcolor}`}]`,
      );
    } else {
      const attrs = [
        s.dir === undefined ? "" : `dir=${s.dir}`,
        s.style === undefined ? "" : `style=${s.style}`,
      ]
        .filter((a) => a !== "")
        .join(" ");
      lines.push(`\t${s.from} -> ${s.to}${attrs === "" ? "" : ` [${attrs}]`}`);
    }
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}
