/**
 * `makeDot` / `autogradGraph` on their own: the DOT text, ids that do not depend on the run, the
 * torchviz size rule, quoting, deep graphs, and the errors. The drawings are compared with
 * PyTorch's (via torchviz's traversal) in packages/losses/test/graph.test.ts, which can build the
 * seed's loss and nn's layers.
 */
import { describe, expect, it } from "vitest";
import { autograd, autogradGraph, makeDot, type Tensor, tensor } from "../index.js";

const leaf = () => tensor([0.5, -1.25, 2.0], { requiresGrad: true });

describe("makeDot", () => {
  it("writes torchviz's header, one statement a line, and the same text on every run", () => {
    const x = leaf();
    const dot = makeDot(x.exp().sum(), { params: { x } });
    expect(dot).toBe(
      [
        "digraph {",
        '\tgraph [size="12,12"]',
        "\tnode [align=left fontname=monospace fontsize=10 height=0.2 ranksep=0.1 shape=box style=filled]",
        '\t0 [label="\\n ()" fillcolor=darkolivegreen1]',
        '\t1 [label="SumBackward0"]',
        "\t2 -> 1",
        '\t2 [label="ExpBackward0"]',
        "\t3 -> 2",
        '\t4 [label="x\\n (3)" fillcolor=lightblue]',
        "\t4 -> 3",
        '\t3 [label="AccumulateGrad"]',
        "\t1 -> 0",
        "}",
        "",
      ].join("\n"),
    );
    const y = leaf();
    expect(makeDot(y.exp().sum(), { params: { x: y } })).toBe(dot);
    expect(autograd.makeDot).toBe(makeDot);
  });

  it("grows the drawing as torchviz's resize_graph does: 0.15 per statement, at least 12", () => {
    let y: Tensor = leaf();
    for (let i = 0; i < 60; i++) y = y.exp();
    const n = autogradGraph(y).statements.length;
    expect(n).toBe(1 + 60 * 2 + 3 + 1);
    expect(makeDot(y)).toContain(`\tgraph [size="${n * 0.15},${n * 0.15}"]`);
  });

  it("quotes labels: a parameter name with quotes and backslashes stays one label", () => {
    const x = leaf();
    expect(makeDot(x.exp(), { params: { 'a"b\\c': x } })).toContain(
      '[label="a\\"b\\\\c\\n (3)" fillcolor=lightblue]',
    );
  });

  it("names a leaf by the last name it has in params (torchviz builds a dict) (a Map works too), and a leaf output draws one box", () => {
    const x = leaf();
    const g = autogradGraph(x.exp(), {
      params: new Map([
        ["first", x],
        ["second", x],
      ]),
    });
    expect(g.nodes.find((n) => n.fillcolor === "lightblue")!.label).toBe("second\n (3)");
    expect(autogradGraph(x).statements).toEqual([
      { kind: "node", id: "0", label: "\n (3)", fillcolor: "darkolivegreen1" },
    ]);
  });

  it("draws a graph 20000 ops deep (no recursion)", () => {
    let y: Tensor = leaf();
    for (let i = 0; i < 20000; i++) y = y.neg();
    expect(autogradGraph(y).nodes.length).toBe(20003);
  });

  it("draws the graph after backward; its saved tensors are gone then, as PyTorch's", () => {
    const x = leaf();
    const y = x.exp().sum();
    y.backward();
    expect(autogradGraph(y).nodes.map((n) => n.label)).toEqual([
      "\n ()",
      "SumBackward0",
      "ExpBackward0",
      "\n (3)",
      "AccumulateGrad",
    ]);
    expect(() => makeDot(y, { showSaved: true })).toThrow(
      /^make_dot\(\): ExpBackward0: Trying to backward through the graph a second time/,
    );
    const z = x.exp().sum();
    z.backward(null, { retainGraph: true });
    expect(autogradGraph(z, { showSaved: true }).nodes.filter((n) => n.fillcolor === "orange").length).toBe(
      1,
    );
  });

  it("showSaved: the op's own output as a separate 'result' box, a saved input as the input's box", () => {
    const x = leaf();
    const w = leaf();
    const g = autogradGraph(x.mul(w).exp(), { params: { x, w }, showSaved: true });
    // exp saves its result: a box of its own. mul saves x and w: their own boxes, drawn orange
    // first and light blue when the walk reaches them (Graphviz keeps the last), as torchviz does.
    expect(g.nodes.filter((n) => n.fillcolor === "orange").map((n) => n.label)).toEqual(["result\n (3)"]);
    const saved = g.statements.flatMap((s) =>
      s.kind === "node" && s.fillcolor === "orange" ? [s.label] : [],
    );
    expect(saved).toEqual(["result\n (3)", "saved[0]\n (3)", "saved[1]\n (3)"]);
    expect(g.nodes.filter((n) => n.fillcolor === "lightblue").map((n) => n.label)).toEqual([
      "x\n (3)",
      "w\n (3)",
    ]);
    expect(g.edges.filter((e) => e.dir === "none").length).toBe(3);
  });
});
