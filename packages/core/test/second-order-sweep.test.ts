/**
 * createGraph through every op of core_ops.json: each case that gradchecks in float64 also
 * gradgradchecks there (the gradient of its gradient against finite differences of its
 * gradient). higher-order.test.ts compares the second derivatives with PyTorch's; this checks the
 * rest of the op table, so that an op added later with a kernel-only backward cannot pass silently.
 */
import { gradgradcheckOpCase, type OpCase } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import { loadFixture, OPS } from "./op-table.js";

const cases = loadFixture<{ cases: OpCase[] }>("core_ops").cases.filter((c) => c.tags.includes("gradcheck"));

describe("every gradchecked op of core_ops.json also gradgradchecks (float64)", () => {
  it("has the cases", () => {
    expect(cases.length).toBeGreaterThan(300);
  });
  for (const c of cases) it(c.name, () => expect(gradgradcheckOpCase(c, OPS)).toBe(true));
});
