/**
 * The runner every journaled game room shares, on top of GameRoom's people (seats, spectators,
 * presence): the steps a change of a game goes through and that no room writes again.
 *
 *   the rules took an action → `keep` its event (journal; counted for `version`)
 *   → `changed()`: the room's deadline re-armed now, and `show` (mirror, `publishGame`) once the
 *     journal has everything → on the end: `finish` (record once, then the journal session
 *     ends, the seats are let go a while later, the room may close)
 *
 * and the two ends of a game's life on one process: `resumeFrom` (a start brings a game in play
 * back from its journal: its events replayed at their times, its seats held for the clients that
 * had them) and `stopGame` (a shutdown suspends a game in play rather than ending it). What is
 * particular to a game (its rules, mirror, record, deadlines) the room declares.
 */
import { CloseCode } from '@colyseus/core';
import type { PlayerAuth } from '../../src/auth/room-auth.ts';
import type { SessionInPlay } from '../../src/services/game-sessions.ts';
import { gameEvents, lastConnections } from '../../src/services/journal-entries.ts';
import { GameRoom, type GameStateBase, type JoinOptions } from './game-room.ts';
import type { Persister } from './persister.ts';

/** Deadlines one `expire` after another at a restore, at most (each one that changes something ends a turn, a game…). */
const MAX_DUE_AT_ONCE = 16;

export abstract class SessionRoom<State extends GameStateBase, Join extends JoinOptions = JoinOptions> extends GameRoom<State, Join> {
  /** Game events taken so far, replayed ones included: `version` never falls below it. */
  #events = 0;
  #finishing = false;

  /** Re-arms the room's deadline(s) for the game as it now is. */
  protected abstract armDeadline(): void;
  /** Mirrors the game into the state and publishes it (`publishGame`); records it when over. */
  protected abstract show(): void;

  /** An event the rules returned: journaled (when the game is kept) and counted for `version`. */
  protected keep(seat: string | null, event: unknown, at: number): void {
    this.#events += 1;
    this.journal.keep({ seat, event }, at);
  }

  /** The game changed: its deadline is re-armed now, and it is shown once the journal has it. */
  protected changed(): void {
    this.armDeadline();
    this.journal.whenKept(() => this.show());
  }

  /**
   * Publishes a change of the game: `version` moves on by one at least, and to the number of the
   * game's events, so a game brought back after a restart shows the version it had, or a later
   * one (its suspension is an event too).
   */
  protected publishGame(): void {
    this.state.version = Math.max(this.state.version + 1, this.#events);
    this.publish(false);
  }

  /**
   * A game in play, back from its journal: each event replayed (by `replay`) at its time, the
   * journal going on after its last entry, each seat given to its player and held for the client
   * that had it. What was replayed is durable, so it is shown at once: a client back before the
   * suspension is written sees the game, not an empty board. Returns the last moment the game is
   * known to have been in play: its last event, or the last heartbeat of the process that ran it
   * when later (after a crash: src/db/heartbeat.ts). The game is to be suspended from then, once
   * whatever fell due before then is applied: the time the server was away is charged to nobody,
   * and the time before it as it ran (src/games/suspension.ts).
   */
  protected resumeFrom<Event>(session: SessionInPlay, players: ReadonlyArray<readonly [seat: string, player: PlayerAuth]>,
    replay: (seat: string | null, event: Event, at: number) => void): number {
    for (const { seat, event, at } of gameEvents<Event>(session.entries)) {
      replay(seat, event, at);
      this.#events += 1;
    }
    this.journal.continueAfter(session.id, session.entries.at(-1)?.seq ?? 0);
    const connections = lastConnections(session.entries);
    this.restoreSeats(players.map(([seat, player]) => ({ seat, player, connection: connections.get(seat) })));
    this.autoDispose = false;
    this.show();
    return Math.max(session.startedAt.getTime(), session.aliveAt ?? 0, ...session.entries.map((entry) => entry.at));
  }

  /**
   * After `resumeFrom`: whatever fell due while the server still ran is applied at `lastKnown`
   * (a flag, a turn's timeout, the next game: `expire` until it changes nothing), the game is
   * suspended from `lastKnown`, and its grace starts now (`restored`).
   */
  protected suspendFrom(lastKnown: number, take: (type: 'expire' | 'suspend' | 'restored', at: number) => boolean): void {
    for (let due = 0; due < MAX_DUE_AT_ONCE && take('expire', lastKnown); due++);
    take('suspend', lastKnown);
    take('restored', this.now());
  }

  /**
   * The game is over: its record is written once (retried, spooled; persister.ts); once stored,
   * its journal session ends and `stored` runs (ratings shown, a log line). Seats of dropped
   * players are let go `keepSeatsMs` later, for them to see the end.
   */
  protected finish<Record, Stored>(persister: Persister<Record, Stored>, record: Record, keepSeatsMs: number, stored: (result: Stored) => void): void {
    if (this.#finishing) return;
    this.#finishing = true;
    this.schedule('release-seats', this.now() + keepSeatsMs, () => this.releaseSeats());
    persister.persist(record, (result) => {
      this.journal.end(this.now());
      stored(result);
      this.autoDispose = true;
    });
  }

  /**
   * A shutdown: a game in play (and journaled) is suspended by `suspend` and its players told to
   * reconnect (the next start resumes it); anything else is ended by `abandon` as it always was,
   * its record written or left in the spool, and its players disconnected.
   */
  protected async stopGame({ inPlay, suspend, abandon, persister }: {
    inPlay: boolean; suspend: () => void; abandon: () => void; persister: Pick<Persister<unknown, unknown>, 'settle'>;
  }): Promise<void> {
    if (inPlay && this.journal.open) {
      await this.suspendForRestart(suspend);
      return;
    }
    abandon();
    await persister.settle();
    await this.journal.settled();
    this.releaseSeats();
    this.disconnect(CloseCode.SERVER_SHUTDOWN);
  }
}
