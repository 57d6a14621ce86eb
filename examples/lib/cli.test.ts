import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parseOptions } from "../toy-classifier.js";
import { cliArgs } from "./cli.js";

const run = promisify(execFile);
const examples = fileURLToPath(new URL("..", import.meta.url));

describe("cliArgs: a leading -- (pnpm demo -- --epochs 5)", () => {
  it("drops a standalone leading --, and only that", () => {
    expect(cliArgs(["--", "--epochs", "5"])).toEqual(["--epochs", "5"]);
    expect(cliArgs(["--epochs", "5"])).toEqual(["--epochs", "5"]);
    expect(cliArgs([])).toEqual([]);
    // A later -- still ends the options, so what follows is a (refused) positional argument.
    expect(cliArgs(["--epochs", "5", "--", "x"])).toEqual(["--epochs", "5", "--", "x"]);
    expect(cliArgs(["--", "--", "--epochs"])).toEqual(["--", "--epochs"]);
  });

  it("the parsers take the flags after it", () => {
    expect(parseOptions(["--", "--epochs", "5", "--out", "/tmp/x"])).toMatchObject({
      epochs: 5,
      out: "/tmp/x",
    });
    expect(() => parseOptions(["--epochs", "5", "--", "--out"])).toThrow(/Unexpected argument '--out'/);
  });

  // What `pnpm demo -- --epochs 5 --help` runs: the script gets the -- in process.argv.
  describe.concurrent("every example CLI, run as pnpm runs it", () => {
    const cases: [string, string[], string][] = [
      ["toy-classifier.ts", [], "--no-gradcheck"],
      ["seed-walkthrough.ts", [], "--smoothing"],
      ["iris.ts", [], "--test-fraction"],
      ["soak.ts", ["--expose-gc"], "--sample-every"],
    ];
    for (const [file, nodeFlags, helpLine] of cases) {
      const args = [
        ...(file === "toy-classifier.ts" || file === "iris.ts" ? ["--epochs", "5"] : []),
        "--help",
      ];
      it(`${file} -- ${args.join(" ")}`, async () => {
        const argv = [...nodeFlags, "--conditions=tsgrad-source", "--import", "tsx", file, "--", ...args];
        const { stdout } = await run(process.execPath, argv, { cwd: examples, timeout: 60_000 });
        expect(stdout).toContain(helpLine);
      }, 60_000);
    }
  });
});
