/** Says which contract runs happen here and which are skipped, so a skipped adapter is never silent. */
export function announceAdapter(adapter: string, variable: string): string | undefined {
  const value = process.env[variable];
  const line = value
    ? `[contract] ${adapter}: RUNNING (${variable} is set)`
    : `[contract] ${adapter}: SKIPPED (set ${variable} to run it)`;
  console.warn(line);
  return value;
}

/** For adapters that need nothing outside the test process. */
export function announceAlways(adapter: string): void {
  console.warn(`[contract] ${adapter}: RUNNING (always)`);
}
