/**
 * A backgammon match as a session: the rules of time at the table (the delay-and-reserve clock,
 * the server's own rolls, the pause between games, absences, suspension) and the journal's
 * promise: the kept events, sent through JSON and replayed at their times on a table made from
 * the same setup, rebuild the same match, events, event times, dice and clock.
 */
import assert from 'node:assert/strict';
import { rollAt } from '../../../src/games/backgammon/dice.ts';
import { applyBackgammon, replayBackgammon, type BackgammonAction, type BackgammonEvent } from '../../../src/games/backgammon/session.ts';
import { ABANDONED_AFTER_MS, ABSENT_FORFEIT_MS, BackgammonTable, NEXT_GAME_PAUSE_MS, type TableRules } from '../../../src/games/backgammon/table.ts';
import { verifyMatchDice } from '../../../src/games/backgammon/verify.ts';
import { reserveAt } from '../../../src/games/clock/delay-clock.ts';
import { opposite, type Side } from '../../../src/games/side.ts';
import { Refusal } from '../../../src/games/refusal.ts';
import { prng } from './helpers.ts';

const T0 = 1_800_000_000_000;
const SEED = 'c0ffee'.repeat(10) + 'beef';
const CLIENT_SEEDS = { white: 'white-seed', black: 'black-seed' };
const CLOCK = { delayMs: 12_000, reserveMs: 60_000 };

interface Kept { seat: Side | null; event: BackgammonEvent; at: number }

/** A table and its journal: every event taken is kept as JSON, with its seat and time. */
class Journaled {
  readonly rules: TableRules;
  readonly table: BackgammonTable;
  readonly kept: Kept[] = [];
  now = T0;

  constructor(rules: TableRules) {
    this.rules = rules;
    this.table = new BackgammonTable(rules, { seed: SEED });
  }

  take(seat: Side | null, action: BackgammonAction): BackgammonEvent | undefined {
    const event = applyBackgammon(this.table, seat, action, this.now);
    if (event) this.kept.push(JSON.parse(JSON.stringify({ seat, event, at: this.now })) as Kept);
    return event;
  }

  start(): void {
    assert.deepEqual(this.take(null, { type: 'start', clientSeeds: CLIENT_SEEDS }), { type: 'start' });
  }

  /** The table a restart makes: the same setup (the client seeds included), the kept events replayed. */
  replayed(): BackgammonTable {
    const table = new BackgammonTable(this.rules, { seed: SEED, clientSeeds: CLIENT_SEEDS });
    for (const { seat, event, at } of this.kept) replayBackgammon(table, seat, event, at);
    return table;
  }
}

function assertSameTable(replayed: BackgammonTable, live: BackgammonTable): void {
  assert.deepEqual(replayed.events, live.events);
  assert.deepEqual(replayed.eventTimes, live.eventTimes);
  assert.deepEqual(replayed.state, live.state);
  assert.deepEqual(replayed.clock, live.clock);
  assert.deepEqual([replayed.startedAt, replayed.endedAt, replayed.nextGameAt, replayed.suspended],
    [live.startedAt, live.endedAt, live.nextGameAt, live.suspended]);
  assert.equal(replayed.nextDeadline(), live.nextDeadline());
  assert.deepEqual(replayed.absenceDue({ white: T0 }), live.absenceDue({ white: T0 }));
  assert.deepEqual(replayed.dice?.clientSeeds, live.dice?.clientSeeds);
  assert.equal(replayed.revealedSeed, live.revealedSeed);
}

/** The record's dice part as the REST API gives it, checked as `npm run verify-dice` does. */
function verified(table: BackgammonTable) {
  return verifyMatchDice({
    backgammon: {
      dice: { derivation: table.dice!.derivation, commit: table.commit, seed: table.revealedSeed ?? null, clientSeeds: table.dice!.clientSeeds },
      events: table.events.map((event) => ({ ...event })),
    },
  });
}

/** Plays until `predicate` holds: rolls when asked, the first legal play, takes doubles. */
function playUntil(j: Journaled, predicate: (table: BackgammonTable) => boolean, stepMs = 1000): void {
  for (let guard = 0; !predicate(j.table); guard++) {
    assert.ok(guard < 2000, 'the wanted state comes');
    const { table } = j;
    const side = table.toAct;
    j.now += stepMs;
    if (table.state.phase === 'between-games') {
      j.now = Math.max(j.now, table.nextGameAt!);
      j.take(null, { type: 'expire' });
    } else if (table.state.phase === 'roll') j.take(side!, { type: 'roll' });
    else if (table.state.phase === 'move') j.take(side!, { type: 'move', steps: table.legalPlays()[0]!.steps });
    else if (table.state.phase === 'cube') j.take(side!, { type: 'take' });
    else assert.fail(`nothing to do in phase ${table.state.phase}`);
  }
}

describe('backgammon session: the rules of time at the table', () => {
  it('rolls the opening by itself and runs the clock for the mover, a fresh delay per action', () => {
    const j = new Journaled({ matchLength: 3, jacoby: false, control: CLOCK });
    j.start();
    const { table } = j;
    assert.equal(table.state.phase, 'move', 'the opening roll was made by the server');
    assert.deepEqual(table.events.map((e) => e.type).slice(0, 2), ['game-start', 'opening-roll']);
    const mover = table.toAct!;
    assert.deepEqual([table.clock!.running, table.clock!.since], [mover, T0]);
    j.now += 15_000; // 3 s beyond the delay
    j.take(mover, { type: 'move', steps: table.legalPlays()[0]!.steps });
    assert.equal(table.clock!.reserve[mover], 57_000);
    const next = opposite(mover);
    assert.deepEqual([table.state.phase, table.toAct, table.clock!.running, table.clock!.since], ['roll', next, next, j.now],
      'the cube is centred: the next player rolls or doubles themselves');
  });

  it('keeps a play as the legal play it was, and refuses what changes nothing', () => {
    const j = new Journaled({ matchLength: 1, jacoby: false, control: null });
    j.start();
    const { table } = j;
    const mover = table.toAct!;
    const steps = table.legalPlays()[0]!.steps;
    const before = table.events.length;
    assert.throws(() => j.take(mover, { type: 'move', steps: [[24, 23]] }), (e: Refusal) => e.code === 'ILLEGAL_PLAY');
    assert.throws(() => j.take(mover, { type: 'timeout' }), (e: Refusal) => e.code === 'NOT_ALLOWED');
    assert.throws(() => j.take(mover, { type: 'resume' }), (e: Refusal) => e.code === 'NOT_ALLOWED');
    assert.throws(() => j.take(null, { type: 'roll' }), (e: Refusal) => e.code === 'NOT_ALLOWED');
    assert.equal(table.events.length, before);
    const event = j.take(mover, { type: 'move', steps: [...steps].reverse(), version: 3 } as BackgammonAction);
    assert.equal(event?.type, 'move');
    assert.deepEqual(Object.keys(event!), ['type', 'steps'], 'only what the rules took is kept');
    assert.equal(j.take(null, { type: 'expire' }), undefined, 'nothing is due');
    assert.equal(j.take(null, { type: 'resume' }), undefined, 'nothing is suspended');
  });

  it('rolls for a player who cannot double, and not for one who may', () => {
    const j = new Journaled({ matchLength: 3, jacoby: false, control: null });
    j.start();
    playUntil(j, (t) => t.state.phase === 'roll');
    const doubler = j.table.toAct!;
    j.take(doubler, { type: 'double' });
    j.take(opposite(doubler), { type: 'take' });
    assert.equal(j.table.state.phase, 'move', 'the doubler cannot redouble: the server rolled for them');
    assert.deepEqual(j.table.events.slice(-2).map((e) => e.type), ['take', 'roll']);
  });

  it('ends the match when the reserve of the side to act runs out, at the flag and not before', () => {
    const j = new Journaled({ matchLength: 5, jacoby: false, control: CLOCK });
    j.start();
    const late = j.table.toAct!;
    const flag = j.table.nextDeadline()!;
    assert.equal(flag, T0 + 12_000 + 60_000);
    j.now = flag - 1;
    assert.equal(j.take(null, { type: 'expire' }), undefined);
    j.now = flag;
    assert.deepEqual(j.take(null, { type: 'expire' }), { type: 'timeout' });
    assert.deepEqual([j.table.state.winner, j.table.state.termination, j.table.state.score[opposite(late)]], [opposite(late), 'timeout', 5]);
    assert.deepEqual([j.table.clock!.running, j.table.clock!.reserve[late], j.table.endedAt], [undefined, 0, flag]);
    assert.match(j.table.revealedSeed!, /^[0-9a-f]{64}$/);
    assert.equal(verified(j.table).ok, true);
  });

  it('starts the next game after the pause, and no sooner', () => {
    const j = new Journaled({ matchLength: 3, jacoby: false, control: CLOCK });
    j.start();
    const resigner = j.table.toAct!;
    j.take(resigner, { type: 'resign', points: 1 });
    j.now += 2000;
    j.take(opposite(resigner), { type: 'resign:accept' });
    assert.deepEqual([j.table.state.phase, j.table.nextGameAt, j.table.nextDeadline(), j.table.clock!.running],
      ['between-games', j.now + NEXT_GAME_PAUSE_MS, j.now + NEXT_GAME_PAUSE_MS, undefined]);
    j.now += NEXT_GAME_PAUSE_MS - 1;
    assert.equal(j.take(null, { type: 'expire' }), undefined);
    j.now += 1;
    assert.deepEqual(j.take(null, { type: 'expire' }), { type: 'next-game' });
    assert.deepEqual([j.table.state.gameNumber, j.table.state.phase, j.table.nextGameAt], [2, 'move', undefined]);
  });

  it('forfeits a player gone long enough, and aborts a match both players left', () => {
    const j = new Journaled({ matchLength: 5, jacoby: false, control: null });
    j.start();
    const due = j.table.absenceDue({ black: T0 + 1000 })!;
    assert.deepEqual(due, { at: T0 + 1000 + ABSENT_FORFEIT_MS, action: { type: 'forfeit', side: 'black', absentSince: T0 + 1000 } });
    j.now = due.at - 1;
    assert.equal(j.take(null, due.action), undefined, 'not yet');
    const both = j.table.absenceDue({ white: T0 + 5000, black: T0 + 1000 })!;
    assert.equal(both.at, T0 + 5000 + ABANDONED_AFTER_MS);
    j.now = due.at;
    assert.deepEqual(j.take(null, due.action), due.action);
    assert.deepEqual([j.table.state.winner, j.table.state.termination, j.table.state.score.white], ['white', 'abandoned', 5]);
    assert.equal(j.table.absenceDue({ black: T0 }), undefined, 'nothing after the end');

    const k = new Journaled({ matchLength: 5, jacoby: false, control: null });
    k.start();
    const abandoned = k.table.absenceDue({ white: T0, black: T0 + 10 })!;
    k.now = abandoned.at;
    assert.deepEqual(k.take(null, abandoned.action), { type: 'abandon', absentSince: { white: T0, black: T0 + 10 } });
    assert.deepEqual([k.table.status, k.table.state.winner, k.table.state.termination], ['ended', '', 'aborted']);
  });

  it('runs nothing while suspended, and gives the side to act the rest of its delay back', () => {
    const j = new Journaled({ matchLength: 3, jacoby: false, control: CLOCK });
    j.start();
    const mover = j.table.toAct!;
    j.now += 5000;
    assert.deepEqual(j.take(null, { type: 'suspend' }), { type: 'suspend' });
    assert.equal(j.take(null, { type: 'suspend' }), undefined, 'once');
    assert.deepEqual([j.table.clock!.running, j.table.nextDeadline(), j.table.absenceDue({ white: T0 })], [undefined, undefined, undefined]);
    j.now += 3_600_000;
    assert.equal(j.take(null, { type: 'expire' }), undefined, 'no flag falls while suspended');
    assert.equal(j.take(null, { type: 'forfeit', side: 'white', absentSince: T0 }), undefined, 'no absence counts');
    assert.equal(j.table.status, 'playing');
    assert.deepEqual(j.take(null, { type: 'resume' }), { type: 'resume' });
    const resumedAt = j.now;
    assert.equal(j.table.clock!.running, mover);
    assert.equal(j.table.nextDeadline(), resumedAt + 7000 + 60_000, '7 s of the delay left, then the whole reserve');
    assert.equal(reserveAt(j.table.clock!, mover, resumedAt + 7000), 60_000);
    assert.equal(j.table.absenceDue({ white: T0 })!.at, resumedAt + ABSENT_FORFEIT_MS, 'an absence counts from the resumption');
  });

  it('charges the side to act up to the suspension when its delay was gone', () => {
    const j = new Journaled({ matchLength: 3, jacoby: false, control: CLOCK });
    j.start();
    const mover = j.table.toAct!;
    j.now += 20_000;
    j.take(null, { type: 'suspend' });
    assert.equal(j.table.clock!.reserve[mover], 52_000);
    j.now += 60_000;
    j.take(null, { type: 'resume' });
    assert.equal(j.table.nextDeadline(), j.now + 52_000);
  });

  it('stops the pause between games while suspended and starts it again in full', () => {
    const j = new Journaled({ matchLength: 3, jacoby: false, control: null });
    j.start();
    j.take(j.table.toAct!, { type: 'resign', points: 1 });
    j.take(j.table.toAct!, { type: 'resign:accept' });
    j.now += 1000;
    j.take(null, { type: 'suspend' });
    assert.equal(j.table.nextGameAt, undefined);
    j.now += 10_000;
    assert.equal(j.take(null, { type: 'expire' }), undefined);
    j.take(null, { type: 'resume' });
    assert.equal(j.table.nextDeadline(), j.now + NEXT_GAME_PAUSE_MS);
  });

  it('gives a fresh delay to whoever must act after an action taken while suspended', () => {
    const j = new Journaled({ matchLength: 3, jacoby: false, control: CLOCK });
    j.start();
    const mover = j.table.toAct!;
    j.now += 11_000;
    j.take(null, { type: 'suspend' });
    j.now += 1000;
    j.take(opposite(mover), { type: 'resign', points: 1 }); // the waiting player resigns meanwhile
    assert.equal(j.table.clock!.running, undefined, 'still nothing runs');
    j.now += 1000;
    j.take(null, { type: 'resume' });
    assert.deepEqual([j.table.clock!.running, j.table.clock!.since], [mover, j.now], 'a fresh delay to answer the resignation');
  });
});

describe('backgammon session: replaying the journal', () => {
  it('rebuilds the match at every point: events, their times, dice, clock, suspension', () => {
    const j = new Journaled({ matchLength: 3, jacoby: false, control: CLOCK });
    j.start();
    assertSameTable(j.replayed(), j.table);
    playUntil(j, (t) => t.state.phase === 'roll', 7000);
    j.now += 3000;
    j.take(j.table.toAct!, { type: 'double' });
    j.now += 2500;
    j.take(null, { type: 'suspend' });
    assertSameTable(j.replayed(), j.table);
    j.now += 45_000;
    j.take(null, { type: 'resume' });
    assertSameTable(j.replayed(), j.table);
    j.now += 4000;
    j.take(j.table.toAct!, { type: 'drop' });
    playUntil(j, (t) => t.status === 'ended', 9000);
    const replayed = j.replayed();
    assertSameTable(replayed, j.table);
    assert.equal(verified(replayed).ok, true, 'every roll is the seed\'s');
    const first = replayed.events[1]!;
    assert.deepEqual(first.type === 'opening-roll' && [first.white, first.black], rollAt(SEED, CLIENT_SEEDS, 0));
  });

  it('refuses a journal that does not replay', () => {
    const j = new Journaled({ matchLength: 1, jacoby: false, control: CLOCK });
    j.start();
    j.kept.push({ seat: null, event: { type: 'timeout' }, at: T0 + 1000 });
    assert.throws(() => j.replayed(), /the kept event "timeout" at .* does not replay/);
  });

  it('rebuilds random matches with clocks, suspensions, absences, resignations and cube play', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rand = prng(seed);
      const control = seed % 3 === 0 ? null : { delayMs: 8000, reserveMs: 60_000 + 30_000 * (seed % 7) };
      const j = new Journaled({ matchLength: seed % 5 === 0 ? 0 : 1 + (seed % 7), jacoby: seed % 10 === 0, control });
      j.start();
      for (let guard = 0; j.table.status === 'playing'; guard++) {
        assert.ok(guard < 5000, 'the match ends');
        const { table } = j;
        j.now += Math.floor(rand() * (rand() < 0.1 ? 30_000 : 9000));
        const side = table.toAct;
        const pick = rand();
        try {
          if (table.suspended) {
            if (pick < 0.7) j.take(null, { type: 'resume' });
            else if (side && pick < 0.8) j.take(opposite(side), { type: 'resign', points: 1 });
          } else if (pick < 0.02) {
            j.take(null, { type: 'suspend' });
          } else if (pick < 0.025) {
            const due = table.absenceDue(rand() < 0.5 ? { white: j.now - 1000 } : { white: j.now - 2000, black: j.now });
            if (due) { j.now = due.at; j.take(null, due.action); }
          } else if (table.nextDeadline() !== undefined && j.now >= table.nextDeadline()!) {
            j.take(null, { type: 'expire' });
          } else if (table.state.resignation) {
            j.take(side!, { type: rand() < 0.5 ? 'resign:accept' : 'resign:decline' });
          } else if (table.state.phase === 'between-games') {
            j.now = Math.max(j.now, table.nextGameAt!);
            j.take(null, { type: 'expire' });
          } else if (pick < 0.03) {
            j.take(rand() < 0.5 ? 'white' : 'black', { type: 'resign', points: (1 + Math.floor(rand() * 3)) as 1 | 2 | 3 });
          } else if (table.state.phase === 'roll') {
            j.take(side!, { type: pick < 0.1 ? 'double' : 'roll' });
          } else if (table.state.phase === 'cube') {
            j.take(side!, { type: pick < 0.8 ? 'take' : 'drop' });
          } else if (table.state.phase === 'move') {
            const plays = table.legalPlays();
            j.take(side!, { type: 'move', steps: plays[Math.floor(rand() * plays.length)]!.steps });
          }
        } catch (error) {
          if (!(error instanceof Refusal)) throw error;
        }
        if (rand() < 0.05) assertSameTable(j.replayed(), j.table);
      }
      const replayed = j.replayed();
      assertSameTable(replayed, j.table);
      assert.equal(replayed.eventTimes.length, replayed.events.length);
      assert.equal(verified(replayed).ok, true, `seed ${seed}`);
    }
  });
});
