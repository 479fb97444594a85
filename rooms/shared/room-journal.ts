/**
 * One room's part of the journal (src/db/journal.ts): the game's session, opened when the game
 * starts, its events in order, and each seat's current connection (its session id and
 * reconnection token, so a restarted server can hold the seat for exactly that client). Writes
 * are grouped across every room of the process by the journal; the room asks `whenKept` to show
 * what it did only once everything it kept is durable, so no client ever sees an action the
 * server could still lose. Without a journal (JOURNAL=off, for measuring its cost) everything is
 * "kept" at once.
 */
import type { Journal, SessionOpening } from '../../src/db/journal.ts';
import type { Logger } from '../../src/log.ts';

import type { KeptEntry } from '../../src/services/journal-entries.ts';

export type { KeptEntry };

export class RoomJournal<Event> {
  readonly #journal: Journal | undefined;
  readonly #log: () => Logger;
  #sessionId: string | undefined;
  #seq = 0;
  #pending = 0;
  #ended = false;
  #whenKept: (() => void) | undefined;
  /** The last write asked for: the journal settles calls in order, so once it has, all have. */
  #last: Promise<void> = Promise.resolve();

  constructor(journal: Journal | undefined, log: () => Logger) {
    this.#journal = journal;
    this.#log = log;
  }

  /** A game is in play and being kept. */
  get open(): boolean {
    return this.#sessionId !== undefined && !this.#ended;
  }

  /** The game started: its session is opened with what recreates it. */
  begin(opening: Omit<SessionOpening, 'owner'> & { owner: string }): void {
    if (this.#sessionId !== undefined) return;
    this.#sessionId = opening.id;
    this.#track(this.#journal?.open(opening));
  }

  /** A game brought back from the journal: it goes on after entry `seq`. */
  continueAfter(sessionId: string, seq: number): void {
    this.#sessionId = sessionId;
    this.#seq = seq;
  }

  keep(entry: KeptEntry<Event>, at: number): void {
    if (!this.open) return;
    this.#seq += 1;
    this.#track(this.#journal?.append({ sessionId: this.#sessionId!, seq: this.#seq, at, entry }));
  }

  /** The game is over and recorded: its session is closed (its entries stay, for replay). */
  end(at: number): void {
    if (!this.open) return;
    this.#ended = true;
    this.#track(this.#journal?.end(this.#sessionId!, at));
  }

  /**
   * Runs `task` once everything kept so far is durable: now if it is, else when the last write
   * lands. Only the latest task waits (each one shows the whole game as it then is).
   */
  whenKept(task: () => void): void {
    if (this.#pending === 0) {
      task();
      return;
    }
    this.#whenKept = task;
  }

  /** Resolves once everything kept so far is durable (for a shutdown). */
  settled(): Promise<void> {
    return this.#last;
  }

  #track(write: Promise<void> | undefined): void {
    if (!write) return;
    this.#pending += 1;
    const done = write.catch((error: unknown) => {
      // Neither the database nor the local spool took it: the game goes on, but a crash now would lose this.
      this.#log().error({ err: error, sessionId: this.#sessionId }, 'could not keep a game action in the journal');
    }).finally(() => {
      this.#pending -= 1;
      if (this.#pending > 0) return;
      const task = this.#whenKept;
      this.#whenKept = undefined;
      try {
        task?.();
      } catch (error) {
        this.#log().error({ err: error, sessionId: this.#sessionId }, 'could not show a kept game action');
      }
    });
    this.#last = done;
  }
}
