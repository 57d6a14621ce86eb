/** Where nn's fixtures are: nn.json (tools/fixtures/gen_nn.py) and the binary .safetensors files. */
import { readBytes, readJson } from "@tsgrad/testing";

/** The fixture file written by tools/fixtures/gen_nn.py. */
export const NN_FIXTURE = readJson(new URL("./fixtures/nn.json", import.meta.url));

export function fixtureBytes(name: string): Uint8Array {
  return readBytes(new URL(`./fixtures/${name}`, import.meta.url));
}
