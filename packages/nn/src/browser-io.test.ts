/**
 * Node checks of the browser helpers: the download hands the browser exactly saveSafetensors'
 * bytes under the given name. IndexedDB has no Node implementation here; the playground's browser
 * test (examples/web/browser.test.ts) saves, reloads and loads through the real one in Chromium.
 */
import { manualSeed } from "@tsgrad/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { downloadSafetensors, Linear, loadSafetensors, saveSafetensors } from "./index.js";

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe("downloadSafetensors", () => {
  it("clicks a hidden <a download> on a Blob of saveSafetensors' bytes, then revokes the URL", async () => {
    vi.useFakeTimers();
    manualSeed(0);
    const model = new Linear(3, 2);
    const blobs = new Map<string, Blob>();
    const revoked: string[] = [];
    const clicked: { href: string; download: string; inBody: boolean }[] = [];
    const body: unknown[] = [];
    const anchor = {
      href: "",
      download: "",
      style: { display: "" },
      click() {
        clicked.push({ href: this.href, download: this.download, inBody: body.includes(this) });
      },
      remove() {
        body.splice(body.indexOf(this), 1);
      },
    };
    vi.stubGlobal("document", {
      createElement: (tag: string) => (tag === "a" ? anchor : null),
      body: { append: (el: unknown) => body.push(el) },
    });
    const createObjectURL = (b: Blob) => {
      const url = `blob:test/${blobs.size}`;
      blobs.set(url, b);
      return url;
    };
    vi.stubGlobal(
      "URL",
      Object.assign(class extends URL {}, {
        createObjectURL,
        revokeObjectURL: (u: string) => revoked.push(u),
      }),
    );

    downloadSafetensors(model.stateDict(), "linear.safetensors", { note: "hi" });
    expect(clicked).toEqual([{ href: "blob:test/0", download: "linear.safetensors", inBody: true }]);
    expect(body).toEqual([]);
    const bytes = new Uint8Array(await blobs.get("blob:test/0")!.arrayBuffer());
    expect(bytes).toEqual(saveSafetensors(model.stateDict(), { note: "hi" }));
    expect([...loadSafetensors(bytes).keys()]).toEqual(["weight", "bias"]);
    expect(revoked).toEqual([]);
    vi.advanceTimersByTime(60_000);
    expect(revoked).toEqual(["blob:test/0"]);
  });

  it("names the file model.safetensors by default", () => {
    const names: string[] = [];
    vi.stubGlobal("document", {
      createElement: () => ({
        download: "",
        style: {},
        click() {
          names.push((this as { download: string }).download);
        },
        remove() {},
      }),
      body: { append() {} },
    });
    downloadSafetensors(new Linear(1, 1).stateDict());
    expect(names).toEqual(["model.safetensors"]);
  });
});
