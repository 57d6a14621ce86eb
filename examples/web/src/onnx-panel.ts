/**
 * "Beyond tsgrad": the page's model exported with `exportOnnx` (torch.onnx.export) and run by
 * ONNX Runtime Web (its wasm backend, served by this page like the rest: no network), its logits
 * compared with tsgrad's on the held-out points. DOM contract: `#onnx` gets `data-onnx-state`
 * ("running", "done", "error") and `data-max-diff`; `#download-onnx` saves the file.
 */
import { noGrad, type Tensor } from "@tsgrad/core";
import type { Module } from "@tsgrad/nn";
import { exportOnnx } from "@tsgrad/nn/onnx";
import * as ort from "onnxruntime-web/wasm";

// One thread: the page's main thread must not block, and the model is tiny.
ort.env.wasm.numThreads = 1;

export async function runOnnx(
  model: Module,
  x: Tensor,
  out: HTMLElement,
  link: HTMLAnchorElement,
): Promise<void> {
  out.dataset.onnxState = "running";
  out.textContent = "exporting and running in ONNX Runtime Web…";
  try {
    const bytes = exportOnnx(model, x, {
      inputNames: ["x"],
      outputNames: ["logits"],
      dynamicAxes: { x: { 0: "batch" }, logits: { 0: "batch" } },
    });
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ["wasm"] });
    const feed = new ort.Tensor("float32", x.toTypedArray() as Float32Array, [...x.shape]);
    const got = (await session.run({ x: feed })).logits!.data as Float32Array;
    const want = noGrad(() => model.call(x)).toTypedArray();
    let maxDiff = 0;
    for (let i = 0; i < want.length; i++) maxDiff = Math.max(maxDiff, Math.abs(got[i]! - want[i]!));
    out.dataset.maxDiff = String(maxDiff);
    out.dataset.onnxState = "done";
    out.textContent =
      `ONNX Runtime Web ran the exported file (${bytes.length} bytes) on the ${x.shape[0]} held-out points: ` +
      `its ${want.length} logits agree with tsgrad's to ${maxDiff.toExponential(1)}.`;
    URL.revokeObjectURL(link.href);
    link.href = URL.createObjectURL(
      new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "application/octet-stream" }),
    );
    link.download = "tsgrad-spiral-mlp.onnx";
    link.hidden = false;
  } catch (e) {
    out.dataset.onnxState = "error";
    out.textContent = `ONNX export or run failed: ${e instanceof Error ? e.message : String(e)}`;
  }
}
