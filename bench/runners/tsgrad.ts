/**
 * W1–W4 in tsgrad (default pure-TypeScript engine), written the way a PyTorch user would:
 * `Sequential(Linear, ReLU, Linear)`, `crossEntropy(..., { labelSmoothing })`, `SGD` / `Adam`.
 */
import { noGrad, type Tensor, tensor } from "@tsgrad/core";
import { crossEntropy } from "@tsgrad/losses";
import { Adam, Linear, type Module, ReLU, SGD, Sequential } from "@tsgrad/nn";
import type { Lib, Runner } from "../common.js";
import type { Data } from "../data.js";

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

export async function createRunner(_lib: Lib): Promise<Runner> {
  return {
    describe: () =>
      "tsgrad (pure TypeScript engine): @tsgrad/nn Sequential/Linear/ReLU, SGD, Adam; @tsgrad/losses crossEntropy",

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
