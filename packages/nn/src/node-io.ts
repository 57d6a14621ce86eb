/**
 * Node-only file helpers for safetensors and ONNX files. Kept out of `index.ts` so the package stays
 * free of Node imports (browser bundles never see `node:fs`). Import it as `@tsgrad/nn/node-io`.
 *
 * @module @tsgrad/nn/node-io
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { Tensor } from "@tsgrad/core";
import type { Module, StateDict, StateDictLike } from "./module.js";
// By the package name: one exporter registry (registerOnnxExporter) with `@tsgrad/nn/onnx`.
import { type ExportOnnxOptions, exportOnnx } from "@tsgrad/nn/onnx";
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

/**
 * Writes `model`'s forward as an ONNX file at `path` (`torch.onnx.export(model, args, path, ...)`);
 * see `exportOnnx` in `@tsgrad/nn/onnx` for the options and the layers it knows.
 *
 * @example
 * // (not run: writes a file)
 * exportOnnxFile("mlp.onnx", model, randn([1, 4]), { dynamicAxes: { input: { 0: "batch" } } });
 */
export function exportOnnxFile(
  path: string,
  model: Module,
  exampleInput: Tensor | readonly Tensor[],
  options?: ExportOnnxOptions,
): void {
  writeFileSync(path, exportOnnx(model, exampleInput, options));
}
