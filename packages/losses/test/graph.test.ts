/**
 * `makeDot` / `autogradGraph` against the graphs PyTorch 1.13 builds, drawn as torchviz's
 * `make_dot` draws them (fixtures/graph.json, written by tools/fixtures/gen_graph.py): the same
 * Graphviz statements in the same order, node ids numbered in visiting order on both sides.
 * Here (not in core) because the programs use nn's layers and the seed's loss.
 */
import { readFileSync } from "node:fs";
import {
  autograd,
  autogradGraph,
  type FunctionCtx,
  type GraphStatement,
  makeDot,
  manualSeed,
  randn,
  type Tensor,
  tensor,
} from "@tsgrad/core";
import { Linear, ReLU, Sequential } from "@tsgrad/nn";
import { MyExp } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import { crossEntropy, LabelSmoothingLoss, labelSmoothingLossReference } from "../src/index.js";

interface GraphRecord {
  name: string;
  show_saved: boolean;
  statements: GraphStatement[];
  /** The shapes of each backward node's saved tensors (sorted), in the order of its node statement. */
  saved: number[][][];
}
const fixture = JSON.parse(readFileSync(new URL("./fixtures/graph.json", import.meta.url), "utf8")) as {
  records: GraphRecord[];
  /** torchviz's show_attrs label of `op(x).grad_fn` for nodes whose only attributes are saved tensors. */
  attr_labels: { op: "exp" | "tanh" | "sigmoid"; max_attr_chars: number; label: string }[];
};
const graph = (name: string): GraphRecord => {
  const r = fixture.records.find((g) => g.name === name);
  if (r === undefined) throw new Error(`graph.json has no graph ${name}`);
  return r;
};

const PRED = [
  [0.1796, -0.044, 0.4484],
  [-0.2746, 0.1361, 0.3606],
  [-0.1053, 0.0179, 0.4667],
  [-0.0686, -0.2447, 0.4115],
  [-0.0467, 0.3776, 0.0937],
];
const TARGET = [0, 1, 2, 1, 0];

/** The seed's loss as its class writes it, line for line (`labelSmoothingLossReference`). */
function seedLoss(): { loss: Tensor; pred: Tensor } {
  const pred = tensor(PRED, { requiresGrad: true });
  return { loss: labelSmoothingLossReference(pred, tensor(TARGET), { smoothing: 0.01 }), pred };
}

/** Renumbers ids in order of first use, as both sides number them. */
function renumber(statements: readonly GraphStatement[]): GraphStatement[] {
  const ids = new Map<string, string>();
  const id = (s: string) => {
    if (!ids.has(s)) ids.set(s, String(ids.size));
    return ids.get(s)!;
  };
  return statements.map((s) =>
    s.kind === "node" ? { ...s, id: id(s.id) } : { ...s, from: id(s.from), to: id(s.to) },
  );
}

/**
 * PyTorch's drawing with each one-input backward node named `name` taken out and its input joined
 * to its consumer: what tsgrad draws where one fused kernel does the work of PyTorch's two nodes.
 */
function contract(statements: readonly GraphStatement[], name: string): GraphStatement[] {
  let out = statements.slice();
  for (const n of statements.filter((s) => s.kind === "node" && s.label === name)) {
    const id = (n as { id: string }).id;
    const into = out.filter((s) => s.kind === "edge" && s.to === id);
    const from = out.filter((s) => s.kind === "edge" && s.from === id);
    if (into.length !== 1 || from.length !== 1) throw new Error(`${name} is not a chain node`);
    const consumer = (from[0] as { to: string }).to;
    out = out
      .filter((s) => s !== n && s !== from[0])
      .map((s) => (s === into[0] ? { ...s, to: consumer } : s));
  }
  return renumber(out);
}

/** The statements back from a DOT string (the lines makeDot writes), to check the string itself. */
function parseDot(dot: string): GraphStatement[] {
  const out: GraphStatement[] = [];
  for (const line of dot.split("\n")) {
    const edge = /^\t(\d+) -> (\d+)(?: \[(.*)\])?$/.exec(line);
    if (edge !== null) {
      const attrs = Object.fromEntries(
        (edge[3] ?? "")
          .split(" ")
          .filter(Boolean)
          .map((a) => a.split("=")),
      );
      out.push({ kind: "edge", from: edge[1]!, to: edge[2]!, ...attrs });
      continue;
    }
    const node = /^\t(\d+) \[label="((?:[^"\\]|\\.)*)"(?: fillcolor=(\w+))?\]$/.exec(line);
    if (node !== null) {
      const label = node[2]!.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
      out.push(
        node[3] === undefined
          ? { kind: "node", id: node[1]!, label }
          : { kind: "node", id: node[1]!, label, fillcolor: node[3] },
      );
    }
  }
  return out;
}

/** Each backward node's saved shapes (sorted), from a `showSaved` drawing, in node order. */
function savedShapes(statements: readonly GraphStatement[]): number[][][] {
  const fns = statements.filter((s) => s.kind === "node" && s.fillcolor === undefined) as { id: string }[];
  const label = new Map(
    statements
      .filter((s) => s.kind === "node")
      .map((s) => [(s as { id: string }).id, (s as { label: string }).label]),
  );
  const shape = (l: string) => JSON.parse(`[${/\((.*)\)$/.exec(l)![1]}]`) as number[];
  const order = (a: number[], b: number[]) => JSON.stringify(a).localeCompare(JSON.stringify(b));
  return fns.map((f) =>
    statements
      .filter((s) => s.kind === "edge" && s.from === f.id && s.dir === "none")
      .map((s) => shape(label.get((s as { to: string }).to)!))
      .sort(order),
  );
}

/** Without the saved-tensor boxes and their arrows: what the drawing is without `showSaved`. */
function withoutSaved(statements: readonly GraphStatement[]): GraphStatement[] {
  const saved = new Set(
    statements
      .filter((s) => s.kind === "node" && s.fillcolor === "orange")
      .map((s) => (s as { id: string }).id),
  );
  return renumber(
    statements.filter((s) => (s.kind === "node" ? !saved.has(s.id) : !saved.has(s.to) && !saved.has(s.from))),
  );
}

/** True when every shape of `sub` is in `sup`, counted with multiplicity. */
function isSubMultiset(sub: number[][], sup: number[][]): boolean {
  const left = sup.map((s) => JSON.stringify(s));
  return sub.every((s) => {
    const i = left.indexOf(JSON.stringify(s));
    if (i < 0) return false;
    left.splice(i, 1);
    return true;
  });
}

class MyMul extends autograd.Function {
  static override forward(ctx: FunctionCtx, a: Tensor, b: Tensor): Tensor {
    ctx.saveForBackward(a, b);
    return a.mul(b);
  }
  static override backward(ctx: FunctionCtx, g: Tensor): Tensor[] {
    const [a, b] = ctx.savedTensors;
    return [g.mul(b!), g.mul(a!)];
  }
}

describe("makeDot draws PyTorch's graphs as torchviz does (graph.json)", () => {
  it("the seed's LabelSmoothingLoss: the same statements, from the graph and from the DOT string", () => {
    const { loss, pred } = seedLoss();
    const expected = graph("seed").statements;
    expect(autogradGraph(loss, { params: { pred } }).statements).toEqual(expected);
    expect(parseDot(makeDot(loss, { params: { pred } }))).toEqual(expected);
    // The chain the post's class builds, root first.
    const names = expected
      .filter((s) => s.kind === "node" && s.fillcolor === undefined)
      .map((s) => (s as { label: string }).label);
    expect(names).toEqual([
      "MeanBackward0",
      "SumBackward1",
      "MulBackward0",
      "MulBackward0",
      "LogSoftmaxBackward0",
      "AccumulateGrad",
    ]);
  });

  it("the seed's loss with showSaved: the same graph plus saved boxes; each node saves at least PyTorch's shapes", () => {
    const { loss, pred } = seedLoss();
    const ours = autogradGraph(loss, { params: { pred }, showSaved: true }).statements;
    const torch = graph("seed_saved");
    expect(withoutSaved(ours)).toEqual(graph("seed").statements);
    expect(withoutSaved(torch.statements)).toEqual(graph("seed").statements);
    const mine = savedShapes(ours);
    expect(mine.length).toBe(torch.saved.length);
    // tsgrad's mul saves both operands where PyTorch saves only those the needed gradients use.
    torch.saved.forEach((shapes, i) => {
      expect(isSubMultiset(shapes, mine[i]!), `node ${i}`).toBe(true);
    });
  });

  it("an MLP and crossEntropy, parameters named by namedParameters(): PyTorch's graph, its LogSoftmaxBackward0 fused into NllLossBackward0", () => {
    manualSeed(0);
    const mlp = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 3));
    const loss = crossEntropy(mlp.call(randn([6, 4])) as Tensor, tensor([0, 1, 2, 1, 0, 2]));
    const params = Object.fromEntries(mlp.namedParameters());
    // tsgrad's cross_entropy is one fused kernel (log_softmax and nll_loss in one pass), so one node.
    expect(autogradGraph(loss, { params }).statements).toEqual(
      contract(graph("mlp_cross_entropy").statements, "LogSoftmaxBackward0"),
    );
    expect(parseDot(makeDot(loss, { params }))).toEqual(
      contract(graph("mlp_cross_entropy").statements, "LogSoftmaxBackward0"),
    );
  });

  it("a shared subexpression is one box with an arrow to each consumer", () => {
    const x = tensor([0.5, -1.25, 2.0], { requiresGrad: true });
    const w = tensor([1.5, 0.25, -0.75], { requiresGrad: true });
    const a = x.mul(w);
    const out = a.mul(a.tanh()).sum().add(a.exp().mean());
    expect(autogradGraph(out, { params: { x, w } }).statements).toEqual(graph("shared").statements);
  });

  it("an output that is a view: its base drawn dark green with a dotted arrow; a leaf used twice", () => {
    const x = tensor(
      [
        [0.5, -1.25, 2.0],
        [0.25, 1.0, -0.5],
      ],
      { requiresGrad: true },
    );
    const out = x.exp().mul(x).transpose(0, 1);
    expect(autogradGraph(out, { params: { x } }).statements).toEqual(graph("view_output").statements);
  });

  it("several outputs (make_dot of a tuple) share one drawing; an unnamed leaf shows its shape only", () => {
    const x = tensor([0.5, -1.25, 2.0], { requiresGrad: true });
    const h = x.sigmoid();
    expect(autogradGraph([h.sum(), h.mul(x).mean()]).statements).toEqual(graph("two_outputs").statements);
  });

  it("the fused LabelSmoothingLoss module draws one node with the seed's root name", () => {
    const pred = tensor(PRED, { requiresGrad: true });
    const loss = new LabelSmoothingLoss(3, 0.01).call(pred, tensor(TARGET));
    const names = autogradGraph(loss, { params: { pred } }).nodes.map((n) => n.label);
    expect(names).toEqual(["\n ()", "MeanBackward0", "pred\n (5, 3)", "AccumulateGrad"]);
  });

  it("custom Functions: their saved tensors always drawn after their inputs (a saved leaf is the leaf's box)", () => {
    const x = tensor([0.5, -1.25, 2.0], { requiresGrad: true });
    const w = tensor([1.5, 0.25, -0.75], { requiresGrad: true });
    const out = MyMul.apply(MyExp.apply(x), w).sum();
    expect(autogradGraph(out, { params: { x, w } }).statements).toEqual(graph("custom_function").statements);
  });

  it("showAttrs: torchviz's attribute table, with maxAttrChars cutting", () => {
    for (const { op, max_attr_chars, label } of fixture.attr_labels) {
      const x = tensor([0.5, -1.25, 2.0], { requiresGrad: true });
      const y = x[op]();
      const box = autogradGraph(y, { showAttrs: true, maxAttrChars: max_attr_chars }).nodes[1]!;
      expect(box.label, `${op} ${max_attr_chars}`).toBe(label);
    }
  });
});
