import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tensor } from "@tsgrad/core";
import { afterAll, describe, expect, it } from "vitest";
import { loadFile, saveFile } from "./node-io.js";
import { readSafetensors } from "./safetensors.js";

const dir = mkdtempSync(join(tmpdir(), "tsgrad-nn-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("node-io", () => {
  it("saveFile writes safetensors bytes that loadFile reads back", () => {
    const path = join(dir, "w.safetensors");
    saveFile({ "fc.weight": tensor([[1, 2]], { dtype: "float32" }) }, path, { k: "v" });
    expect(readSafetensors(readFileSync(path)).metadata).toEqual({ k: "v" });
    expect(loadFile(path).get("fc.weight")!.tolist()).toEqual([[1, 2]]);
  });
  it("loadFile reads the PyTorch-written fixture", () => {
    const sd = loadFile(new URL("../test/fixtures/mlp.safetensors", import.meta.url).pathname);
    expect([...sd.keys()]).toEqual(["0.weight", "0.bias", "2.weight", "2.bias"]);
  });
});
