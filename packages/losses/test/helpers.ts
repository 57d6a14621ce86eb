/**
 * The cases of losses.json (tools/fixtures/gen_losses.py). They keep their own layout, named
 * arguments replayed through several runners and two backward passes (see fixtures.test.ts); the
 * tensors in it are @tsgrad/testing's FixtureTensor and compare with its expectTensorClose.
 */
import { type FixtureTensor, readJson } from "@tsgrad/testing";

export interface FixtureCase {
  name: string;
  fn: string;
  args: Record<string, FixtureTensor>;
  options: Record<string, number | string | boolean>;
  grad_wrt: string[];
  grad_output: FixtureTensor | null;
  expected: Record<string, FixtureTensor>;
  seed_loss?: number;
  alpha?: number;
  /** Run under `setDefaultDtype(default_dtype)` (PyTorch ran it under `torch.set_default_dtype`). */
  default_dtype?: "float64";
}

export function loadCases(): FixtureCase[] {
  return readJson<{ cases: FixtureCase[] }>(new URL("./fixtures/losses.json", import.meta.url)).cases;
}
