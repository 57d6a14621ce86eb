/**
 * The seed blog post, replayed with tsgrad: the `LabelSmoothingLoss` walkthrough
 * (log_softmax → zeros_like → fill_ → scatter_ → weighted sum → mean → backward), each step under
 * the PyTorch line it mirrors, printed exactly as PyTorch prints it. Then the seed's loss beside
 * PyTorch's `CrossEntropyLoss(label_smoothing=β)` and the conversion between the two conventions;
 * last, the loss's autograd graph drawn (makeDot → Graphviz) to examples/out/seed-graph.svg.
 *
 * Run: `pnpm exec tsx --conditions=tsgrad-source seed-walkthrough.ts` (from examples/).
 * seed-walkthrough.test.ts checks every printed tensor against what real PyTorch 1.13 prints.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { cliArgs, defaultIo, type Io, isMain, numberFlag } from "./lib/cli.js";
import { renderDot } from "./lib/render-dot.js";
import { runWalkthrough, type Step, type WalkthroughResult } from "./lib/walkthrough.js";

export { PRED, type Step, TARGET, type WalkthroughResult } from "./lib/walkthrough.js";

/** Where the drawing of the loss's autograd graph goes by default (gitignored). */
const DEFAULT_GRAPH = fileURLToPath(new URL("./out/seed-graph.svg", import.meta.url));

const HELP = `Usage: tsx --conditions=tsgrad-source seed-walkthrough.ts [--smoothing A] [--graph FILE]

Replays the seed blog post's LabelSmoothingLoss walkthrough with tsgrad, printing each tensor as
PyTorch prints it, then compares the seed's loss with CrossEntropyLoss(label_smoothing), and
draws the loss's autograd graph (makeDot, torchviz's make_dot, laid out by Graphviz) as an SVG.

  --smoothing A   the seed's smoothing α (default 0.01, the post's value)
  --graph FILE    where the graph's SVG goes (default examples/out/seed-graph.svg)
  -h, --help      show this help`;

/** Runs the walkthrough, printing through `io.log`. */
export async function main(
  argv: string[] = process.argv.slice(2),
  io: Io = defaultIo(),
): Promise<WalkthroughResult> {
  const { values } = parseArgs({
    args: cliArgs(argv),
    options: {
      smoothing: { type: "string" },
      graph: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  const smoothing = numberFlag("smoothing", values.smoothing, 0.01, { min: 0, max: 1 });
  const steps: Step[] = [];
  const say = (line = "") => io.log(line);
  if (values.help) {
    say(HELP);
    return {
      steps,
      smoothing,
      beta: Number.NaN,
      loss: Number.NaN,
      crossEntropy: Number.NaN,
      gradcheck: false,
      graph: "",
    };
  }
  const result = runWalkthrough({ smoothing, log: say });
  const file = values.graph === undefined ? DEFAULT_GRAPH : resolve(values.graph);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, await renderDot(result.graph));
  say();
  // The backward nodes in the order makeDot visits them (output first), then the leaves.
  const boxes = (fill: string) =>
    [...result.graph.matchAll(/\[label="([^"]*)"( fillcolor=\w+)?\]/g)]
      .filter((m) => (m[2] ?? "") === fill)
      .map((m) => m[1]!.replace(/\\n/g, "").trim());
  say("The loss's autograd graph, as torchviz's make_dot(loss, params={'pred': pred}) draws it:");
  say(
    `  loss ${boxes(" fillcolor=darkolivegreen1").join(", ")} ← ${boxes("").join(" ← ")} ← ${boxes(" fillcolor=lightblue").join(", ")}`,
  );
  say(`  makeDot(loss, { params: { pred } }) → Graphviz (@viz-js/viz) → ${file}`);
  return result;
}

if (isMain(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
