/**
 * The abandonment of a chess game, a rule of the round (src/games/chess/round.ts), not of the
 * room: with both players gone ABANDONED_AFTER_MS (10 minutes) after the later absence, a game
 * in play is aborted. The round says when (`abandonmentDue`) and judges the server's `abandon`
 * again on the absences it carries: refused before its time, while suspended, or outside play;
 * absences count from the last resumption at the earliest. A replay judges it the same; an
 * abandonment kept before the rule was judged (no absences) replays as it did then.
 */
import assert from 'node:assert/strict';
import { ChessGame } from '../../src/games/chess/game.ts';
import { ABANDONED_AFTER_MS, ChessRound } from '../../src/games/chess/round.ts';
import { applyChess, replayChess, type ChessAction, type ChessEvent } from '../../src/games/chess/session.ts';
import type { Side } from '../../src/games/side.ts';

const CONTROL = { initialMs: 600_000, incrementMs: 0 };
const newRound = () => new ChessRound(ChessGame.start() as ChessGame, CONTROL);

interface Kept { seat: Side | null; event: ChessEvent; at: number }

/** A round that keeps what it takes, as a room's journal would. */
function keptRound() {
  const round = newRound();
  const kept: Kept[] = [];
  const take = (seat: Side | null, action: ChessAction, at: number) => {
    const event = applyChess(round, seat, action, at);
    if (event) kept.push({ seat, event, at });
    return event;
  };
  return { round, kept, take };
}

/** A game in play after 1. e4 e5 (played at 1 s and 2 s). */
function inPlay() {
  const game = keptRound();
  game.take(null, { type: 'start' }, 0);
  game.take('white', { type: 'move', input: { san: 'e4' }, lag: 0 }, 1000);
  game.take('black', { type: 'move', input: { san: 'e5' }, lag: 0 }, 2000);
  return game;
}

const aborted = { result: '1/2-1/2', termination: 'aborted', winner: undefined };

describe('chess abandonment: a rule of the round', () => {
  it('is ten minutes', () => {
    assert.equal(ABANDONED_AFTER_MS, 10 * 60_000);
  });

  it('is due ten minutes after the later absence, with both absences in the action', () => {
    const { round } = inPlay();
    const due = round.abandonmentDue({ white: 5000, black: 8000 });
    assert.deepEqual(due, { at: 8000 + ABANDONED_AFTER_MS, action: { type: 'abandon', absentSince: { white: 5000, black: 8000 } } });
  });

  it('is not due with one player or none gone, nor for a game not in play', () => {
    const { round } = inPlay();
    assert.equal(round.abandonmentDue({}), undefined);
    assert.equal(round.abandonmentDue({ white: 5000 }), undefined);
    assert.equal(round.abandonmentDue({ black: 5000 }), undefined);
    const waiting = newRound();
    assert.equal(waiting.abandonmentDue({ white: 0, black: 0 }), undefined);
    applyChess(round, 'white', { type: 'resign' }, 3000);
    assert.equal(round.abandonmentDue({ white: 5000, black: 8000 }), undefined);
  });

  it('is refused before its time, and aborts the game at exactly ten minutes after the later absence', () => {
    const { round, take } = inPlay();
    const { at, action } = round.abandonmentDue({ white: 5000, black: 8000 })!;
    assert.equal(take(null, action, at - 1), undefined, 'one millisecond early');
    assert.equal(round.status, 'playing');
    assert.deepEqual(take(null, action, at), action);
    assert.deepEqual([round.status, round.outcome, round.endedAt], ['ended', aborted, at]);
  });

  it('judges the absences the action carries, not the room\'s word', () => {
    const { round, take } = inPlay();
    const early = { type: 'abandon', absentSince: { white: 5000, black: 8000 } } as const;
    assert.equal(take(null, early, 5000 + ABANDONED_AFTER_MS), undefined, 'white gone ten minutes, black not yet');
    assert.equal(round.status, 'playing');
  });

  it('refuses a game not in play: waiting, or already over', () => {
    const waiting = newRound();
    assert.equal(applyChess(waiting, null, { type: 'abandon', absentSince: { white: 0, black: 0 } }, ABANDONED_AFTER_MS), undefined);
    assert.equal(waiting.status, 'waiting');
    const { round, take } = inPlay();
    take('black', { type: 'resign' }, 3000);
    const outcome = round.outcome;
    assert.equal(take(null, { type: 'abandon', absentSince: { white: 0, black: 0 } }, ABANDONED_AFTER_MS), undefined);
    assert.deepEqual([round.outcome, round.endedAt], [outcome, 3000]);
  });

  it('is refused while suspended, and counts from the end of the suspension (the time away is charged to nobody)', () => {
    const { round, take } = inPlay();
    const absentSince = { white: 10_000, black: 20_000 };
    take(null, { type: 'suspend' }, 30_000);
    assert.equal(round.abandonmentDue(absentSince), undefined, 'nothing is due while suspended');
    assert.equal(take(null, { type: 'abandon', absentSince }, 20_000 + ABANDONED_AFTER_MS), undefined);
    assert.ok(take(null, { type: 'restored' }, 2_000_000));
    assert.equal(round.abandonmentDue(absentSince), undefined, 'nor during the grace after a restart');
    assert.equal(take(null, { type: 'abandon', absentSince }, 2_000_001), undefined);
    assert.ok(take(null, { type: 'resume' }, 2_010_000));
    const due = round.abandonmentDue(absentSince)!;
    assert.equal(due.at, 2_010_000 + ABANDONED_AFTER_MS, 'ten minutes from the resumption, not from the absences');
    assert.equal(take(null, due.action, due.at - 1), undefined);
    assert.equal(round.status, 'playing');
    assert.ok(take(null, due.action, due.at));
    assert.deepEqual([round.outcome, round.endedAt], [aborted, due.at]);
  });

  it('counts an absence that began after the resumption from when it began', () => {
    const { round, take } = inPlay();
    take(null, { type: 'suspend' }, 30_000);
    take(null, { type: 'resume' }, 100_000);
    assert.equal(round.abandonmentDue({ white: 150_000, black: 120_000 })?.at, 150_000 + ABANDONED_AFTER_MS);
  });

  it('replays a kept abandonment to the same outcome, judged again on the same absences', () => {
    const { round, kept, take } = inPlay();
    take(null, { type: 'suspend' }, 30_000);
    take(null, { type: 'restored' }, 500_000);
    take(null, { type: 'resume' }, 510_000);
    const due = round.abandonmentDue({ white: 40_000, black: 520_000 })!;
    take(null, due.action, due.at);
    assert.deepEqual(kept.at(-1), { seat: null, event: { type: 'abandon', absentSince: { white: 40_000, black: 520_000 } }, at: 520_000 + ABANDONED_AFTER_MS });
    const replayed = newRound();
    for (const { seat, event, at } of kept) replayChess(replayed, seat, event, at);
    assert.deepEqual([replayed.status, replayed.outcome, replayed.endedAt, replayed.clock], [round.status, round.outcome, round.endedAt, round.clock]);
  });

  it('replays an abandonment kept without absences (before the rule was judged) as it was taken then', () => {
    const { kept } = inPlay();
    const legacy: ChessEvent = { type: 'abandon' };
    const replayed = newRound();
    for (const { seat, event, at } of kept) replayChess(replayed, seat, event, at);
    replayChess(replayed, null, legacy, 60_000); // unjudged: it was the room's word then
    assert.deepEqual([replayed.status, replayed.outcome, replayed.endedAt], ['ended', aborted, 60_000]);
  });

  it('ends a game the server cannot keep at once (`shutdown`), and nothing else', () => {
    const { round, take } = inPlay();
    assert.deepEqual(take(null, { type: 'shutdown' }, 3000), { type: 'shutdown' });
    assert.deepEqual([round.outcome, round.endedAt], [aborted, 3000]);
    assert.equal(take(null, { type: 'shutdown' }, 4000), undefined, 'already over');
    assert.equal(applyChess(newRound(), null, { type: 'shutdown' }, 0), undefined, 'not begun');
  });

  it('is never a client\'s: `abandon` and `shutdown` are refused from a player, and a player\'s `abort` stays the player\'s rule', () => {
    const { round, take } = inPlay();
    for (const seat of ['white', 'black'] as const) {
      assert.throws(() => take(seat, { type: 'abandon', absentSince: { white: 0, black: 0 } }, ABANDONED_AFTER_MS * 2), { code: 'NOT_ALLOWED' });
      assert.throws(() => take(seat, { type: 'shutdown' }, ABANDONED_AFTER_MS * 2), { code: 'NOT_ALLOWED' });
      assert.throws(() => take(seat, { type: 'abort' }, ABANDONED_AFTER_MS * 2), { code: 'CANNOT_ABORT' }, 'both have moved');
    }
    assert.deepEqual([round.status, round.outcome], ['playing', undefined]);
  });
});
