/**
 * The classic 2-D spiral data set (CS231n's "Putting it together" notes), made in the program from
 * a seeded generator, so no download and the same seed gives the same points.
 */
import { Generator, randperm, type Tensor, tensor } from "@tsgrad/core";

export interface Dataset {
  /** Inputs, `[n, features]` float32. */
  x: Tensor;
  /** Class indices, `[n]` int32. */
  y: Tensor;
}

/**
 * `pointsPerClass` points on each of `classes` spiral arms. For class j, point i:
 * `r = i/(n−1)`, `t = 4j + 4i/(n−1) + noise·z` with z ~ N(0, 1), `x = (r sin t, r cos t)`.
 *
 * @param pointsPerClass n, points per arm (at least 2).
 * @param classes K, number of arms. Default: 3.
 * @param options.noise angle noise (radians). Default: 0.2.
 * @param options.generator the random stream (a seeded `Generator`).
 * @returns `x` of shape `[K·n, 2]`, `y` of shape `[K·n]`, ordered class by class.
 */
export function makeSpiral(
  pointsPerClass: number,
  classes = 3,
  options: { noise?: number; generator?: Generator } = {},
): Dataset {
  if (!Number.isInteger(pointsPerClass) || pointsPerClass < 2) {
    throw new Error(`makeSpiral(): pointsPerClass must be an integer >= 2, got ${pointsPerClass}`);
  }
  const noise = options.noise ?? 0.2;
  const gen = options.generator ?? new Generator(0);
  const n = pointsPerClass;
  const xs = new Float32Array(classes * n * 2);
  const ys = new Int32Array(classes * n);
  for (let j = 0; j < classes; j++) {
    for (let i = 0; i < n; i++) {
      const r = i / (n - 1);
      const t = 4 * j + (4 * i) / (n - 1) + noise * gen.normal();
      const k = j * n + i;
      xs[2 * k] = r * Math.sin(t);
      xs[2 * k + 1] = r * Math.cos(t);
      ys[k] = j;
    }
  }
  return { x: tensor(xs).reshape([classes * n, 2]), y: tensor(ys) };
}

/**
 * Shuffles with `generator` and splits off the last `testFraction` of the rows as a held-out set.
 */
export function trainTestSplit(
  data: Dataset,
  testFraction: number,
  generator: Generator,
): { train: Dataset; test: Dataset } {
  const n = data.y.shape[0]!;
  const nTest = Math.round(n * testFraction);
  if (!(testFraction > 0 && testFraction < 1) || nTest < 1 || nTest >= n) {
    throw new Error(
      `trainTestSplit(): testFraction ${testFraction} leaves no train or no test rows (n = ${n})`,
    );
  }
  const perm = randperm(n, { generator });
  const trainIdx = perm.narrow(0, 0, n - nTest);
  const testIdx = perm.narrow(0, n - nTest, nTest);
  return {
    train: { x: data.x.indexSelect(0, trainIdx), y: data.y.indexSelect(0, trainIdx) },
    test: { x: data.x.indexSelect(0, testIdx), y: data.y.indexSelect(0, testIdx) },
  };
}
