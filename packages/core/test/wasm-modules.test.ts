import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MODULES_PATH, renderModules } from "../../../tools/gen-wasm.js";

describe("generated WebAssembly modules", () => {
  it("packages/core/src/kernels/wasm/modules.ts is what tools/gen-wasm.ts writes (rerun it after a change)", async () => {
    expect(readFileSync(MODULES_PATH, "utf8")).toBe(await renderModules());
  });
});
