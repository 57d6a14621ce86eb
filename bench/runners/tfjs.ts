/**
 * W1–W4 in TensorFlow.js 4.22, cpu backend (pure JS) or wasm backend (SIMD, one thread; the
 * .wasm binaries are loaded from the npm package on disk, never from the network).
 *
 * Conventions checked against PyTorch (tfjs-core 4.22 sources):
 * - `tf.losses.softmaxCrossEntropy(onehot, logits, undefined, β)` smooths labels as
 *   `y·(1−β) + β/C` (PyTorch's convention) and its default reduction divides by the batch size.
 * - `tf.train.adam` divides by `sqrt(v̂) + ε` after bias correction, as PyTorch does, but its
 *   default ε is the backend's epsilon (1e-7 in float32), not PyTorch's 1e-8: we pass 1e-8.
 * - tfjs wants one-hot labels; they are built once outside the timed code.
 * - Weights are kept in PyTorch's `[out, in]` layout and used with `transposeB`.
 */
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import * as tf from "@tensorflow/tfjs";
import type { Lib, Runner } from "../common.js";
import type { Data } from "../data.js";

export async function createRunner(lib: Lib): Promise<Runner> {
  if (lib === "tfjs-wasm") {
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    const pkg = createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm/package.json");
    wasm.setWasmPaths(`${join(dirname(pkg), "dist")}/`);
    tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
    if (!(await tf.setBackend("wasm"))) throw new Error("tfjs: the wasm backend failed to initialise");
  } else {
    if (!(await tf.setBackend("cpu"))) throw new Error("tfjs: the cpu backend failed to initialise");
  }
  await tf.ready();
  const smoothing = (d: Data) => d.config.smoothing;

  const linear = (d: Data, name: string, inF: number, outF: number) => ({
    w: tf.variable(tf.tensor2d(d.f32(`${name}.weight`), [outF, inF])),
    b: tf.variable(tf.tensor1d(d.f32(`${name}.bias`))),
  });
  type Lin = ReturnType<typeof linear>;
  const apply = (x: tf.Tensor2D, l: Lin): tf.Tensor2D => tf.add(tf.matMul(x, l.w, false, true), l.b);
  const disposeAll = (ls: Lin[]) => {
    for (const l of ls) {
      l.w.dispose();
      l.b.dispose();
    }
  };

  return {
    describe: () =>
      `@tensorflow/tfjs ${tf.version.tfjs}, backend ${tf.getBackend()}` +
      (lib === "tfjs-wasm" ? ` (simd: ${String(tf.env().getBool("WASM_HAS_SIMD_SUPPORT"))}, 1 thread)` : ""),

    matmul(n, a, b) {
      const ta = tf.tensor2d(a, [n, n]);
      const tb = tf.tensor2d(b, [n, n]);
      return () => {
        const c = tf.matMul(ta, tb);
        c.dataSync();
        c.dispose();
      };
    },

    mlpStep(d) {
      const { batch, inF, hidden, classes, lr } = d.config.w2;
      const x = tf.tensor2d(d.f32("w2.x"), [batch, inF]);
      const onehot = tf.tidy(() => tf.oneHot(tf.tensor1d(d.i32("w2.y"), "int32"), classes).toFloat());
      const fc1 = linear(d, "w2.fc1", inF, hidden);
      const fc2 = linear(d, "w2.fc2", hidden, classes);
      const opt = tf.train.sgd(lr);
      const beta = smoothing(d);
      return () => {
        const cost = opt.minimize(() => {
          const logits = apply(tf.relu(apply(x, fc1)), fc2);
          return tf.losses.softmaxCrossEntropy(onehot, logits, undefined, beta) as tf.Scalar;
        }, true)!;
        const v = cost.dataSync()[0]!;
        cost.dispose();
        return v;
      };
    },

    spiralRun(d) {
      const { perClass, hidden, steps, lr } = d.config.w3;
      const m = 3 * perClass;
      const x = tf.tensor2d(d.f32("w3.x"), [m, 2]);
      const y = tf.tensor1d(d.i32("w3.y"), "int32");
      const onehot = tf.tidy(() => tf.oneHot(y, 3).toFloat());
      const beta = smoothing(d);
      return () => {
        const layers = [
          linear(d, "w3.fc1", 2, hidden),
          linear(d, "w3.fc2", hidden, hidden),
          linear(d, "w3.fc3", hidden, 3),
        ];
        const forward = () => apply(tf.relu(apply(tf.relu(apply(x, layers[0]!)), layers[1]!)), layers[2]!);
        const lossOf = (logits: tf.Tensor2D) =>
          tf.losses.softmaxCrossEntropy(onehot, logits, undefined, beta) as tf.Scalar;
        const opt = tf.train.adam(lr, 0.9, 0.999, 1e-8);
        for (let s = 0; s < steps; s++) opt.minimize(() => lossOf(forward()));
        const [accuracy, loss] = tf.tidy(() => {
          const logits = forward();
          const acc = tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), y), "float32")).dataSync()[0]!;
          return [acc, lossOf(logits).dataSync()[0]!];
        });
        opt.dispose();
        disposeAll(layers);
        return { accuracy, loss };
      };
    },

    lossStep(d) {
      const { rows, classes } = d.config.w4;
      const logits = tf.tensor2d(d.f32("w4.logits"), [rows, classes]);
      const onehot = tf.tidy(() => tf.oneHot(tf.tensor1d(d.i32("w4.y"), "int32"), classes).toFloat());
      const beta = smoothing(d);
      const vg = tf.valueAndGrad((l: tf.Tensor) =>
        tf.losses.softmaxCrossEntropy(onehot, l as tf.Tensor2D, undefined, beta),
      );
      return () => {
        const { value, grad } = vg(logits);
        const v = value.dataSync()[0]!;
        value.dispose();
        grad.dispose();
        return v;
      };
    },
  };
}
