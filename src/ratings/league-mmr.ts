/**
 * League MMR = base MMR + a performance adjustment in [−500, +500] earned in a league (the
 * league seed: win rate 40 %, KDA 35 %, GPM 25 %, each against the league's average; nothing
 * before 5 games). Pure: the service gathers the numbers, this computes; docs/leagues.md has a
 * worked example.
 *
 * Each component is the player's relative distance from the league average, clamped:
 *   c = clamp((player − average) / average, −1, +1), or 0 when the average is not positive
 * (nothing to compare with). Twice the average or more is +1, half of it −0.5, zero −1. Then
 *   adjustment = round(500 × (0.40 c_winRate + 0.35 c_kda + 0.25 c_gpm)),
 * rounded half away from zero (after snapping float noise); the weights sum to 1, so |adjustment| ≤ 500 without a clamp.
 * A relative scale (not the reference's fixed points per KDA or per 100 GPM) keeps the bound
 * meaningful in any league: a low-MMR league's 350 GPM and a high one's 550 move it alike.
 *
 * KDA is (kills + assists) / max(1, deaths) of a player's per-game averages, so a deathless
 * player is divided by 1, not by 0, and one lucky game does not make an unbounded KDA. The
 * league's averages are over players with at least 5 games, each player counted once (as
 * kettleofketchup/dota_tournament `mmr_calculation.py` does); its KDA is formed from the mean
 * kills, deaths and assists the same way, so a few deathless players cannot swing it.
 */

export const LEAGUE_MMR_MIN_GAMES = 5;
export const MAX_ADJUSTMENT = 500;
export const WEIGHTS = Object.freeze({ winRate: 0.40, kda: 0.35, gpm: 0.25 });

/** What the league stats store add up over a player's league games. */
export interface LeaguePlayerTotals {
  gamesPlayed: number;
  wins: number;
  losses: number;
  totalKills: number;
  totalDeaths: number;
  totalAssists: number;
  /** Sum of the per-game GPM (and XPM) values, so the average is per game. */
  totalGpm: number;
  totalXpm: number;
}

/** The derived fields of LeaguePlayerStats: per-game averages, all 0 before the first game. */
export interface LeaguePlayerAverages {
  gamesPlayed: number;
  /** wins / games, 0..1. */
  winRate: number;
  avgKills: number;
  avgDeaths: number;
  avgAssists: number;
  /** (avgKills + avgAssists) / max(1, avgDeaths). */
  avgKda: number;
  avgGpm: number;
  avgXpm: number;
}

export interface LeagueAverages {
  /** How many players (with enough games) the averages are over. */
  players: number;
  winRate: number;
  kda: number;
  gpm: number;
}

export interface Adjustment {
  winRate: number;
  kda: number;
  gpm: number;
  /** Integer in −500..500. */
  adjustment: number;
}

export function kda(kills: number, deaths: number, assists: number): number {
  return (kills + assists) / Math.max(1, deaths);
}

export function deriveStats(t: LeaguePlayerTotals): LeaguePlayerAverages {
  const games = t.gamesPlayed;
  const per = (total: number) => (games > 0 ? total / games : 0);
  const avgKills = per(t.totalKills);
  const avgDeaths = per(t.totalDeaths);
  const avgAssists = per(t.totalAssists);
  return {
    gamesPlayed: games,
    winRate: per(t.wins),
    avgKills, avgDeaths, avgAssists,
    avgKda: kda(avgKills, avgDeaths, avgAssists),
    avgGpm: per(t.totalGpm),
    avgXpm: per(t.totalXpm),
  };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** The league's averages over players with `minGames` or more; undefined when there is none. */
export function leagueAverages(players: readonly LeaguePlayerAverages[], minGames = LEAGUE_MMR_MIN_GAMES): LeagueAverages | undefined {
  const counted = players.filter((p) => p.gamesPlayed >= minGames);
  if (counted.length === 0) return undefined;
  return {
    players: counted.length,
    winRate: mean(counted.map((p) => p.winRate)),
    kda: kda(mean(counted.map((p) => p.avgKills)), mean(counted.map((p) => p.avgDeaths)), mean(counted.map((p) => p.avgAssists))),
    gpm: mean(counted.map((p) => p.avgGpm)),
  };
}

/** clamp((player − average) / average, −1, 1); 0 without a positive average. */
export function relativeComponent(player: number, average: number): number {
  if (!(average > 0) || !Number.isFinite(player)) return 0;
  return Math.max(-1, Math.min(1, (player - average) / average));
}

/**
 * Rounds half away from zero, after snapping to 6 decimals so that a value that is exactly a
 * half in real arithmetic (2.5) but 2.4999999999 in floating point rounds the same way.
 */
function roundHalfAwayFromZero(x: number): number {
  const snapped = Math.round(Math.abs(x) * 1e6) / 1e6;
  return Math.sign(x) * Math.round(snapped) + 0; // + 0: no −0
}

/** The player's adjustment in this league, with its three components (all 0 below `minGames`). */
export function performanceAdjustment(
  player: LeaguePlayerAverages,
  league: LeagueAverages | undefined,
  minGames = LEAGUE_MMR_MIN_GAMES,
): Adjustment {
  if (player.gamesPlayed < minGames || !league) return { winRate: 0, kda: 0, gpm: 0, adjustment: 0 };
  const winRate = relativeComponent(player.winRate, league.winRate);
  const kdaC = relativeComponent(player.avgKda, league.kda);
  const gpm = relativeComponent(player.avgGpm, league.gpm);
  const weighted = WEIGHTS.winRate * winRate + WEIGHTS.kda * kdaC + WEIGHTS.gpm * gpm;
  const adjustment = Math.max(-MAX_ADJUSTMENT, Math.min(MAX_ADJUSTMENT, roundHalfAwayFromZero(MAX_ADJUSTMENT * weighted)));
  return { winRate, kda: kdaC, gpm, adjustment };
}

/** Base MMR plus one league's adjustment. */
export function leagueMmr(baseMmr: number, adjustment: number): number {
  return baseMmr + adjustment;
}

/**
 * A player's league MMR across leagues: base plus the best adjustment they earned (the
 * reference's `update_user_league_mmr`); base alone with no league adjustment.
 */
export function bestLeagueMmr(baseMmr: number, adjustments: readonly number[]): number {
  return adjustments.length === 0 ? baseMmr : baseMmr + Math.max(...adjustments);
}
