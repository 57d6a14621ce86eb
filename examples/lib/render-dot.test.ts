import { makeDot, tensor } from "@tsgrad/core";
import { labelSmoothingLossReference } from "@tsgrad/losses";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { expectSvgLabels, SEED_GRAPH_LABELS } from "../test/svg-labels.js";
import { renderDot } from "./render-dot.js";
import { PRED, runWalkthrough, TARGET } from "./walkthrough.js";

describe("renderDot (Graphviz via @viz-js/viz)", () => {
  it("draws the seed's loss graph as an SVG with every node's label in it", async () => {
    const pred = tensor(PRED, { requiresGrad: true });
    const loss = labelSmoothingLossReference(pred, tensor(TARGET), { smoothing: 0.01 });
    const svg = await renderDot(makeDot(loss, { params: { pred } }));
    expect(svg).toMatch(/^<\?xml.*<svg .*<\/svg>\s*$/s);
    expectSvgLabels(svg, [...SEED_GRAPH_LABELS, " (5, 3)"]);
    // One box per node (6 backward nodes, the leaf and the output), one path per arrow (7).
    expect(svg.match(/<g id="node\d+" class="node">/g)).toHaveLength(8);
    expect(svg.match(/<g id="edge\d+" class="edge">/g)).toHaveLength(7);
    expect(svg).toContain('fill="lightblue"');
    expect(svg).toContain('fill="#caff70"'); // darkolivegreen1, which SVG has no name for
  });

  it("renders the same graph again and again (a fresh Graphviz each time, see renderDot)", async () => {
    const pred = tensor(PRED, { requiresGrad: true });
    const dot = makeDot(labelSmoothingLossReference(pred, tensor(TARGET), { smoothing: 0.01 }), {
      params: { pred },
    });
    const first = await renderDot(dot);
    for (let i = 0; i < 4; i++) expect(await renderDot(dot)).toBe(first);
  });

  it("reports Graphviz's parse error for a bad DOT string", async () => {
    await expect(renderDot("digraph { a -> }")).rejects.toThrow(
      /^renderDot\(\): Graphviz could not lay out the graph: syntax error in line 1 near '}'/,
    );
  });

  it("docs/autograd-graph.md shows the walkthrough's DOT and SVG as they are (regenerate: pnpm walkthrough --graph docs/autograd-graph-seed.svg)", async () => {
    const { graph } = runWalkthrough({ smoothing: 0.01, log: () => {} });
    const doc = readFileSync(new URL("../../docs/autograd-graph.md", import.meta.url), "utf8");
    expect(doc).toContain(`\`\`\`\n${graph}\`\`\``);
    const svg = readFileSync(new URL("../../docs/autograd-graph-seed.svg", import.meta.url), "utf8");
    expect(svg).toBe(await renderDot(graph));
  });
});
