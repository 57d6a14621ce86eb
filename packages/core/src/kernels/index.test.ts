import { afterEach, describe, expect, it } from "vitest";
import { batchNorm, getBackend, tensor } from "../index.js";
import { cpuKernels, getKernels, type Kernels, setKernels } from "./index.js";
import { wasmLogsumexpKernel, wasmSoftmaxKernel } from "./wasm/exp.js";
import { wasmMatmulKernel } from "./wasm/matmul.js";

describe("kernel registry (setKernels / getKernels)", () => {
  // Whatever a test does, the next one starts from the kernels the backend installed.
  const initial = getKernels();
  afterEach(() => {
    setKernels(initial);
  });

  it("starts with the TypeScript kernels, matmul, softmax and logsumexp replaced by wasm ones under the wasm backend", () => {
    const k = getKernels();
    const wasm: Partial<Kernels> = {
      matmul: wasmMatmulKernel,
      softmax: wasmSoftmaxKernel,
      logsumexp: wasmLogsumexpKernel,
    };
    for (const name of Object.keys(cpuKernels) as (keyof Kernels)[]) {
      const want = getBackend() === "wasm" ? (wasm[name] ?? cpuKernels[name]) : cpuKernels[name];
      expect(k[name]).toBe(want);
    }
  });

  it("routes an op through a replaced kernel, and restoring the previous set routes it back", () => {
    const calls: number[][] = [];
    const previous = setKernels({
      matmul: (m, k, n, ...rest) => {
        calls.push([m, k, n]);
        cpuKernels.matmul(m, k, n, ...rest);
      },
    });
    const a = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const b = tensor([[1], [0], [-1]]);
    expect(a.matmul(b).tolist()).toEqual([[-2], [-2]]);
    expect(calls).toEqual([[2, 3, 1]]);
    // Kernels left out of the replacement are kept.
    expect(getKernels().binary).toBe(cpuKernels.binary);

    expect(setKernels(previous).matmul).not.toBe(cpuKernels.matmul);
    expect(a.matmul(b).tolist()).toEqual([[-2], [-2]]);
    expect(calls.length).toBe(1);
    expect(getKernels().matmul).toBe(initial.matmul);
  });

  it("every entry is the one its op calls", () => {
    const x = tensor([[0.5, -1, 2]], { dtype: "float64", requiresGrad: true });
    const uses: [keyof Kernels, () => unknown][] = [
      ["matmul", () => x.matmul(x.t())],
      ["binary", () => x.add(x)],
      ["unary", () => x.exp()],
      ["reduce", () => x.sum(1)],
      ["reduceStrided", () => x.expand(2, 3).sum(0)],
      ["argReduce", () => x.argmax(1)],
      ["argReduceStrided", () => x.expand(2, 3).argmax(1)],
      ["softmax", () => x.logSoftmax(1)],
      ["softmaxBackward", () => x.softmax(1).sum().backward()],
      ["logsumexp", () => x.logsumexp(1)],
      ["normStats", () => batchNorm(x.t(), null, null, { training: true })],
      ["normApply", () => batchNorm(x.t(), null, null, { training: true })],
      ["normBackward", () => batchNorm(x.t(), null, null, { training: true }).sum().backward()],
    ];
    for (const [name, use] of uses) {
      let count = 0;
      const fallback = cpuKernels[name] as (...args: unknown[]) => void;
      setKernels({
        [name]: (...args: unknown[]) => {
          count++;
          fallback(...args);
        },
      });
      use();
      setKernels(cpuKernels);
      expect(count, name).toBeGreaterThan(0);
    }
  });

  it("a backend may handle some cases and fall back for the rest", () => {
    let handled = 0;
    setKernels({
      binary: (op, shape, out, outOff, ...rest) => {
        // A toy "backend": fills float64 outputs itself with the fallback's values, counts them.
        if (out instanceof Float64Array) handled++;
        cpuKernels.binary(op, shape, out, outOff, ...rest);
      },
    });
    expect(
      tensor([1, 2], { dtype: "float64" })
        .add(tensor([3, 4], { dtype: "float64" }))
        .tolist(),
    ).toEqual([4, 6]);
    expect(
      tensor([1, 5])
        .maximum(tensor([3, 4]))
        .tolist(),
    ).toEqual([3, 5]);
    expect(handled).toBe(1);
  });

  it("getKernels returns a copy: changing it changes nothing", () => {
    const k = getKernels();
    k.matmul = () => {
      throw new Error("not used");
    };
    expect(
      tensor([[2]])
        .matmul(tensor([[3]]))
        .item(),
    ).toBe(6);
  });

  it("rejects unknown names and non-functions with a clear error, changing nothing", () => {
    expect(() => setKernels({ conv2d: () => {} } as unknown as Partial<Kernels>)).toThrow(
      "setKernels(): unknown kernel 'conv2d' (expected one of matmul, binary, unary, reduce, reduceStrided, argReduce, argReduceStrided, softmax, softmaxBackward, logsumexp, normStats, normApply, normBackward)",
    );
    expect(() => setKernels({ matmul: null } as unknown as Partial<Kernels>)).toThrow(
      "setKernels(): kernel 'matmul' must be a function, but got null",
    );
    expect(() => setKernels({ softmax: 3 } as unknown as Partial<Kernels>)).toThrow(
      "setKernels(): kernel 'softmax' must be a function, but got number",
    );
    expect(getKernels().matmul).toBe(initial.matmul);
  });
});
