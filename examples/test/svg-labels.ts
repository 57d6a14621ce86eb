/** What the graph tests of the walkthrough, renderDot and the playground look for in an SVG. */
import { expect } from "vitest";

/** The node labels of the seed's loss graph (`makeDot(loss, { params: { pred } })`), as PyTorch names them. */
export const SEED_GRAPH_LABELS = [
  "MeanBackward0",
  "SumBackward1",
  "MulBackward0",
  "LogSoftmaxBackward0",
  "AccumulateGrad",
  "pred",
] as const;

/** Asserts that each label is the whole text of one of the SVG's `<text>` elements. */
export function expectSvgLabels(svg: string, labels: readonly string[]): void {
  for (const label of labels) expect(svg, label).toContain(`>${label}</text>`);
}
