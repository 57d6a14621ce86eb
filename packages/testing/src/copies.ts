/**
 * A second copy of @tsgrad/core in the same realm, as an app gets when two versions are installed
 * or when the ESM build is imported beside the CommonJS build: its Tensors are not Tensors of the
 * copy the test imported, so errors about them can be checked.
 */
import { vi } from "vitest";

type Core = typeof import("../../core/src/index.js");

/**
 * Loads @tsgrad/core's module graph a second time (vitest's `resetModules`, then a fresh dynamic
 * import), registered in the copies registry like any other copy, and returns its exports. Modules
 * the test file imported statically keep their first copy; modules imported dynamically after this
 * call get fresh copies too.
 *
 * @example
 * const other = await loadAnotherCore();
 * expect(() => new Linear(2, 3).call(other.randn([4, 2]))).toThrow(/another copy of @tsgrad\/core/);
 */
export async function loadAnotherCore(): Promise<Core> {
  vi.resetModules();
  return await import("../../core/src/index.js");
}
