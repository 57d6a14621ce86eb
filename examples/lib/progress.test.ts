import { describe, expect, it } from "vitest";
import { createProgress } from "./progress.js";

describe("createProgress (plain mode)", () => {
  it("prints about `lines` evenly spaced lines, always the last epoch", () => {
    const lines: string[] = [];
    const p = createProgress(25, { log: (l) => lines.push(l), interactive: false }, "train", 5);
    for (let e = 1; e <= 25; e++) p.update(e, { loss: 1 / e, accuracy: e / 25 });
    p.stop();
    expect(lines).toEqual([
      "train epoch  5/25  loss 0.2000  acc 20.0%",
      "train epoch 10/25  loss 0.1000  acc 40.0%",
      "train epoch 15/25  loss 0.0667  acc 60.0%",
      "train epoch 20/25  loss 0.0500  acc 80.0%",
      "train epoch 25/25  loss 0.0400  acc 100.0%",
    ]);
  });
});
