/**
 * Graphviz DOT → SVG with `@viz-js/viz` (Graphviz compiled to WebAssembly, the wasm embedded in the
 * package: no network, no native binary), in Node and in the browser alike. It lives in the
 * examples, not in @tsgrad/core, so that the core package (and its `<script>` bundle) carries no
 * 1.2 MB Graphviz for people who never draw a graph: `makeDot` writes the DOT, this lays it out.
 *
 * The same in your own code: `(await instance()).renderString(makeDot(loss), { format: "svg" })`,
 * with `import { instance } from "@viz-js/viz"`.
 */
import { instance } from "@viz-js/viz";

/**
 * Lays out `dot` with Graphviz's `dot` engine and returns the SVG document. Throws Graphviz's own
 * messages when the DOT does not parse.
 *
 * Each call makes a fresh Graphviz instance (about 50 ms): @viz-js/viz 3.31.0 (Graphviz 16.1.0,
 * and 3.28-3.30 alike) corrupts its wasm state when one instance renders torchviz's node style
 * (`fontname=monospace ... style=filled` with a label like "\n ()") twice, and its second render
 * fails with "null function or function signature mismatch"; a fresh instance never does
 * (render-dot.test.ts renders the same graph repeatedly).
 *
 * PyTorch: `torchviz.make_dot(loss).pipe(format="svg")` (which runs the system's Graphviz).
 * @example
 * const svg = await renderDot(makeDot(loss, { params: { pred } }));
 */
export async function renderDot(dot: string): Promise<string> {
  const viz = await instance();
  const result = viz.render(dot, { format: "svg", engine: "dot" });
  if (result.status !== "success") {
    throw new Error(
      `renderDot(): Graphviz could not lay out the graph: ${result.errors.map((e) => e.message).join("; ")}`,
    );
  }
  return result.output;
}
