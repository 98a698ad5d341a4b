/**
 * Writes a file whole or not at all: the bytes go to a temporary file in
 * the same folder, which is then renamed over the target, so a crash or an
 * error half-way never leaves a truncated plot or report behind.
 *
 * `node:fs` is imported here, inside the function, so the package has no
 * Node-only import at module top level and bundles for browsers.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const fs = await import('node:fs/promises');
  const nodePath = await import('node:path');
  await fs.mkdir(nodePath.dirname(nodePath.resolve(path)), { recursive: true });
  const temp = `${path}.${process.pid}.${Date.now().toString(36)}.tmp`;
  try {
    await fs.writeFile(temp, data);
    await fs.rename(temp, path);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}
