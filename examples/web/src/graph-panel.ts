/**
 * The playground's "See the graph" panel: the autograd graph of the seed's loss (the walkthrough's,
 * redrawn when its inputs change) and of the toy classifier's training loss (its MLP and the seed's
 * loss, parameters named as `namedParameters()` names them), each drawn as torchviz's `make_dot`
 * draws it: `makeDot` writes the DOT, Graphviz (`@viz-js/viz`, its wasm inside the bundle: no
 * network) lays it out as SVG.
 *
 * DOM contract: `#seed-graph` and `#model-graph` hold the SVG; each gets `data-graph-state`
 * "drawing" → "drawn" (or "error").
 */
import { makeDot, noGrad, randn, tensor } from "@tsgrad/core";
import { buildModel, makeCriterion, TOY_DEFAULTS } from "../../lib/toy-model.js";

/** Which request each figure shows: a slow render that finishes after a newer one is dropped. */
const latest = new WeakMap<HTMLElement, number>();
let requests = 0;

/** Lays out `dot` and puts the SVG into `figure` (replacing what was there), labelled `description`. */
export async function drawGraph(figure: HTMLElement, dot: string, description: string): Promise<void> {
  const request = ++requests;
  latest.set(figure, request);
  figure.dataset.graphState = "drawing";
  try {
    // Graphviz (1.2 MB of wasm) loads on first use, in its own chunk, not with the page.
    const { renderDot } = await import("../../lib/render-dot.js");
    const text = await renderDot(dot);
    if (latest.get(figure) !== request) return;
    const svg = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", description);
    figure.replaceChildren(document.importNode(svg, true));
    figure.dataset.graphState = "drawn";
  } catch (e) {
    if (latest.get(figure) !== request) return;
    figure.dataset.graphState = "error";
    figure.textContent = `could not draw the graph: ${e instanceof Error ? e.message : String(e)}`;
    console.error(e);
  }
}

/** The toy classifier's loss graph for `hidden` units; the batch's values and size do not show in it. */
function modelGraphDot(hidden: number): string {
  const model = buildModel(hidden);
  const x = noGrad(() => randn([4, 2]));
  const loss = makeCriterion(TOY_DEFAULTS.smoothing).call(model.call(x), tensor([0, 1, 2, 0]));
  return makeDot(loss, { params: Object.fromEntries(model.namedParameters()) });
}

/** Draws the model's graph now and again whenever the hidden-size control changes. */
export function initGraphPanel(hiddenInput: HTMLInputElement, figure: HTMLElement): void {
  const draw = () => {
    const hidden = Number(hiddenInput.value);
    if (!(Number.isInteger(hidden) && hidden >= 1 && hidden <= 256)) return;
    void drawGraph(
      figure,
      modelGraphDot(hidden),
      `Autograd graph of the toy classifier's loss with hidden size ${hidden}: MeanBackward0 from the fused LabelSmoothingLoss, then AddmmBackward0 and ReluBackward0 for each layer, down to AccumulateGrad and the named parameters`,
    );
  };
  hiddenInput.addEventListener("change", draw);
  draw();
}
