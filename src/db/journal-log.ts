/**
 * The journal's local log, for write-behind (journal.ts): batches appended to a file, one JSON
 * line each, and written to the database later, many batches to a statement. An append is one
 * write into the kernel's page cache (microseconds), where a statement on the embedded database
 * costs the process several milliseconds.
 *
 * Durability: once `append` resolves, the batch survives the process (a crash, kill -9, a
 * deploy): the kernel holds it. With `sync`, it also survives the machine (a power cut, a kernel
 * crash): `fdatasync` after each write, a fifth of a millisecond of the process's CPU and about a
 * millisecond of wait here, more under load. PGlite itself never syncs its files (its Node file
 * system has no fsync), so on the embedded database the machine's crash can cost its data
 * anyway; the journal does not sync there unless told (JOURNAL_SYNC).
 *
 * The log is a series of segments named like the spool's files (sortable by time, then by a
 * counter), `.log` where a spool file is `.json`. One segment is open for appends; `seal()`
 * closes it, so that the drain reads only segments no longer written, and the next append opens
 * a new one (and syncs the directory, so the file itself survives a power cut). A crash during an
 * append can leave a last line cut short: that batch was never acknowledged, and reading skips
 * it.
 */
import { writeSync } from 'node:fs';
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
  readonly #sync: boolean;
  #appending: Promise<void> = Promise.resolve();

  /** `nextName` names a new segment (the journal's sortable names, with `suffix`); `sync`: fdatasync each append. */
  constructor(dir: string, nextName: (suffix: string) => string, { sync }: { sync: boolean }) {
    this.#dir = dir;
    this.#nextName = nextName;
    this.#sync = sync;
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
      // Into the page cache at once (microseconds; an asynchronous write of a string cost the main
      // thread about 0.3 ms at 1,000 games). The sync, when asked, runs on libuv's pool.
      writeSync(handle.fd, line);
      if (this.#sync) await handle.datasync();
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
      if (!this.#sync) return file;
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
