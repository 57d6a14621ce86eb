/**
 * W1–W7 in tsgrad (its default backend and threads), written the way a PyTorch user would:
 * `Sequential(Linear, ReLU, Linear)`, `Conv2d`/`MaxPool2d`, `LSTM`, `TransformerEncoderLayer`,
 * `crossEntropy(..., { labelSmoothing })`, `SGD` / `Adam`, initial weights loaded through
 * `loadStateDict` under PyTorch's state-dict names.
 */
import { getBackend, getNumThreads, noGrad, type Tensor, tensor } from "@tsgrad/core";
import { crossEntropy } from "@tsgrad/losses";
import {
  Adam,
  Conv2d,
  Flatten,
  Linear,
  LSTM,
  MaxPool2d,
  Module,
  ReLU,
  SGD,
  Sequential,
  TransformerEncoderLayer,
} from "@tsgrad/nn";
import type { Lib, Runner } from "../common.js";
import { type Data, lenetSizes } from "../data.js";

const fromF32 = (a: Float32Array, shape: number[]): Tensor => tensor(a).reshape(shape);

/**
 * `Linear → ReLU → … → Linear` as a `Sequential`, loaded with the shared initial weights
 * (`<name>.weight` `[out, in]`, `<name>.bias`) through `loadStateDict`, as a PyTorch user would.
 */
function mlp(d: Data, names: string[], sizes: number[]): Sequential {
  const mods: Module[] = [];
  const state: Record<string, Tensor> = {};
  names.forEach((name, i) => {
    const [inF, outF] = [sizes[i]!, sizes[i + 1]!];
    if (i > 0) mods.push(new ReLU());
    state[`${mods.length}.weight`] = fromF32(d.f32(`${name}.weight`), [outF, inF]);
    state[`${mods.length}.bias`] = fromF32(d.f32(`${name}.bias`), [outF]);
    mods.push(new Linear(inF, outF));
  });
  const model = new Sequential(...mods);
  model.loadStateDict(state);
  return model;
}

/** W6: LSTM(batch_first) → the last step's hidden state → Linear, as bench/reference.py's lstm_model. */
class LastStep extends Module {
  static override readonly typeName: string = "LastStep";
  lstm: LSTM;
  fc: Linear;
  constructor(features: number, hidden: number, classes: number) {
    super();
    this.lstm = this.registerModule("lstm", new LSTM(features, hidden, { batchFirst: true }));
    this.fc = this.registerModule("fc", new Linear(hidden, classes));
  }
  override forward(x: Tensor): Tensor {
    const [out] = this.lstm.call(x);
    return this.fc.call(out.select(1, -1));
  }
}

/** W7: TransformerEncoderLayer(batch_first, dropout 0) → mean over the sequence → Linear. */
class MeanPooled extends Module {
  static override readonly typeName: string = "MeanPooled";
  layer: TransformerEncoderLayer;
  fc: Linear;
  constructor(d: number, heads: number, ff: number, classes: number) {
    super();
    this.layer = this.registerModule(
      "layer",
      new TransformerEncoderLayer(d, heads, { dimFeedforward: ff, dropout: 0, batchFirst: true }),
    );
    this.fc = this.registerModule("fc", new Linear(d, classes));
  }
  override forward(x: Tensor): Tensor {
    return this.fc.call(this.layer.call(x).mean(1));
  }
}

/** Loads `<prefix>.<key>` of the shared data into every entry of the model's state dict. */
function loadShared(model: Module, d: Data, name: (key: string) => string): void {
  const state: Record<string, Tensor> = {};
  for (const [key, t] of model.stateDict()) state[key] = fromF32(d.f32(name(key)), [...t.shape]);
  model.loadStateDict(state);
}

/** W2's step (zero grads, forward, loss, backward, update, read the loss) for W5–W7. */
function trainStep(
  model: Module,
  opt: { zeroGrad(): void; step(): void },
  x: Tensor,
  y: Tensor,
  labelSmoothing: number,
): () => number {
  return () => {
    opt.zeroGrad();
    const loss = crossEntropy(model.call(x) as Tensor, y, { labelSmoothing });
    loss.backward();
    opt.step();
    return loss.item();
  };
}

export async function createRunner(_lib: Lib): Promise<Runner> {
  return {
    describe: () =>
      `tsgrad (${getBackend()} backend, ${getNumThreads()} thread${getNumThreads() > 1 ? "s" : ""}): @tsgrad/nn layers, SGD, Adam; @tsgrad/losses crossEntropy`,

    matmul(n, a, b) {
      const ta = fromF32(a, [n, n]);
      const tb = fromF32(b, [n, n]);
      return () => {
        ta.matmul(tb);
      };
    },

    mlpStep(d) {
      const { batch, inF, hidden, classes, lr } = d.config.w2;
      const x = fromF32(d.f32("w2.x"), [batch, inF]);
      const y = tensor(d.i32("w2.y"));
      const model = mlp(d, ["w2.fc1", "w2.fc2"], [inF, hidden, classes]);
      const opt = new SGD(model.parameters(), { lr });
      const labelSmoothing = d.config.smoothing;
      return () => {
        opt.zeroGrad();
        const loss = crossEntropy(model.call(x), y, { labelSmoothing });
        loss.backward();
        opt.step();
        return loss.item();
      };
    },

    spiralRun(d) {
      const { perClass, hidden, steps, lr } = d.config.w3;
      const x = fromF32(d.f32("w3.x"), [3 * perClass, 2]);
      const y = tensor(d.i32("w3.y"));
      const labelSmoothing = d.config.smoothing;
      return () => {
        const model = mlp(d, ["w3.fc1", "w3.fc2", "w3.fc3"], [2, hidden, hidden, 3]);
        const opt = new Adam(model.parameters(), { lr });
        for (let s = 0; s < steps; s++) {
          opt.zeroGrad();
          crossEntropy(model.call(x), y, { labelSmoothing }).backward();
          opt.step();
        }
        return noGrad(() => {
          const logits = model.call(x);
          const accuracy = logits.argmax(1).eq(y).sum().item() / y.numel();
          return { accuracy, loss: crossEntropy(logits, y, { labelSmoothing }).item() };
        });
      };
    },

    cnnStep(d) {
      const c = d.config.w5;
      const model = new Sequential(
        new Conv2d(1, c.c1, c.kernel),
        new ReLU(),
        new MaxPool2d(2),
        new Conv2d(c.c1, c.c2, c.kernel),
        new ReLU(),
        new MaxPool2d(2),
        new Flatten(),
        new Linear(lenetSizes(c).flat, c.hidden),
        new ReLU(),
        new Linear(c.hidden, c.classes),
      );
      const names: Record<string, string> = { "0": "conv1", "3": "conv2", "7": "fc1", "9": "fc2" };
      loadShared(model, d, (key) => `w5.${names[key.split(".")[0]!]}.${key.split(".")[1]}`);
      const x = fromF32(d.f32("w5.x"), [c.batch, 1, c.size, c.size]);
      const opt = new SGD(model.parameters(), { lr: c.lr, momentum: c.momentum });
      return trainStep(model, opt, x, tensor(d.i32("w5.y")), d.config.smoothing);
    },

    lstmStep(d) {
      const c = d.config.w6;
      const model = new LastStep(c.features, c.hidden, c.classes);
      loadShared(model, d, (key) => `w6.${key.replace(/^lstm\./, "")}`);
      const x = fromF32(d.f32("w6.x"), [c.batch, c.seq, c.features]);
      const opt = new Adam(model.parameters(), { lr: c.lr });
      return trainStep(model, opt, x, tensor(d.i32("w6.y")), d.config.smoothing);
    },

    transformerStep(d) {
      const c = d.config.w7;
      const model = new MeanPooled(c.dModel, c.heads, c.ff, c.classes);
      loadShared(model, d, (key) => `w7.${key.replace(/^layer\./, "")}`);
      const x = fromF32(d.f32("w7.x"), [c.batch, c.seq, c.dModel]);
      const opt = new Adam(model.parameters(), { lr: c.lr });
      return trainStep(model, opt, x, tensor(d.i32("w7.y")), d.config.smoothing);
    },

    lossStep(d) {
      const { rows, classes } = d.config.w4;
      const logits = fromF32(d.f32("w4.logits"), [rows, classes]).requiresGrad_();
      const y = tensor(d.i32("w4.y"));
      const labelSmoothing = d.config.smoothing;
      return () => {
        logits.grad = null;
        const loss = crossEntropy(logits, y, { labelSmoothing });
        loss.backward();
        return loss.item();
      };
    },
  };
}
