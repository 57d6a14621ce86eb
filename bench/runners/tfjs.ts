/**
 * W1–W7 in TensorFlow.js 4.22, cpu backend (pure JS) or wasm backend (SIMD, one thread; the
 * .wasm binaries are loaded from the npm package on disk, never from the network).
 *
 * Conventions checked against PyTorch (tfjs-core 4.22 sources):
 * - `tf.losses.softmaxCrossEntropy(onehot, logits, undefined, β)` smooths labels as
 *   `y·(1−β) + β/C` (PyTorch's convention) and its default reduction divides by the batch size.
 * - `tf.train.adam` divides by `sqrt(v̂) + ε` after bias correction, as PyTorch does, but its
 *   default ε is the backend's epsilon (1e-7 in float32), not PyTorch's 1e-8: we pass 1e-8.
 * - tfjs wants one-hot labels; they are built once outside the timed code.
 * - Weights are kept in PyTorch's `[out, in]` layout and used with `transposeB`.
 * - W5–W7 are written with tf ops (tfjs's own layers would need PyTorch's weights re-laid out
 *   anyway): conv2d/maxPool in tfjs's NHWC layout, with fc1's columns permuted once so that
 *   flattening NHWC maps gives PyTorch's (c, h, w) order; the LSTM with PyTorch's gate order and one
 *   input-projection matmul for all steps; the encoder layer as nn.TransformerEncoderLayer computes
 *   it in train mode with dropout 0 (post-norm, ReLU). `tf.train.momentum` is PyTorch's SGD momentum
 *   (v = μv + g, p −= lr·v).
 */
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import * as tf from "@tensorflow/tfjs";
import type { Lib, Runner } from "../common.js";
import { type Data, lenetSizes } from "../data.js";

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

  /** One `opt.minimize` step returning the loss as a number (W2's shape, for W5–W7). */
  const minimizeStep = (opt: tf.Optimizer, loss: () => tf.Tensor) => () => {
    const cost = opt.minimize(() => loss() as tf.Scalar, true)!;
    const v = cost.dataSync()[0]!;
    cost.dispose();
    return v;
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

    cnnStep(d) {
      const c = d.config.w5;
      const { s2, flat } = lenetSizes(c);
      // One input channel: the NCHW data is already NHWC.
      const x = tf.tensor4d(d.f32("w5.x"), [c.batch, c.size, c.size, 1]);
      const onehot = tf.tidy(() => tf.oneHot(tf.tensor1d(d.i32("w5.y"), "int32"), c.classes).toFloat());
      // PyTorch's [out, in, kh, kw] weight as tfjs's [kh, kw, in, out] filter.
      const conv = (name: string, inC: number, outC: number): Lin => ({
        w: tf.variable(
          tf.tidy(() =>
            tf.tensor4d(d.f32(`${name}.weight`), [outC, inC, c.kernel, c.kernel]).transpose([2, 3, 1, 0]),
          ),
        ),
        b: tf.variable(tf.tensor1d(d.f32(`${name}.bias`))),
      });
      const conv1 = conv("w5.conv1", 1, c.c1);
      const conv2 = conv("w5.conv2", c.c1, c.c2);
      const fc1: Lin = {
        w: tf.variable(
          tf.tidy(() =>
            tf
              .tensor4d(d.f32("w5.fc1.weight"), [c.hidden, c.c2, s2, s2])
              .transpose([0, 2, 3, 1])
              .reshape([c.hidden, flat]),
          ),
        ),
        b: tf.variable(tf.tensor1d(d.f32("w5.fc1.bias"))),
      };
      const fc2 = linear(d, "w5.fc2", c.hidden, c.classes);
      const block = (z: tf.Tensor4D, l: Lin) =>
        tf.maxPool(
          tf.relu(tf.add(tf.conv2d(z, l.w as unknown as tf.Tensor4D, 1, "valid"), l.b)) as tf.Tensor4D,
          2,
          2,
          "valid",
        );
      const opt = tf.train.momentum(c.lr, c.momentum);
      const beta = smoothing(d);
      return minimizeStep(opt, () => {
        const h = block(block(x, conv1), conv2).reshape([c.batch, flat]) as tf.Tensor2D;
        return tf.losses.softmaxCrossEntropy(onehot, apply(tf.relu(apply(h, fc1)), fc2), undefined, beta);
      });
    },

    lstmStep(d) {
      const c = d.config.w6;
      const h4 = 4 * c.hidden;
      const x = tf.tensor2d(d.f32("w6.x"), [c.batch * c.seq, c.features]);
      const onehot = tf.tidy(() => tf.oneHot(tf.tensor1d(d.i32("w6.y"), "int32"), c.classes).toFloat());
      const wih = tf.variable(tf.tensor2d(d.f32("w6.weight_ih_l0"), [h4, c.features]));
      const whh = tf.variable(tf.tensor2d(d.f32("w6.weight_hh_l0"), [h4, c.hidden]));
      const bih = tf.variable(tf.tensor1d(d.f32("w6.bias_ih_l0")));
      const bhh = tf.variable(tf.tensor1d(d.f32("w6.bias_hh_l0")));
      const fc = linear(d, "w6.fc", c.hidden, c.classes);
      const opt = tf.train.adam(c.lr, 0.9, 0.999, 1e-8);
      const beta = smoothing(d);
      return minimizeStep(opt, () => {
        const xw = tf.add(tf.matMul(x, wih, false, true), tf.add(bih, bhh)).reshape([c.batch, c.seq, h4]);
        let h = tf.zeros([c.batch, c.hidden]) as tf.Tensor2D;
        let cell = tf.zeros([c.batch, c.hidden]) as tf.Tensor2D;
        for (const xt of tf.unstack(xw, 1)) {
          const [i, f, g, o] = tf.split(tf.add(xt, tf.matMul(h, whh, false, true)), 4, 1) as tf.Tensor2D[];
          cell = tf.add(tf.mul(tf.sigmoid(f!), cell), tf.mul(tf.sigmoid(i!), tf.tanh(g!)));
          h = tf.mul(tf.sigmoid(o!), tf.tanh(cell));
        }
        return tf.losses.softmaxCrossEntropy(onehot, apply(h, fc), undefined, beta);
      });
    },

    transformerStep(d) {
      const c = d.config.w7;
      const [b, s, e, nh] = [c.batch, c.seq, c.dModel, c.heads];
      const hd = e / nh;
      const x = tf.tensor2d(d.f32("w7.x"), [b * s, e]);
      const onehot = tf.tidy(() => tf.oneHot(tf.tensor1d(d.i32("w7.y"), "int32"), c.classes).toFloat());
      const v1 = (name: string) => tf.variable(tf.tensor1d(d.f32(`w7.${name}`)));
      const inProj: Lin = {
        w: tf.variable(tf.tensor2d(d.f32("w7.self_attn.in_proj_weight"), [3 * e, e])),
        b: v1("self_attn.in_proj_bias"),
      };
      const outProj: Lin = {
        w: tf.variable(tf.tensor2d(d.f32("w7.self_attn.out_proj.weight"), [e, e])),
        b: v1("self_attn.out_proj.bias"),
      };
      const lin1 = linear(d, "w7.linear1", e, c.ff);
      const lin2 = linear(d, "w7.linear2", c.ff, e);
      const norm1 = { w: v1("norm1.weight"), b: v1("norm1.bias") };
      const norm2 = { w: v1("norm2.weight"), b: v1("norm2.bias") };
      const fc = linear(d, "w7.fc", e, c.classes);
      const layerNorm = (z: tf.Tensor2D, n: typeof norm1): tf.Tensor2D => {
        const { mean, variance } = tf.moments(z, -1, true);
        return tf.add(tf.mul(tf.div(tf.sub(z, mean), tf.sqrt(tf.add(variance, 1e-5))), n.w), n.b);
      };
      const heads = (z: tf.Tensor) => z.reshape([b, s, nh, hd]).transpose([0, 2, 1, 3]) as tf.Tensor4D;
      const opt = tf.train.adam(c.lr, 0.9, 0.999, 1e-8);
      const beta = smoothing(d);
      return minimizeStep(opt, () => {
        const [q, k, v] = tf.split(apply(x, inProj), 3, 1);
        const scores = tf.mul(tf.matMul(heads(q!), heads(k!), false, true), 1 / Math.sqrt(hd));
        const attn = tf
          .matMul(tf.softmax(scores), heads(v!))
          .transpose([0, 2, 1, 3])
          .reshape([b * s, e]);
        const x1 = layerNorm(tf.add(x, apply(attn as tf.Tensor2D, outProj)), norm1);
        const x2 = layerNorm(tf.add(x1, apply(tf.relu(apply(x1, lin1)), lin2)), norm2);
        const pooled = tf.mean(x2.reshape([b, s, e]), 1) as tf.Tensor2D;
        return tf.losses.softmaxCrossEntropy(onehot, apply(pooled, fc), undefined, beta);
      });
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
