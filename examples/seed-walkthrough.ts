/**
 * The seed blog post, replayed with tsgrad: the `LabelSmoothingLoss` walkthrough
 * (log_softmax → zeros_like → fill_ → scatter_ → weighted sum → mean → backward), each step under
 * the PyTorch line it mirrors, printed exactly as PyTorch prints it. Then the seed's loss beside
 * PyTorch's `CrossEntropyLoss(label_smoothing=β)` and the conversion between the two conventions.
 *
 * Run: `pnpm exec tsx --conditions=tsgrad-source seed-walkthrough.ts` (from examples/).
 * seed-walkthrough.test.ts checks every printed tensor against what real PyTorch 1.13 prints.
 */
import { parseArgs } from "node:util";
import { cliArgs, defaultIo, type Io, isMain, numberFlag } from "./lib/cli.js";
import { runWalkthrough, type Step, type WalkthroughResult } from "./lib/walkthrough.js";

export { PRED, type Step, TARGET, type WalkthroughResult } from "./lib/walkthrough.js";

const HELP = `Usage: tsx --conditions=tsgrad-source seed-walkthrough.ts [--smoothing A]

Replays the seed blog post's LabelSmoothingLoss walkthrough with tsgrad, printing each tensor as
PyTorch prints it, then compares the seed's loss with CrossEntropyLoss(label_smoothing).

  --smoothing A   the seed's smoothing α (default 0.01, the post's value)
  -h, --help      show this help`;

/** Runs the walkthrough, printing through `io.log`. */
export async function main(
  argv: string[] = process.argv.slice(2),
  io: Io = defaultIo(),
): Promise<WalkthroughResult> {
  const { values } = parseArgs({
    args: cliArgs(argv),
    options: { smoothing: { type: "string" }, help: { type: "boolean", short: "h" } },
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
    };
  }
  return runWalkthrough({ smoothing, log: say });
}

if (isMain(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
