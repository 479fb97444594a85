/**
 * The chess session: kept events replayed at their times rebuild the round exactly (position,
 * moves, repetitions, clocks, records, offers, outcome), whether a move is loaded from its kept
 * SAN and position or generated again; and the clock rule across a suspension.
 */
import assert from 'node:assert/strict';
import { Chess } from 'chess.js';
import { ChessGame } from '../../src/games/chess/game.ts';
import { ChessRound } from '../../src/games/chess/round.ts';
import { applyChess, replayChess, type ChessAction, type ChessEvent } from '../../src/games/chess/session.ts';
import type { Side } from '../../src/games/side.ts';
import { RESUME_GRACE_MS } from '../../src/games/suspension.ts';
import { prng } from '../support/prng.ts';

const CONTROL = { initialMs: 180_000, incrementMs: 2000 };
const newRound = () => new ChessRound(ChessGame.start() as ChessGame, CONTROL);

interface Kept { seat: Side | null; event: ChessEvent; at: number }

/** Everything a client or a record could tell about a round. */
function portrait(round: ChessRound) {
  return {
    fen: round.game.fen, sans: [...round.game.sans], ucis: [...round.game.ucis], status: round.status, outcome: round.outcome,
    clock: round.clock && { remaining: round.clock.remaining, running: round.clock.running, since: round.clock.since },
    records: round.records, drawOffer: round.drawOffer, takebackOffer: round.takebackOffer, claim: round.game.drawClaim(),
    firstMoveBy: round.firstMoveBy, suspended: round.suspended,
  };
}

/** A random game (seeded): moves mostly, offers, takebacks and a suspension now and then. */
function randomGame(seed: number): { round: ChessRound; kept: Kept[] } {
  const random = prng(seed);
  const round = newRound();
  const kept: Kept[] = [];
  const take = (seat: Side | null, action: ChessAction, at: number) => {
    try {
      const event = applyChess(round, seat, action, at);
      if (event) kept.push({ seat, event, at });
    } catch { /* refused: nothing kept, nothing changed */ }
  };
  let now = 1_000_000;
  take(null, { type: 'start' }, now);
  const shadow = new Chess();
  for (let step = 0; step < 200 && round.status === 'playing'; step++) {
    now += Math.floor(random() * 4000);
    const turn = round.turn;
    const roll = random();
    if (roll < 0.03) take(turn, { type: 'draw:offer' }, now);
    else if (roll < 0.05) take(turn === 'white' ? 'black' : 'white', { type: 'takeback:offer' }, now);
    else if (roll < 0.07) take(turn, { type: 'takeback:accept' }, now);
    else if (roll < 0.08) take(null, { type: 'suspend' }, now);
    else if (roll < 0.085) take(null, { type: 'restored' }, now);
    else if (roll < 0.09) {
      const due = round.suspended?.resumeBy;
      if (due !== undefined && random() < 0.5) {
        now = Math.max(now, due);
        take(null, { type: 'expire', lag: 0 }, now); // the grace is over
      } else {
        take(null, { type: 'resume' }, now); // the player to move is back
      }
    }
    else {
      if (round.suspended) take(null, { type: 'resume' }, now);
      shadow.load(round.game.fen);
      const moves = shadow.moves({ verbose: true });
      const move = moves[Math.floor(random() * moves.length)]!;
      const input = random() < 0.5 ? { san: move.san } : { uci: move.from + move.to + (move.promotion ?? '') };
      take(turn, { type: 'move', input, lag: Math.floor(random() * 300) }, now);
    }
  }
  return { round, kept };
}

describe('chess session: apply and replay', () => {
  it('rebuilds 30 random games exactly from their kept events, loading moves or generating them', function () {
    this.timeout(60_000);
    for (let seed = 1; seed <= 30; seed++) {
      const { round, kept } = randomGame(seed);
      const loaded = newRound();
      for (const { seat, event, at } of kept) replayChess(loaded, seat, event, at);
      assert.deepEqual(portrait(loaded), portrait(round), `seed ${seed}, loaded`);
      const generated = newRound();
      for (const { seat, event, at } of kept) {
        const bare = event.type === 'move' ? { type: 'move' as const, uci: event.uci, lag: event.lag } : event;
        replayChess(generated, seat, bare, at);
      }
      assert.deepEqual(portrait(generated), portrait(round), `seed ${seed}, generated`);
    }
  });

  it('keeps a move with its SAN and the position after it', () => {
    const round = newRound();
    applyChess(round, null, { type: 'start' }, 0);
    const event = applyChess(round, 'white', { type: 'move', input: { san: 'Nf3' }, lag: 12 }, 1000);
    assert.deepEqual(event, { type: 'move', uci: 'g1f3', lag: 12, san: 'Nf3', fen: 'rnbqkbnr/pppppppp/8/8/8/5N2/PPPPPPPP/RNBQKB1R b KQkq - 1 1' });
  });

  it('counts repetitions across loaded moves as when they were played (threefold, then fivefold)', () => {
    const round = newRound();
    const kept: Kept[] = [];
    applyChess(round, null, { type: 'start' }, 0);
    kept.push({ seat: null, event: { type: 'start' }, at: 0 });
    const shuffle = ['Nf3', 'Nf6', 'Ng1', 'Ng8'];
    for (let i = 0; i < 16 && round.status === 'playing'; i++) {
      const seat: Side = i % 2 === 0 ? 'white' : 'black';
      const event = applyChess(round, seat, { type: 'move', input: { san: shuffle[i % 4]! }, lag: 0 }, i * 1000)!;
      kept.push({ seat, event, at: i * 1000 });
    }
    assert.equal(round.outcome?.termination, 'fivefold');
    const loaded = newRound();
    for (const { seat, event, at } of kept.slice(0, 9)) replayChess(loaded, seat, event, at);
    assert.equal(loaded.game.drawClaim(), 'threefold');
    for (const { seat, event, at } of kept.slice(9)) replayChess(loaded, seat, event, at);
    assert.deepEqual(portrait(loaded), portrait(round));
  });

  it('charges nobody for a suspension: the running side pays up to it, then its clock waits for resume', () => {
    const round = newRound();
    applyChess(round, null, { type: 'start' }, 0);
    applyChess(round, 'white', { type: 'move', input: { san: 'e4' }, lag: 0 }, 1000);
    applyChess(round, 'black', { type: 'move', input: { san: 'e5' }, lag: 0 }, 2000);
    assert.equal(round.clock?.running, 'white');
    applyChess(round, null, { type: 'suspend' }, 7000);
    assert.deepEqual([round.clock?.running, round.clock?.remaining.white, round.nextDeadline(() => 0)], [undefined, 175_000, undefined]);
    assert.equal(applyChess(round, null, { type: 'expire', lag: 0 }, 999_999), undefined, 'no flag falls while suspended');
    applyChess(round, null, { type: 'resume' }, 60_000);
    assert.deepEqual([round.clock?.running, round.clock?.since, round.remaining('white', 61_000)], ['white', 60_000, 174_000]);
    applyChess(round, 'white', { type: 'move', input: { san: 'Nf3' }, lag: 0 }, 63_000);
    assert.equal(round.clock?.remaining.white, 175_000 - 3000 + 2000);
  });

  it('goes on by itself when the grace after a restart is over, if the player to move is not back first', () => {
    const round = newRound();
    applyChess(round, null, { type: 'start' }, 0);
    applyChess(round, 'white', { type: 'move', input: { san: 'e4' }, lag: 0 }, 1000);
    applyChess(round, 'black', { type: 'move', input: { san: 'e5' }, lag: 0 }, 2000);
    applyChess(round, null, { type: 'suspend' }, 3000);
    assert.equal(round.nextDeadline(() => 0), undefined, 'no deadline before the server has the game again');
    assert.ok(applyChess(round, null, { type: 'restored' }, 100_000));
    assert.equal(round.nextDeadline(() => 0), 100_000 + RESUME_GRACE_MS);
    assert.equal(applyChess(round, null, { type: 'expire', lag: 0 }, 100_000 + RESUME_GRACE_MS - 1), undefined);
    assert.ok(applyChess(round, null, { type: 'expire', lag: 0 }, 100_000 + RESUME_GRACE_MS));
    assert.deepEqual([round.suspended, round.clock?.running, round.clock?.since, round.clock?.remaining.white],
      [undefined, 'white', 100_000 + RESUME_GRACE_MS, 180_000 - 1000]);
  });

  it('refuses server actions from a player and player actions from nobody', () => {
    const round = newRound();
    applyChess(round, null, { type: 'start' }, 0);
    assert.throws(() => applyChess(round, 'white', { type: 'suspend' }, 1), { code: 'NOT_ALLOWED' });
    assert.throws(() => applyChess(round, null, { type: 'resign' }, 1), { code: 'NOT_ALLOWED' });
  });
});
