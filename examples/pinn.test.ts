/**
 * The physics-informed example (pinn.ts) with short settings: u' and u'' from createGraph equal
 * finite differences of the network, and a short fit drives the loss down and u towards sin.
 */
import { linspace, noGrad } from "@tsgrad/core";
import { describe, expect, it } from "vitest";
import { derivatives, trainPinn } from "./pinn.js";

describe("pinn example", () => {
  it("u' and u'' by createGraph equal central differences of the network", () => {
    const { net } = trainPinn({ steps: 1, points: 8, hidden: 8, log: () => {} });
    const x = linspace(0.5, 5, 4, { dtype: "float64" }).reshape([-1, 1]).requiresGrad_(true);
    const { du, d2u } = derivatives(net, x);
    const h = 1e-4;
    const u = (shift: number) =>
      noGrad(() => net.call(x.detach().add(shift)).reshape([-1]).tolist() as number[]);
    const [up, u0, um] = [u(h), u(0), u(-h)];
    const d1 = du.reshape([-1]).tolist() as number[];
    const d2 = d2u.reshape([-1]).tolist() as number[];
    for (let i = 0; i < 4; i++) {
      expect(d1[i]).toBeCloseTo((up[i]! - um[i]!) / (2 * h), 7);
      expect(d2[i]).toBeCloseTo((up[i]! - 2 * u0[i]! + um[i]!) / (h * h), 4);
    }
  });

  it("a short fit lowers the physics loss a thousandfold and approaches sin", () => {
    const lines: string[] = [];
    const { losses, maxError } = trainPinn({ steps: 400, points: 32, hidden: 24, log: (l) => lines.push(l) });
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! / 1000);
    expect(maxError).toBeLessThan(0.1);
    expect(lines.at(-1)).toMatch(/^step 400 {2}loss /);
  });
});
