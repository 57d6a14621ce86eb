import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { Device, device, ones, rand, tensor, zeros } from "./index.js";

describe("devices: the CPU idioms of PyTorch programs are no-ops, any other device an error", () => {
  it("device('cpu') is torch.device('cpu'), printed as PyTorch prints it", () => {
    const dev = device("cpu");
    expect(dev).toBeInstanceOf(Device);
    expect(dev.type).toBe("cpu");
    // PyTorch: print(torch.device("cpu")) is cpu; repr(...) is device(type='cpu')
    expect(String(dev)).toBe("cpu");
    expect(inspect(dev)).toBe("cpu");
    expect(`${dev}`).toBe("cpu");
    expect(dev.repr()).toBe("device(type='cpu')");
    expect(device("cpu:0").type).toBe("cpu");
  });

  it("tensor.to('cpu') / to(device('cpu')) return the tensor itself, as PyTorch's .to does", () => {
    const x = tensor([1.5, 2], { requiresGrad: true });
    expect(x.to("cpu")).toBe(x);
    expect(x.to(device("cpu"))).toBe(x);
  });

  // PyTorch 1.13: x.to(dtype=torch.float64), x.to("cpu", torch.float64), x.to(other), x.to() and
  // x.to(copy=True) (a new tensor, grad_fn ToCopyBackward0 even for the same dtype).
  it("to() takes PyTorch's other forms: (device, dtype), a tensor, the keywords, nothing", () => {
    const x = tensor([1.5, 2], { requiresGrad: true });
    for (const y of [
      x.to({ dtype: "float64" }),
      x.to("cpu", "float64"),
      x.to(device("cpu"), { dtype: "float64" }),
    ]) {
      expect(y.dtype).toBe("float64");
      expect(y.gradFn?.name).toBe("ToCopyBackward0");
      expect(y.tolist()).toEqual([1.5, 2]);
    }
    expect(x.to(zeros([1], { dtype: "int32" })).tolist()).toEqual([1, 2]);
    expect(x.to()).toBe(x);
    expect(x.to({ device: "cpu" })).toBe(x);
    expect(x.to("float32")).toBe(x);
    const copy = x.to("float32", { copy: true });
    expect(copy).not.toBe(x);
    expect(copy.gradFn?.name).toBe("ToCopyBackward0");
    copy.sum().backward();
    expect(x.grad!.tolist()).toEqual([1, 1]);
    const ints = tensor([1, 2]);
    const intCopy = ints.to({ copy: true });
    intCopy.add_(1);
    expect(ints.tolist()).toEqual([1, 2]);
  });

  it("{ device: 'cpu' } and { device: device('cpu') } are accepted by creation functions", () => {
    expect(zeros([2], { device: "cpu" }).shape).toEqual([2]);
    expect(ones(2, 3, { device: device("cpu") }).shape).toEqual([2, 3]);
    expect(tensor([1], { device: "cpu" }).dtype).toBe("int32");
    expect(rand([2], { device: "cpu" }).dtype).toBe("float32");
  });
});

describe("x.device", () => {
  it("is the CPU device, printed as PyTorch prints tensor.device", () => {
    const d = ones([2]).device;
    expect(d).toBe(device("cpu"));
    expect(`Device tensor is stored on: ${d}`).toBe("Device tensor is stored on: cpu");
    expect(d.repr()).toBe("device(type='cpu')");
  });
});
