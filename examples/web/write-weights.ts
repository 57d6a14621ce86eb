/**
 * Writes the playground's default run, trained (the model the page's Download button gives after
 * the run it starts on load), as a safetensors file: `tools/fixtures/gen_playground.py` runs this
 * and loads the file in PyTorch.
 *
 *   pnpm exec tsx --conditions=tsgrad-source examples/web/write-weights.ts OUT.safetensors
 */
import { writeFileSync } from "node:fs";
import { saveSafetensors } from "@tsgrad/nn";
import { TOY_DEFAULTS } from "../lib/toy-model.js";
import { setupRun } from "./src/train.js";

const out = process.argv[2];
if (!out) throw new Error("usage: write-weights.ts OUT.safetensors");
const run = setupRun({ ...TOY_DEFAULTS });
for (let e = 0; e < TOY_DEFAULTS.epochs; e++) run.step();
writeFileSync(out, saveSafetensors(run.model.stateDict()));
console.log(`wrote ${out}`);
