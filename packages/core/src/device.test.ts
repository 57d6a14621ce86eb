import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { Device, device, ones, rand, tensor, zeros } from "./index.js";

describe("devices: the CPU idioms of PyTorch programs are no-ops, any other device an error", () => {
  it("device('cpu') is torch.device('cpu'), printed as PyTorch prints it", () => {
    const dev = device("cpu");
    expect(dev).toBeInstanceOf(Device);
    expect(dev.type).toBe("cpu");
    expect(String(dev)).toBe("device(type='cpu')");
    expect(inspect(dev)).toBe("device(type='cpu')");
    expect(device("cpu:0").type).toBe("cpu");
  });

  it("tensor.to('cpu') / to(device('cpu')) return the tensor itself, as PyTorch's .to does", () => {
    const x = tensor([1.5, 2], { requiresGrad: true });
    expect(x.to("cpu")).toBe(x);
    expect(x.to(device("cpu"))).toBe(x);
  });

  it("{ device: 'cpu' } and { device: device('cpu') } are accepted by creation functions", () => {
    expect(zeros([2], { device: "cpu" }).shape).toEqual([2]);
    expect(ones(2, 3, { device: device("cpu") }).shape).toEqual([2, 3]);
    expect(tensor([1], { device: "cpu" }).dtype).toBe("int32");
    expect(rand([2], { device: "cpu" }).dtype).toBe("float32");
  });
});
