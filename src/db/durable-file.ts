/**
 * Writing a file that is whole and on disk once the call resolves, for the spools that keep what
 * the database could not take yet (spool.ts, journal.ts): a temporary name in the same
 * directory, fsynced, renamed into place, then the directory fsynced, so a crash or a power cut
 * leaves either no file or the whole one.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, rename } from 'node:fs/promises';
import { join } from 'node:path';

export async function writeDurably(dir: string, name: string, text: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  // Unique, so that processes sharing the directory never write the same temporary file.
  const temporary = join(dir, `.${name}.${randomUUID()}.tmp`);
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, join(dir, name));
  const directory = await open(dir, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
