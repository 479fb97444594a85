/**
 * Glicko-2 (Glickman, "Example of the Glicko-2 system", 2013) with lichess's parameters: start
 * 1500 / RD 500 / volatility 0.09, τ 0.75, RD kept within 45..500, volatility at most 0.1,
 * ratings within 400..4000 and moving at most 700 in one game. Each game is its own rating
 * period; between games the RD grows with inactivity (0.21436 periods a day, so a typical RD
 * goes from 60 to 110 in a year). A rating is provisional while its RD is 110 or more.
 */

export interface Glicko {
  readonly rating: number;
  readonly rd: number;
  readonly volatility: number;
}

export interface GlickoParams {
  readonly tau: number;
  readonly initial: Glicko;
  readonly minRd: number;
  readonly maxRd: number;
  readonly maxVolatility: number;
  readonly minRating: number;
  readonly maxRating: number;
  readonly maxRatingDelta: number;
  readonly provisionalRd: number;
  readonly periodsPerDay: number;
}

export const LICHESS: GlickoParams = {
  tau: 0.75,
  initial: { rating: 1500, rd: 500, volatility: 0.09 },
  minRd: 45,
  maxRd: 500,
  maxVolatility: 0.1,
  minRating: 400,
  maxRating: 4000,
  maxRatingDelta: 700,
  provisionalRd: 110,
  periodsPerDay: 0.21436,
};

/** Glickman's constant between the Glicko and Glicko-2 scales. */
const SCALE = 173.7178;
const CONVERGENCE = 0.000001;

export type Score = 0 | 0.5 | 1;
export interface Encounter { readonly opponent: Glicko; readonly score: Score }

const g = (phi: number) => 1 / Math.sqrt(1 + (3 * phi * phi) / (Math.PI * Math.PI));
const expected = (mu: number, muJ: number, phiJ: number) => 1 / (1 + Math.exp(-g(phiJ) * (mu - muJ)));

/** The new volatility (step 5 of the paper, Illinois algorithm). */
function newVolatility(sigma: number, phi: number, v: number, delta: number, tau: number): number {
  const a = Math.log(sigma * sigma);
  const f = (x: number) => {
    const ex = Math.exp(x);
    const d = phi * phi + v + ex;
    return (ex * (delta * delta - phi * phi - v - ex)) / (2 * d * d) - (x - a) / (tau * tau);
  };
  let A = a;
  let B: number;
  if (delta * delta > phi * phi + v) {
    B = Math.log(delta * delta - phi * phi - v);
  } else {
    let k = 1;
    while (f(a - k * tau) < 0) k += 1;
    B = a - k * tau;
  }
  let fA = f(A);
  let fB = f(B);
  while (Math.abs(B - A) > CONVERGENCE) {
    const C = A + ((A - B) * fA) / (fB - fA);
    const fC = f(C);
    if (fC * fB <= 0) {
      A = B;
      fA = fB;
    } else {
      fA /= 2;
    }
    B = C;
    fB = fC;
  }
  return Math.exp(A / 2);
}

/**
 * One rating period of Glickman's algorithm, unbounded: the player's new rating after the
 * encounters. `elapsedPeriods` is how many periods of RD growth step 6 adds: 1 in Glickman's
 * textbook period; 0 when, as lichess does, each game is its own period and inactivity is
 * applied beforehand from the time since the last game (`withInactivity`). With no encounters
 * only the RD grows.
 */
export function ratePeriod(player: Glicko, encounters: readonly Encounter[], tau: number, elapsedPeriods = 1): Glicko {
  const mu = (player.rating - 1500) / SCALE;
  const phi = player.rd / SCALE;
  if (encounters.length === 0) {
    return { ...player, rd: Math.sqrt(phi * phi + elapsedPeriods * player.volatility ** 2) * SCALE };
  }
  let vInverse = 0;
  let sum = 0;
  for (const { opponent, score } of encounters) {
    const muJ = (opponent.rating - 1500) / SCALE;
    const phiJ = opponent.rd / SCALE;
    const e = expected(mu, muJ, phiJ);
    vInverse += g(phiJ) ** 2 * e * (1 - e);
    sum += g(phiJ) * (score - e);
  }
  const v = 1 / vInverse;
  const sigma = newVolatility(player.volatility, phi, v, v * sum, tau);
  const phiStar = Math.sqrt(phi * phi + elapsedPeriods * sigma * sigma);
  const phiNew = 1 / Math.sqrt(1 / (phiStar * phiStar) + 1 / v);
  const muNew = mu + phiNew * phiNew * sum;
  return { rating: muNew * SCALE + 1500, rd: phiNew * SCALE, volatility: sigma };
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** The RD after `idleDays` without games, as lichess applies it lazily when a rating is used. */
export function withInactivity(player: Glicko, idleDays: number, params: GlickoParams = LICHESS): Glicko {
  if (idleDays <= 0) return player;
  const periods = idleDays * params.periodsPerDay;
  const rd = Math.sqrt(player.rd * player.rd + (player.volatility * SCALE) ** 2 * periods);
  return { ...player, rd: clamp(rd, params.minRd, params.maxRd) };
}

/**
 * One game between two rated players, each its own rating period; `score` is white's. Apply
 * `withInactivity` to each rating first.
 */
export function rateGame({ white, black, score, params = LICHESS }: {
  white: Glicko; black: Glicko; score: Score; params?: GlickoParams;
}): { white: Glicko; black: Glicko } {
  const bound = (before: Glicko, after: Glicko): Glicko => ({
    rating: clamp(
      clamp(after.rating, before.rating - params.maxRatingDelta, before.rating + params.maxRatingDelta),
      params.minRating, params.maxRating),
    rd: clamp(after.rd, params.minRd, params.maxRd),
    volatility: Math.min(after.volatility, params.maxVolatility),
  });
  const blackScore = (1 - score) as Score;
  return {
    white: bound(white, ratePeriod(white, [{ opponent: black, score }], params.tau, 0)),
    black: bound(black, ratePeriod(black, [{ opponent: white, score: blackScore }], params.tau, 0)),
  };
}

export function isProvisional(rating: Pick<Glicko, 'rd'>, params: GlickoParams = LICHESS): boolean {
  return rating.rd >= params.provisionalRd;
}
