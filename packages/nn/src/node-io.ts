/**
 * Node-only file helpers for safetensors. Kept out of `index.ts` so the package stays free of
 * Node imports (browser bundles never see `node:fs`): import it as `@tsgrad/nn/node-io`.
 *
 * @module @tsgrad/nn/node-io
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { StateDict, StateDictLike } from "./module.js";
import { loadSafetensors, saveSafetensors } from "./safetensors.js";

/**
 * Writes `stateDict` to `path` as a safetensors file (`safetensors.torch.save_file`).
 *
 * @example
 * // (not run: writes a file)
 * saveFile(model.stateDict(), "model.safetensors");
 */
export function saveFile(stateDict: StateDictLike, path: string, metadata?: Record<string, string>): void {
  writeFileSync(path, saveSafetensors(stateDict, metadata));
}

/**
 * Reads a safetensors file into a state dict (`safetensors.torch.load_file`).
 *
 * @example
 * // (not run: reads a file)
 * model.loadStateDict(loadFile("model.safetensors"));
 */
export function loadFile(path: string): StateDict {
  return loadSafetensors(readFileSync(path));
}
