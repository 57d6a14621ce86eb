/**
 * The char LM example's two models in ONNX Runtime: each has its own forward, so each gets an
 * exporter that names its parts (registerOnnxExporter), and the transformer's causal mask and
 * positions go in as constants of the example's length.
 */
import { arange, manualSeed, randint, type Tensor } from "@tsgrad/core";
import { Transformer } from "@tsgrad/nn";
import { exportOnnx, registerOnnxExporter } from "@tsgrad/nn/onnx";
import { expectClose, TOL } from "@tsgrad/testing";
import * as ort from "onnxruntime-node";
import { describe, it } from "vitest";
import { GruLm, TransformerLm } from "./charlm.js";

registerOnnxExporter(GruLm, (g, m, [ids]) => {
  const [out] = g.moduleOutputs(m.rnn, [g.module(m.embed, [ids!])]);
  return g.module(m.head, [out!]);
});

registerOnnxExporter(TransformerLm, (g, m, [ids]) => {
  const t = ids!.tensor.size(1);
  const tokens = g.module(m.embed, [ids!]);
  const positions = g.module(m.position, [g.constant(arange(t), "positions")]);
  const h = {
    name: g.node("Add", [tokens.name, positions.name]),
    tensor: tokens.tensor.add(positions.tensor),
  };
  const mask = g.constant(Transformer.generateSquareSubsequentMask(t), "causal_mask");
  return g.module(m.head, [g.module(m.encoder, [h], { mask })]);
});

async function onnxLogits(bytes: Uint8Array, ids: Tensor): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  const out = await session.run({
    input: new ort.Tensor("int32", ids.toTypedArray() as Int32Array, ids.shape),
  });
  return out.output!.data as Float32Array;
}

describe("charlm's models exported to ONNX", () => {
  for (const [name, make] of [
    ["GruLm", () => new GruLm(26, 48)],
    ["TransformerLm", () => new TransformerLm(26, 32, 16)],
  ] as const) {
    it(`${name}: ONNX Runtime gives tsgrad's logits, at another batch size too`, async () => {
      manualSeed(0);
      const model = make().eval();
      const bytes = exportOnnx(model, randint(0, 26, [2, 16]), {
        dynamicAxes: { input: { 0: "batch" }, output: { 0: "batch" } },
      });
      const ids = randint(0, 26, [3, 16]);
      expectClose(await onnxLogits(bytes, ids), model.call(ids), TOL.layers(1e-5));
    });
  }
});
