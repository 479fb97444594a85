/**
 * The journal's local log, for write-behind (journal.ts): batches appended to a file, one JSON
 * line each, made durable by one `fdatasync` per batch, and written to the database later, many
 * batches to a statement. An append costs the process a write and a sync (about a fifth of a
 * millisecond here), where a file per batch (write, sync, rename, sync the directory) costs over
 * a millisecond, and a statement on the embedded database several.
 *
 * The log is a series of segments named like the spool's files (sortable by time, then by a
 * counter), `.log` where a spool file is `.json`. One segment is open for appends; `seal()`
 * closes it, so that the drain reads only segments no longer written, and the next append opens
 * a new one (and syncs the directory, so the file itself survives a power cut). A crash during an
 * append can leave a last line cut short: that batch was never acknowledged, and reading skips
 * it.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

export const LOG_SUFFIX = '.log';

/** The items of a segment's text, in order; a last line cut short by a crash is left out. Throws when an earlier line does not read. */
export function readSegment<Item>(text: string): { items: Item[]; cut: boolean } {
  const lines = text.split('\n');
  const last = lines.pop();
  const items: Item[] = [];
  for (const line of lines) items.push(...(JSON.parse(line) as Item[]));
  // A text ends with a newline when its last append finished; anything after it is a torn write.
  return { items, cut: last !== undefined && last !== '' };
}

export class JournalLog {
  readonly #dir: string;
  readonly #nextName: (suffix: string) => string;
  #active: { name: string; handle: Promise<FileHandle> } | undefined;
  #appending: Promise<void> = Promise.resolve();

  /** `nextName` names a new segment (the journal's sortable names, with `suffix`). */
  constructor(dir: string, nextName: (suffix: string) => string) {
    this.#dir = dir;
    this.#nextName = nextName;
  }

  /** The segment appends go to now, if one is open. */
  get active(): string | undefined {
    return this.#active?.name;
  }

  /** Appends `items` as one line and syncs it to disk; appends run one at a time, in call order. */
  append(items: readonly unknown[]): Promise<void> {
    const line = `${JSON.stringify(items)}\n`;
    const segment = this.#active ?? this.#open();
    const done = this.#appending.then(async () => {
      let handle: FileHandle;
      try {
        handle = await segment.handle;
      } catch (error) {
        if (this.#active === segment) this.#active = undefined; // the next append tries a new segment
        throw error;
      }
      await handle.write(line);
      await handle.datasync();
    });
    this.#appending = done.catch(() => undefined);
    return done;
  }

  /** Closes the open segment once its appends are done; the next append opens a new one. Returns the name sealed. */
  async seal(): Promise<string | undefined> {
    const segment = this.#active;
    if (!segment) return undefined;
    this.#active = undefined;
    await this.#appending;
    const handle = await segment.handle.catch(() => undefined);
    if (!handle) return undefined;
    await handle.close();
    return segment.name;
  }

  #open(): { name: string; handle: Promise<FileHandle> } {
    const name = this.#nextName(LOG_SUFFIX);
    const handle = (async () => {
      const file = await open(join(this.#dir, name), 'a');
      const directory = await open(this.#dir, 'r');
      try {
        await directory.sync();
      } finally {
        await directory.close();
      }
      return file;
    })();
    handle.catch(() => undefined);
    this.#active = { name, handle };
    return this.#active;
  }
}
