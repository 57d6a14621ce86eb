/** An example's `main(argv, io)`, as examples/*.ts export it: argv in, every line out through `io.log`. */
export type ExampleMain<R> = (
  argv: string[],
  io: { log: (line: string) => void; interactive: boolean },
) => Promise<R>;

/** Runs an example's `main` on `argv` without a live progress bar: its result and its log, one line per call. */
export async function runExample<R>(
  main: ExampleMain<R>,
  argv: string[] = [],
): Promise<{ result: R; output: string }> {
  const lines: string[] = [];
  const result = await main(argv, { log: (l) => lines.push(l), interactive: false });
  return { result, output: lines.join("\n") };
}
