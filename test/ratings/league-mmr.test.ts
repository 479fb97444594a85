import assert from 'node:assert/strict';
import {
  bestLeagueMmr, deriveStats, kda, leagueAverages, leagueMmr, performanceAdjustment, relativeComponent,
  type LeaguePlayerTotals,
} from '../../src/ratings/league-mmr.ts';

const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} is not ${expected}`);

const totals = (gamesPlayed: number, wins: number, k: number, d: number, a: number, gpm: number, xpm: number): LeaguePlayerTotals =>
  ({ gamesPlayed, wins, losses: gamesPlayed - wins, totalKills: k, totalDeaths: d, totalAssists: a, totalGpm: gpm, totalXpm: xpm });

// The league of docs/leagues.md. Per game:
//   A: 10 games, 7 wins → win rate 0.70; K/D/A 8/4/12 → KDA (8+12)/4 = 5.0;   GPM 550
//   B: 10 games, 5 wins → 0.50;           5/5/11       → (5+11)/5 = 3.2;      GPM 450
//   C:  8 games, 2 wins → 0.25;           2/6/6        → (2+6)/6 = 1.333…;    GPM 350
//   D: 20 games, 11 wins → 0.55;          5/5/7        → (5+7)/5 = 2.4;       GPM 450
//   E:  3 games, 3 wins (too few games: not in the averages, adjustment 0)
const league = {
  A: deriveStats(totals(10, 7, 80, 40, 120, 5500, 6000)),
  B: deriveStats(totals(10, 5, 50, 50, 110, 4500, 5000)),
  C: deriveStats(totals(8, 2, 16, 48, 48, 2800, 3200)),
  D: deriveStats(totals(20, 11, 100, 100, 140, 9000, 9000)),
  E: deriveStats(totals(3, 3, 30, 0, 30, 2100, 2400)),
};

describe('league MMR', () => {
  it('derives the LeaguePlayerStats fields per game', () => {
    assert.deepEqual(league.A, { gamesPlayed: 10, winRate: 0.7, avgKills: 8, avgDeaths: 4, avgAssists: 12, avgKda: 5, avgGpm: 550, avgXpm: 600 });
    close(league.C.avgKda, 8 / 6, 'C KDA');
    assert.deepEqual(deriveStats(totals(0, 0, 0, 0, 0, 0, 0)), { gamesPlayed: 0, winRate: 0, avgKills: 0, avgDeaths: 0, avgAssists: 0, avgKda: 0, avgGpm: 0, avgXpm: 0 });
  });

  it('averages the league over players with 5 games or more', () => {
    const avg = leagueAverages(Object.values(league))!;
    // Win rate (0.70 + 0.50 + 0.25 + 0.55) / 4 = 0.5; kills (8+5+2+5)/4 = 5, deaths (4+5+6+5)/4 = 5,
    // assists (12+11+6+7)/4 = 9 → KDA (5+9)/5 = 2.8; GPM (550+450+350+450)/4 = 450. E is left out.
    assert.equal(avg.players, 4);
    close(avg.winRate, 0.5, 'win rate');
    close(avg.kda, 2.8, 'KDA');
    close(avg.gpm, 450, 'GPM');
  });

  it('computes the worked example by hand', () => {
    const avg = leagueAverages(Object.values(league));
    const adj = (p: keyof typeof league) => performanceAdjustment(league[p], avg);
    // A: win (0.7−0.5)/0.5 = 0.4; KDA (5−2.8)/2.8 = 0.785714; GPM (550−450)/450 = 0.222222
    //    500 × (0.40×0.4 + 0.35×0.785714 + 0.25×0.222222) = 500 × (0.16 + 0.275 + 0.055556) = 245.28 → 245
    close(adj('A').kda, 2.2 / 2.8, 'A KDA component');
    assert.equal(adj('A').adjustment, 245);
    // B: win 0; KDA (3.2−2.8)/2.8 = 0.142857; GPM 0 → 500 × 0.35 × 0.142857 = 500 × 0.05 = 25
    assert.equal(adj('B').adjustment, 25);
    // C: win (0.25−0.5)/0.5 = −0.5; KDA (1.3333−2.8)/2.8 = −0.523810; GPM (350−450)/450 = −0.222222
    //    500 × (−0.2 − 0.183333 − 0.055556) = 500 × −0.438889 = −219.44 → −219
    assert.equal(adj('C').adjustment, -219);
    // D: win (0.55−0.5)/0.5 = 0.1; KDA (2.4−2.8)/2.8 = −0.142857; GPM 0 → 500 × (0.04 − 0.05) = −5
    assert.equal(adj('D').adjustment, -5);
    // E: 3 games < 5 → 0, whatever the numbers.
    assert.deepEqual(adj('E'), { winRate: 0, kda: 0, gpm: 0, adjustment: 0 });
    assert.equal(leagueMmr(4000, adj('A').adjustment), 4245);
    assert.equal(leagueMmr(3000, adj('C').adjustment), 2781);
  });

  it('stays within ±500 at the extremes', () => {
    const avg = leagueAverages(Object.values(league));
    const best = deriveStats(totals(50, 50, 1000, 0, 1000, 50 * 2000, 0));
    const worst = deriveStats(totals(50, 0, 0, 500, 0, 0, 0));
    assert.equal(performanceAdjustment(best, avg).adjustment, 500);
    assert.equal(performanceAdjustment(worst, avg).adjustment, -500);
    const huge = { players: 1, winRate: 1e-12, kda: 1e-12, gpm: 1e-12 };
    assert.equal(performanceAdjustment(best, huge).adjustment, 500);
  });

  it('gives nothing before the fifth game', () => {
    const avg = leagueAverages(Object.values(league));
    const four = deriveStats(totals(4, 4, 80, 0, 80, 4000, 0));
    const five = deriveStats(totals(5, 5, 100, 0, 100, 5000, 0));
    assert.equal(performanceAdjustment(four, avg).adjustment, 0);
    assert.ok(performanceAdjustment(five, avg).adjustment > 0);
  });

  it('divides by one death at least', () => {
    assert.equal(kda(10, 0, 5), 15);
    assert.equal(kda(10, 0.5, 5), 15);
    assert.equal(kda(10, 2, 6), 8);
    assert.equal(deriveStats(totals(5, 2, 20, 0, 10, 2000, 2000)).avgKda, 6); // (4 + 2) / max(1, 0)
  });

  it('scores a component 0 when the league average is zero, and bounds it to ±1', () => {
    assert.equal(relativeComponent(300, 0), 0);
    assert.equal(relativeComponent(0, 0), 0);
    assert.equal(relativeComponent(2000, 400), 1);
    assert.equal(relativeComponent(0, 400), -1);
    assert.equal(relativeComponent(200, 400), -0.5);
    // A league where nobody has earned gold or a kill: only the win rate counts.
    const flat = [deriveStats(totals(6, 6, 0, 0, 0, 0, 0)), deriveStats(totals(6, 0, 0, 0, 0, 0, 0))];
    const avg = leagueAverages(flat)!;
    assert.equal(avg.kda, 0);
    assert.equal(avg.gpm, 0);
    // Winner: win rate 1 vs 0.5 → +1 → 500 × 0.40 = 200; loser −200.
    assert.equal(performanceAdjustment(flat[0]!, avg).adjustment, 200);
    assert.equal(performanceAdjustment(flat[1]!, avg).adjustment, -200);
  });

  it('has no league average without a player of 5 games, and then adjusts nobody', () => {
    assert.equal(leagueAverages([league.E]), undefined);
    assert.equal(performanceAdjustment(league.A, undefined).adjustment, 0);
  });

  it('rounds half away from zero and never gives −0', () => {
    // win rate component 0.0125 → 500 × 0.40 × 0.0125 = 2.5 → 3; mirrored → −3.
    const avg = { players: 2, winRate: 0.5, kda: 0, gpm: 0 };
    const p = (winRate: number) => ({ ...league.B, winRate });
    assert.equal(performanceAdjustment(p(0.50625), avg).adjustment, 3);
    assert.equal(performanceAdjustment(p(0.49375), avg).adjustment, -3);
    assert.ok(Object.is(performanceAdjustment(p(0.5), avg).adjustment, 0));
  });

  it('takes a player\'s best league adjustment for the overall league MMR', () => {
    assert.equal(bestLeagueMmr(3500, [-40, 120, 15]), 3620);
    assert.equal(bestLeagueMmr(3500, [-40]), 3460);
    assert.equal(bestLeagueMmr(3500, []), 3500);
  });
});
