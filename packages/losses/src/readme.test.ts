/**
 * Runs the worked example of packages/losses/README.md and checks every `// => number` in it.
 * The block is plain JavaScript apart from its imports, which are replaced by the real bindings.
 */
import { readFileSync } from "node:fs";
import * as core from "@tsgrad/core";
import { describe, expect, it } from "vitest";
import * as losses from "./index.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

function exampleBlock(): string {
  const marker = readme.indexOf("<!-- checked by src/readme.test.ts -->");
  expect(marker).toBeGreaterThan(0);
  const start = readme.indexOf("```ts\n", marker) + "```ts\n".length;
  return readme.slice(start, readme.indexOf("```", start));
}

describe("README worked example", () => {
  it("gives the numbers the README prints (PyTorch's, to 1e-12)", () => {
    const checks: [string, number, number][] = [];
    const block = exampleBlock().split("\n");
    // The names the block imports, bound to the real exports of the two packages.
    const names = block
      .filter((l) => l.startsWith("import "))
      .flatMap((l) =>
        /\{(.*)\}/
          .exec(l)![1]!
          .split(",")
          .map((n) => n.trim()),
      );
    const exports = { ...core, ...losses } as Record<string, unknown>;
    for (const n of names) expect(exports[n], `README imports ${n}`).toBeDefined();
    const lines = block
      .filter((l) => !l.startsWith("import "))
      .map((l) => {
        const m = /^(.*);\s*\/\/ => (\S+)$/.exec(l);
        return m ? `__checks.push([${JSON.stringify(m[1])}, ${m[1]}, ${m[2]}]);` : l;
      });
    new Function(...names, "__checks", lines.join("\n"))(...names.map((n) => exports[n]), checks);
    expect(checks.length).toBe(8);
    for (const [expr, got, want] of checks) {
      expect(Math.abs(got - want), expr).toBeLessThanOrEqual(1e-12 * Math.abs(want));
    }
  });
});
