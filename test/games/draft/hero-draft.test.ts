import assert from 'node:assert/strict';
import { CAPTAINS_MODE } from '../../../src/games/draft/captains-mode.ts';
import type { CaptainsChoice } from '../../../src/games/draft/events.ts';
import { HeroDraft, type HeroDraftOptions, type HeroDraftRandom } from '../../../src/games/draft/hero-draft.ts';
import { DEFAULT_HERO_POOL } from '../../../src/games/draft/heroes.ts';
import { Refusal } from '../../../src/games/refusal.ts';
import { snapshot, T0 } from './fakes.ts';

const TEAMS = [{ name: 'Ravens', captainId: 'a' }, { name: 'Owls', captainId: 'b' }];
const rejects = (code: string) => (e: unknown) => e instanceof Refusal && e.code === code;

function make(options: Partial<HeroDraftOptions> = {}, random: Partial<HeroDraftRandom> = {}) {
  return new HeroDraft({ teams: TEAMS, ...options }, { coin: () => 0, randomIndex: () => 0, ...random });
}

/**
 * Both captains in at T0 (the coin says team 0 wins), team 0 chooses `first`, team 1 `second`:
 * drafting starts at T0.
 */
function drafting(options: Partial<HeroDraftOptions> = {}, random: Partial<HeroDraftRandom> = {},
  first: CaptainsChoice = 'first-pick', second: CaptainsChoice = 'radiant') {
  const d = make(options, random);
  d.connect('a', T0);
  d.connect('b', T0);
  d.choose('a', first, T0);
  d.choose('b', second, T0);
  return d;
}

const captain = (d: HeroDraft) => d.teams[d.activeTeam!].captainId;

/** The active captain takes the first available hero with its step's action, at `now`. */
function act(d: HeroDraft, now: number) {
  const hero = d.available()[0]!;
  return d.action === 'pick' ? d.pick(captain(d), hero, now) : d.ban(captain(d), hero, now);
}

describe("hero draft (Captain's Mode)", () => {
  describe('before the draft', () => {
    it('waits for both captains, flips the injected coin, then lets the winner choose first', () => {
      const d = make({}, { coin: () => 1 });
      d.connect('a', T0);
      assert.equal(d.status, 'waiting');
      d.connect('b', T0 + 5);
      assert.equal(d.status, 'choosing');
      assert.equal(d.coinWinner, 1);
      assert.equal(d.chooser, 1);
      assert.throws(() => d.choose('a', 'first-pick', T0 + 6), rejects('NOT_YOUR_PICK'));
      d.choose('b', 'radiant', T0 + 7);
      assert.equal(d.chooser, 0);
      assert.deepEqual(d.openChoices, ['first-pick', 'second-pick']);
      const before = snapshot(d);
      assert.throws(() => d.choose('a', 'dire', T0 + 8), rejects('UNAVAILABLE'));
      assert.throws(() => d.choose('b', 'first-pick', T0 + 8), rejects('NOT_YOUR_PICK'));
      assert.equal(snapshot(d), before);
      d.choose('a', 'second-pick', T0 + 9);
      assert.equal(d.status, 'drafting');
      assert.equal(d.firstPick, 1);
      assert.deepEqual(d.teams.map((t) => [t.order, t.side]), [['second', 'dire'], ['first', 'radiant']]);
      assert.equal(d.activeTeam, 1);
      assert.equal(d.action, 'ban');
      assert.deepEqual(d.events.map((e) => e.type), ['connected', 'connected', 'roll', 'choice', 'choice', 'turn-started']);
      assert.deepEqual(d.events[2], { type: 'roll', at: T0 + 5, kind: 'coin', winner: 1 });
    });

    it('refuses drafting actions before the draft and choices during it', () => {
      const d = make();
      assert.throws(() => d.pick('a', 'axe', T0), rejects('WRONG_PHASE'));
      assert.throws(() => d.choose('a', 'radiant', T0), rejects('WRONG_PHASE'));
      const e = drafting();
      assert.throws(() => e.choose('a', 'radiant', T0), rejects('WRONG_PHASE'));
    });

    it('refuses bad options', () => {
      const bad: Array<Partial<HeroDraftOptions>> = [
        { teams: [TEAMS[0]!] },
        { teams: [TEAMS[0]!, { name: 'x', captainId: 'a' }] },
        { heroes: DEFAULT_HERO_POOL.slice(0, 23) },
        { heroes: [...DEFAULT_HERO_POOL.slice(0, 30), 'axe'] },
        { graceSeconds: 0 },
        { reserveSeconds: 1.5 },
      ];
      for (const options of bad) assert.throws(() => make(options), rejects('INVALID_OPTIONS'), JSON.stringify(options));
    });
  });

  describe('the 24 steps', () => {
    it('runs the whole sequence: 7 bans and 5 picks per team, then completed', () => {
      const d = drafting({}, {}, 'radiant', 'second-pick'); // team 0 radiant; team 1 chose second pick → team 0 first
      assert.equal(d.firstPick, 0);
      const seen: string[] = [];
      for (let i = 0; i < 24; i++) {
        seen.push(`${d.action}:${d.activeTeam}`);
        act(d, T0 + (i + 1) * 1000);
      }
      const expected = CAPTAINS_MODE.map((s) => `${s.action}:${s.team === 'first' ? 0 : 1}`);
      assert.deepEqual(seen, expected);
      assert.equal(d.status, 'completed');
      for (const t of d.teams) {
        assert.equal(t.bans.length, 7);
        assert.equal(t.picks.length, 5);
      }
      assert.equal(d.available().length, 127 - 24);
      assert.equal(d.history.length, 24);
      assert.equal(d.nextDeadline(T0 + 30_000), undefined);
      assert.deepEqual(d.events.at(-1), { type: 'completed', at: T0 + 24_000 });
      assert.throws(() => d.ban('a', 'axe', T0 + 25_000), rejects('GAME_OVER'));
    });

    it('refuses out of turn, the wrong action, and a hero taken, banned or unknown; nothing changes', () => {
      const d = drafting({ heroes: DEFAULT_HERO_POOL.slice(0, 30) });
      d.ban('a', 'anti-mage', T0 + 1000); // step 1: first-pick team (0) bans
      const before = snapshot(d);
      assert.throws(() => d.ban('b', 'axe', T0 + 2000), rejects('NOT_YOUR_PICK'));
      assert.throws(() => d.pick('a', 'axe', T0 + 2000), rejects('WRONG_PHASE'));
      assert.throws(() => d.ban('a', 'anti-mage', T0 + 2000), rejects('UNAVAILABLE'));
      assert.throws(() => d.ban('a', 'largo', T0 + 2000), rejects('UNAVAILABLE'), 'not in the organiser\'s pool');
      assert.throws(() => d.ban('a', 'nobody', T0 + 2000), rejects('UNAVAILABLE'));
      assert.throws(() => d.ban('spectator', 'axe', T0 + 2000), rejects('NOT_YOUR_PICK'));
      assert.equal(snapshot(d), before);
      for (let i = 0; i < 6; i++) act(d, T0 + 3000 + i);
      assert.equal(d.action, 'pick');
      assert.throws(() => d.ban('a', 'lich', T0 + 10_000), rejects('WRONG_PHASE'));
      assert.throws(() => d.pick('a', 'axe', T0 + 10_000), rejects('UNAVAILABLE'), 'banned at step 2');
      const picked = d.pick('a', 'lich', T0 + 10_000);
      assert.equal(picked.choice, 'lich');
      assert.throws(() => d.pick('b', 'lich', T0 + 11_000), rejects('UNAVAILABLE'));
    });
  });

  describe('grace and reserve', () => {
    it('costs nothing within the grace or under a second past it', () => {
      const d = drafting();
      d.ban('a', 'axe', T0 + 29_999);
      d.ban('a', 'bane', T0 + 29_999 + 30_999); // 999 ms into the reserve
      assert.deepEqual(d.history.map((s) => s.reserveUsedMs), [0, 0]);
      assert.equal(d.teams[0].reserveMs, 130_000);
    });

    it('charges the overrun in whole seconds, rounded down, and keeps banks whole', () => {
      const d = drafting();
      const start = T0;
      assert.equal(d.nextDeadline(start), start + 30_000, 'grace end first');
      assert.equal(d.nextDeadline(start + 30_000), start + 160_000, 'then the bank end');
      assert.equal(d.expire(start + 30_000), undefined, 'nothing happens at the grace end');
      const tick = d.tick(start + 31_500);
      assert.deepEqual(tick, { status: 'drafting', step: 0, activeTeam: 0, action: 'ban', graceMs: 0, reserveMs: [128_500, 130_000], countdownMs: 0 });
      const step = d.ban('a', 'axe', start + 31_500);
      assert.equal(step.spentMs, 31_500);
      assert.equal(step.reserveUsedMs, 1000);
      assert.equal(d.teams[0].reserveMs, 129_000);
      // The next turn (team 0 again) starts at the ban; 12.25 s over costs 12 s.
      d.ban('a', 'bane', start + 31_500 + 42_250);
      assert.equal(d.teams[0].reserveMs, 117_000);
      assert.equal(d.tick(start + 31_500 + 42_250).graceMs, 30_000);
    });

    it('times out a ban with nothing banned and a pick with a random available hero', () => {
      const indices: number[] = [];
      const d = drafting({ reserveSeconds: 10, heroes: DEFAULT_HERO_POOL.slice(0, 30) }, { randomIndex: (n) => { indices.push(n); return 2; } });
      // Step 1 (team 0 ban): the bank runs dry at 30 s + 10 s.
      assert.equal(d.expire(T0 + 39_999), undefined);
      const banned = d.expire(T0 + 40_000)!;
      assert.deepEqual(banned, { n: 1, team: 0, action: 'ban', choice: null, auto: false, timedOut: true, spentMs: 40_000, reserveUsedMs: 10_000, at: T0 + 40_000 });
      assert.equal(d.teams[0].reserveMs, 0);
      assert.equal(d.teams[0].bans.length, 0);
      assert.equal(d.available().length, 30, 'nothing banned');
      // Step 2 (team 0 again), no bank left: one deadline, the grace end.
      assert.equal(d.nextDeadline(T0 + 40_000), T0 + 70_000);
      d.expire(T0 + 70_000);
      for (let i = 0; i < 5; i++) act(d, T0 + 71_000 + i); // steps 3–7
      // Step 8: team 0 picks; it times out at the grace end and gets available()[2].
      assert.equal(d.action, 'pick');
      const open = d.available();
      const auto = d.expire(T0 + 75_000 + 30_000)!;
      assert.equal(auto.choice, open[2]);
      assert.equal(auto.auto, true);
      assert.deepEqual(d.teams[0].picks, [open[2]]);
      assert.deepEqual(indices, [open.length]);
      const last = d.events.slice(-3).map((e) => e.type);
      assert.deepEqual(last, ['timeout', 'pick', 'turn-started']);
    });

    it('takes an action that arrives after the bank ran dry but before the room expired the turn', () => {
      const d = drafting({ reserveSeconds: 5 });
      const step = d.ban('a', 'axe', T0 + 35_400);
      assert.equal(step.timedOut, false);
      assert.equal(step.reserveUsedMs, 5000);
      assert.equal(d.teams[0].reserveMs, 0);
    });
  });

  describe('pause and resume', () => {
    it('pauses on a captain\'s disconnect, resumes after both are back and a 3 s countdown, elapsed time kept', () => {
      const d = drafting();
      d.disconnect('b', T0 + 10_000); // team 0's turn, 10 s in
      assert.equal(d.status, 'paused');
      assert.equal(d.nextDeadline(T0 + 20_000), undefined, 'no timer while paused');
      assert.equal(d.expire(T0 + 500_000), undefined);
      assert.equal(d.tick(T0 + 50_000).graceMs, 20_000, 'frozen');
      const before = snapshot(d);
      assert.throws(() => d.ban('a', 'axe', T0 + 50_000), rejects('WRONG_PHASE'));
      assert.equal(d.resume(T0 + 55_000), false, 'not while a captain is away');
      assert.equal(snapshot(d), before);

      d.connect('b', T0 + 60_000); // paused 50 s; countdown to T0+63 s; turn start moves to T0+53 s
      assert.equal(d.status, 'drafting');
      assert.equal(d.clock!.startedAt, T0 + 53_000);
      assert.deepEqual(d.events.slice(-4).map((e) => e.type), ['disconnected', 'paused', 'connected', 'resumed']);
      assert.deepEqual(d.events.at(-1), { type: 'resumed', at: T0 + 60_000, resumesAt: T0 + 63_000 });
      assert.deepEqual(d.tick(T0 + 61_000), { status: 'drafting', step: 0, activeTeam: 0, action: 'ban', graceMs: 20_000, reserveMs: [130_000, 130_000], countdownMs: 2000 });
      assert.throws(() => d.ban('a', 'axe', T0 + 62_000), rejects('WRONG_PHASE'), 'not during the countdown');
      assert.equal(d.nextDeadline(T0 + 62_000), T0 + 83_000);
      // 20 s of grace left from T0+63 s: the grace ends at T0+83 s; a ban at T0+85.5 s costs 2 s.
      const step = d.ban('a', 'axe', T0 + 85_500);
      assert.equal(step.spentMs, 32_500);
      assert.equal(step.reserveUsedMs, 2000);
      assert.equal(d.teams[0].reserveMs, 128_000);
    });

    it('keeps the bank frozen when paused during the reserve', () => {
      const d = drafting();
      d.disconnect('a', T0 + 40_000); // 10 s into team 0's bank
      assert.deepEqual(d.tick(T0 + 90_000).reserveMs, [120_000, 130_000]);
      d.connect('a', T0 + 100_000);
      assert.equal(d.nextDeadline(T0 + 100_000), T0 + 103_000 + 120_000);
      assert.deepEqual(d.tick(T0 + 113_000).reserveMs, [110_000, 130_000]);
    });

    it('cancels a countdown on a new disconnect without giving time back or taking it', () => {
      const d = drafting();
      d.disconnect('a', T0 + 10_000);
      d.connect('a', T0 + 20_000); // countdown to T0+23 s
      d.disconnect('b', T0 + 21_000);
      assert.equal(d.status, 'paused');
      assert.equal(d.tick(T0 + 30_000).graceMs, 20_000);
      d.connect('b', T0 + 40_000);
      assert.equal(d.tick(T0 + 43_000).graceMs, 20_000);
      assert.equal(d.tick(T0 + 44_000).graceMs, 19_000);
    });

    it('starts paused when a captain left during the choice', () => {
      const d = make();
      d.connect('a', T0);
      d.connect('b', T0);
      d.choose('a', 'first-pick', T0 + 1000);
      d.disconnect('a', T0 + 2000);
      assert.equal(d.status, 'choosing', 'no timer runs while choosing');
      d.choose('b', 'dire', T0 + 3000);
      assert.equal(d.status, 'paused');
      d.connect('a', T0 + 10_000);
      assert.equal(d.clock!.startedAt, T0 + 13_000);
      assert.equal(d.nextDeadline(T0 + 10_000), T0 + 43_000);
    });

    it('ticks only what it reads: a tick changes nothing', () => {
      const d = drafting();
      const before = snapshot(d);
      d.tick(T0 + 100_000);
      assert.equal(snapshot(d), before);
    });
  });

  it('abandons: no more timers or actions', () => {
    const d = drafting();
    d.abandon(T0 + 5000);
    assert.equal(d.status, 'abandoned');
    assert.equal(d.nextDeadline(T0 + 5000), undefined);
    assert.throws(() => d.ban('a', 'axe', T0 + 6000), rejects('GAME_OVER'));
    assert.deepEqual(d.events.at(-1), { type: 'abandoned', at: T0 + 5000 });
  });
});
