/**
 * A durable local spool for what the database could not take yet: one JSON file per entry in a
 * directory under `DATA_DIR`, written to a temporary name, fsynced, renamed into place and the
 * directory fsynced, so an entry survives a crash or a power cut once `put` has resolved. An entry
 * is named by its kind and id, so putting it twice keeps one, and several processes sharing the
 * directory see the same entries (each write it takes is idempotent). Dates are kept as dates.
 */
import { readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeDurably } from './durable-file.ts';

export interface SpoolEntry {
  readonly kind: string;
  readonly id: string;
  readonly record: unknown;
}

const SAFE = /^[A-Za-z0-9_-]{1,100}$/;
const SUFFIX = '.json';

function fileName(kind: string, id: string): string {
  if (!SAFE.test(kind) || !SAFE.test(id)) throw new Error(`a spool entry needs a plain kind and id (got ${kind}/${id})`);
  return `${kind}.${id}${SUFFIX}`;
}

/** JSON with dates tagged, so a record reads back as it was written. */
function encode(entry: SpoolEntry): string {
  return JSON.stringify(entry, function (this: Record<string, unknown>, key: string, value: unknown) {
    const original = this[key];
    return original instanceof Date ? { $date: original.toISOString() } : value;
  });
}

function decode(text: string): SpoolEntry {
  return JSON.parse(text, (_key, value: unknown) => {
    const tagged = value as { $date?: unknown } | null;
    if (typeof tagged === 'object' && tagged !== null && typeof tagged.$date === 'string' && Object.keys(tagged).length === 1) {
      return new Date(tagged.$date);
    }
    return value;
  }) as SpoolEntry;
}

export class Spool {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** Stores `entry` durably: once this resolves, a crash does not lose it. */
  async put(entry: SpoolEntry): Promise<void> {
    await writeDurably(this.dir, fileName(entry.kind, entry.id), encode(entry));
  }

  /** Forgets an entry once the database has it (gone already is fine: another process took it). */
  async remove(kind: string, id: string): Promise<void> {
    try {
      await unlink(join(this.dir, fileName(kind, id)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  /** Every entry, oldest name first; a file that does not read (cut short by a crash before its rename cannot exist) is reported, not hidden. */
  async entries(): Promise<Array<SpoolEntry | { file: string; error: Error }>> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const found: Array<SpoolEntry | { file: string; error: Error }> = [];
    for (const name of names.filter((file) => file.endsWith(SUFFIX) && !file.startsWith('.')).sort()) {
      try {
        found.push(decode(await readFile(join(this.dir, name), 'utf8')));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // taken meanwhile
        found.push({ file: name, error: error as Error });
      }
    }
    return found;
  }
}
