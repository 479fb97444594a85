import assert from 'node:assert/strict';
import type { DraftStyle } from '../../../src/games/draft/order.ts';
import { PlayerDraft, type PlayerDraftOptions, type PoolPlayer } from '../../../src/games/draft/player-draft.ts';
import { Refusal } from '../../../src/games/refusal.ts';
import { scriptedDie, seededDie, snapshot, T0 } from './fakes.ts';

const pool = (...mmrs: number[]): PoolPlayer[] => mmrs.map((mmr, i) => ({ playerId: `p${i + 1}`, name: `Player ${i + 1}`, mmr }));
const teams = (...captainMmrs: number[]) => captainMmrs.map((captainMmr, i) => ({ name: `Team ${i + 1}`, captainId: `c${i + 1}`, captainMmr }));

function draft(options: Partial<PlayerDraftOptions> & Pick<PlayerDraftOptions, 'teams' | 'pool'>, die: () => number = scriptedDie()) {
  const d = new PlayerDraft({ style: 'snake', pickSeconds: 30, ...options }, { die });
  d.start(T0);
  return d;
}

/** Every captain drafts the best player left, one second into the turn; returns the 1-based team order. */
function runBest(d: PlayerDraft): string {
  let now = T0;
  while (d.status === 'drafting') {
    now += 1000;
    const team = d.teams[d.activeTeam!]!;
    d.pick(team.captainId, d.bestAvailable()!.playerId, now);
  }
  return d.picks.map((p) => p.team + 1).join(' ');
}

const rejects = (code: string) => (e: unknown) => e instanceof Refusal && e.code === code;

describe('player draft', () => {
  describe('pick order through a whole draft', () => {
    const cases: Array<[DraftStyle, number, string]> = [
      ['snake', 2, '1 2 2 1 1 2 2 1'],
      ['snake', 3, '1 2 3 3 2 1 1 2 3 3 2 1'],
      ['snake', 4, '1 2 3 4 4 3 2 1 1 2 3 4 4 3 2 1'],
      ['normal', 2, '1 2 1 2 1 2 1 2'],
      ['normal', 3, '1 2 3 1 2 3 1 2 3 1 2 3'],
      ['normal', 4, '1 2 3 4 1 2 3 4 1 2 3 4 1 2 3 4'],
    ];
    for (const [style, n, expected] of cases) {
      it(`${style}, ${n} teams of 5: ${expected}`, () => {
        const captains = teams(...Array.from({ length: n }, () => 3000));
        const d = draft({ style, teams: captains, pool: pool(...Array.from({ length: 4 * n }, (_, i) => 5000 - i * 100)) });
        assert.equal(d.teamSize, 5);
        assert.equal(runBest(d), expected);
        assert.equal(d.status, 'completed');
        for (const t of d.teams) assert.equal(t.members.length, 4);
      });
    }

    it('shuffle, 2 teams: the lowest total keeps picking until it is no longer lowest or is full', () => {
      // Totals: T1 1000, T2 1100. T1 +5000 → 6000; T2 +400 → 1500, +300 → 1800, +200 → 2000 (full); T1 +100, +50.
      const d = draft({ style: 'shuffle', teams: teams(1000, 1100), pool: pool(5000, 100, 200, 300, 400, 50) });
      assert.equal(runBest(d), '1 2 2 2 1 1');
      assert.deepEqual(d.teams.map((t) => t.totalMmr), [6150, 2000]);
      assert.ok(d.picks.every((p) => !p.wasTie));
    });

    it('shuffle, 3 teams: the lowest captain MMR picks first', () => {
      // T3 1000 +4000 → 5000; T2 2000 +3500 → 5500; T1 3000 +3000 → 6000; T3 +2500 (full); T2 +2000 (full); T1 +1500.
      const d = draft({ style: 'shuffle', teams: teams(3000, 2000, 1000), pool: pool(4000, 3500, 3000, 2500, 2000, 1500) });
      assert.equal(runBest(d), '3 2 1 3 2 1');
      assert.deepEqual(d.teams.map((t) => t.totalMmr), [7500, 7500, 7500]);
    });

    it('shuffle, 4 teams: ties are rolled off with the die and stored on the pick', () => {
      // T2 1000 +900, T3 1100 +800, T1 1200 +700, T4 1300 +600 → all 1900: roll 1 2 3 6 → T4.
      // T1, T2, T3 at 1900 (T4 full): 5 5 1, then 2 4 → T2.  T1, T3: 3 3, then 6 1 → T1.  T3 alone.
      const die = scriptedDie(1, 2, 3, 6, 5, 5, 1, 2, 4, 3, 3, 6, 1);
      const d = draft({ style: 'shuffle', teams: teams(1200, 1000, 1100, 1300), pool: pool(900, 800, 700, 600, 500, 400, 300, 200) }, die);
      assert.equal(runBest(d), '2 3 1 4 4 2 1 3');
      assert.equal(die.left(), 0);
      assert.deepEqual(d.picks.map((p) => p.wasTie), [false, false, false, false, true, true, true, false]);
      assert.deepEqual(d.picks[4]!.tieRolls, [[{ team: 0, roll: 1 }, { team: 1, roll: 2 }, { team: 2, roll: 3 }, { team: 3, roll: 6 }]]);
      assert.deepEqual(d.picks[5]!.tieRolls, [
        [{ team: 0, roll: 5 }, { team: 1, roll: 5 }, { team: 2, roll: 1 }],
        [{ team: 0, roll: 2 }, { team: 1, roll: 4 }],
      ]);
      assert.deepEqual(d.picks[6]!.tieRolls, [[{ team: 0, roll: 3 }, { team: 2, roll: 3 }], [{ team: 0, roll: 6 }, { team: 2, roll: 1 }]]);
      const rolls = d.events.filter((e) => e.type === 'roll');
      assert.deepEqual(rolls.map((e) => e.type === 'roll' && e.kind === 'tie' && [e.n, e.tied, e.winner]), [
        [5, [0, 1, 2, 3], 3], [6, [0, 1, 2], 1], [7, [0, 2], 0],
      ]);
    });

    it('shuffle with equal captains rolls for the first pick (reference example 4 4 2, 3 5)', () => {
      const d = draft({ style: 'shuffle', teams: teams(1500, 1500, 1500), pool: pool(1, 2, 3) }, scriptedDie(4, 4, 2, 3, 5, 2, 6));
      assert.equal(d.activeTeam, 1);
      assert.deepEqual(d.turn!.tieRolls, [[{ team: 0, roll: 4 }, { team: 1, roll: 4 }, { team: 2, roll: 2 }], [{ team: 0, roll: 3 }, { team: 1, roll: 5 }]]);
      const first = d.pick('c2', 'p1', T0 + 500);
      assert.equal(first.wasTie, true);
      assert.equal(first.tieRolls.length, 2);
      // Team 2 now totals 1501; teams 1 and 3 tie at 1500 and roll 2 against 6.
      assert.equal(d.activeTeam, 2);
      assert.deepEqual(d.turn!.tieRolls, [[{ team: 0, roll: 2 }, { team: 2, roll: 6 }]]);
    });

    it('shuffle always fills every team evenly (seeded die, equal MMRs everywhere)', () => {
      for (const seed of [1, 2, 3, 4, 5]) {
        const d = draft({ style: 'shuffle', teams: teams(2000, 2000, 2000, 2000), pool: pool(...Array.from({ length: 16 }, () => 2000)) }, seededDie(seed));
        runBest(d);
        assert.deepEqual(d.teams.map((t) => t.members.length), [4, 4, 4, 4]);
      }
    });
  });

  describe('draft size', () => {
    it('defaults to the captain plus an equal share; leftovers stay undrafted', () => {
      const d = draft({ style: 'normal', teams: teams(1, 1), pool: pool(9, 8, 7, 6, 5) });
      assert.equal(d.teamSize, 3);
      assert.equal(d.totalPicks, 4);
      runBest(d);
      assert.deepEqual(d.available().map((p) => p.playerId), ['p5']);
    });

    it('ends when the pool runs out before the teams are full', () => {
      const d = draft({ style: 'snake', teams: teams(1, 1, 1), pool: pool(9, 8, 7, 6), teamSize: 5 });
      assert.equal(runBest(d), '1 2 3 3');
      assert.equal(d.status, 'completed');
    });

    it('completes at once with nothing to draft', () => {
      const d = draft({ teams: teams(1, 1), pool: [] });
      assert.equal(d.status, 'completed');
      assert.equal(d.nextDeadline(T0), undefined);
    });
  });

  describe('turn timer', () => {
    it('exposes one deadline: turn start + pickSeconds', () => {
      const d = draft({ teams: teams(1, 1), pool: pool(5, 6), pickSeconds: 45 });
      assert.equal(d.nextDeadline(T0), T0 + 45_000);
      assert.equal(d.turnMsLeft(T0 + 10_000), 35_000);
      d.pick('c1', 'p1', T0 + 12_345);
      assert.equal(d.nextDeadline(T0), T0 + 12_345 + 45_000);
    });

    it('auto-picks the highest MMR for the active team on timeout, ties to the first listed', () => {
      const d = draft({ teams: teams(1, 1), pool: pool(2000, 3000, 3000, 1000), pickSeconds: 30 });
      assert.equal(d.expire(T0 + 29_999), undefined);
      const auto = d.expire(T0 + 30_000)!;
      assert.deepEqual(
        { n: auto.n, team: auto.team, captainId: auto.captainId, choice: auto.choice, auto: auto.auto, at: auto.at },
        { n: 1, team: 0, captainId: 'c1', choice: 'p2', auto: true, at: T0 + 30_000 },
      );
      assert.equal(d.nextDeadline(T0), T0 + 60_000);
      assert.equal(d.expire(T0 + 60_000)!.choice, 'p3');
      const kinds = d.events.filter((e) => e.type === 'timeout' || e.type === 'pick').map((e) => e.type);
      assert.deepEqual(kinds, ['timeout', 'pick', 'timeout', 'pick']);
    });

    it('takes a pick that arrives after the deadline but before the room expired the turn', () => {
      const d = draft({ teams: teams(1, 1), pool: pool(1, 2), pickSeconds: 30 });
      const pick = d.pick('c1', 'p1', T0 + 30_200);
      assert.equal(pick.auto, false);
      assert.equal(d.expire(T0 + 30_200), undefined);
    });
  });

  describe('refusals', () => {
    it('refuses a pick out of turn, a drafted or unknown player, and before the start; nothing changes', () => {
      const d = new PlayerDraft({ style: 'snake', teams: teams(1, 1), pool: pool(5, 6, 7, 8), pickSeconds: 30 }, { die: scriptedDie() });
      assert.throws(() => d.pick('c1', 'p1', T0), rejects('WRONG_PHASE'));
      d.start(T0);
      d.pick('c1', 'p1', T0 + 1000);
      const before = snapshot(d);
      assert.throws(() => d.pick('c1', 'p2', T0 + 2000), rejects('NOT_YOUR_PICK'));
      assert.throws(() => d.pick('spectator', 'p2', T0 + 2000), rejects('NOT_YOUR_PICK'));
      assert.throws(() => d.pick('c2', 'p1', T0 + 2000), rejects('UNAVAILABLE'));
      assert.throws(() => d.pick('c2', 'nobody', T0 + 2000), rejects('UNAVAILABLE'));
      assert.throws(() => d.pick('c2', 'c1', T0 + 2000), rejects('UNAVAILABLE'));
      assert.equal(snapshot(d), before);
    });

    it('refuses every pick once the draft is over', () => {
      const d = draft({ teams: teams(1, 1), pool: pool(5, 6) });
      runBest(d);
      assert.throws(() => d.pick('c1', 'p1', T0 + 9000), rejects('GAME_OVER'));
      const e = draft({ teams: teams(1, 1), pool: pool(5, 6) });
      e.abandon(T0 + 1);
      assert.throws(() => e.pick('c1', 'p1', T0 + 2), rejects('GAME_OVER'));
      assert.equal(e.nextDeadline(T0), undefined);
    });

    it('refuses bad options', () => {
      const bad: Array<Partial<PlayerDraftOptions>> = [
        { teams: teams(1) },
        { teams: [...teams(1), { name: 'again', captainId: 'c1', captainMmr: 1 }] },
        { pool: [...pool(1), ...pool(2)] },
        { pool: [{ playerId: 'c1', name: 'captain', mmr: 1 }] },
        { pickSeconds: 0 },
        { style: 'auction' as DraftStyle },
        { teamSize: 0 },
      ];
      for (const options of bad) {
        assert.throws(
          () => new PlayerDraft({ style: 'snake', teams: teams(1, 1), pool: pool(1, 2), pickSeconds: 30, ...options }, { die: scriptedDie() }),
          rejects('INVALID_OPTIONS'),
          JSON.stringify(options),
        );
      }
    });
  });

  it('logs a small draft in order', () => {
    const d = new PlayerDraft({ style: 'snake', teams: teams(1, 1), pool: pool(5, 6), pickSeconds: 10 }, { die: scriptedDie() });
    d.connect('c1', T0 - 2);
    d.connect('c2', T0 - 1);
    d.connect('stranger', T0 - 1);
    d.start(T0);
    d.pick('c1', 'p2', T0 + 3000);
    d.expire(T0 + 13_000);
    assert.deepEqual(d.events, [
      { type: 'connected', at: T0 - 2, team: 0, captainId: 'c1' },
      { type: 'connected', at: T0 - 1, team: 1, captainId: 'c2' },
      { type: 'turn-started', at: T0, n: 1, team: 0, action: 'pick', deadline: T0 + 10_000 },
      { type: 'pick', at: T0 + 3000, n: 1, team: 0, choice: 'p2', auto: false },
      { type: 'turn-started', at: T0 + 3000, n: 2, team: 1, action: 'pick', deadline: T0 + 13_000 },
      { type: 'timeout', at: T0 + 13_000, n: 2, team: 1, action: 'pick', choice: 'p1' },
      { type: 'pick', at: T0 + 13_000, n: 2, team: 1, choice: 'p1', auto: true },
      { type: 'completed', at: T0 + 13_000 },
    ]);
    assert.deepEqual(d.teams.map((t) => [t.members, t.totalMmr]), [[['p2'], 7], [['p1'], 6]]);
  });
});
