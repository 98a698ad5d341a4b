/** Command-line helpers shared by the bench's entry points. */

/** `--name=a,b` as ['a', 'b'], or null when absent. */
export function flag(name: string): string[] | null {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg ? arg.slice(name.length + 3).split(',') : null;
}

/** An error, shortened to fit a table cell. */
export function short(e: unknown): string {
  const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const line = msg.split('\n')[0]!;
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}
