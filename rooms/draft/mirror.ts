/**
 * Copies a draft into the synced state. Lists only ever grow during a draft, so each mirror
 * appends what is new instead of rebuilding (a patch then carries the new pick alone).
 */
import type { ArraySchema } from '@colyseus/schema';
import type { HeroDraft } from '../../src/games/draft/hero-draft.ts';
import type { TieRoll } from '../../src/games/draft/order.ts';
import type { PlayerDraft } from '../../src/games/draft/player-draft.ts';
import { DraftPickState, DraftTeamState, PoolPlayerState, TieRollState, type DraftState } from '../../schema/DraftState.ts';

/** Appends the items of `source` that `target` does not have yet (both only grow). */
function append<T, S>(target: ArraySchema<S>, source: readonly T[], make: (item: T) => S): void {
  for (let i = target.length; i < source.length; i++) target.push(make(source[i]!));
}

function tieRolls(rounds: readonly TieRoll[][]): TieRollState[] {
  return rounds.flatMap((rolls, round) => rolls.map(({ team, roll }) => new TieRollState({ round, team, roll })));
}

/** Sets up what does not change during the draft: teams, the pool, the timers' settings. */
export function initialDraftState(state: DraftState, draft: PlayerDraft | HeroDraft, leagueId: string | undefined): void {
  state.kind = draft.kind;
  state.leagueId = leagueId ?? '';
  for (const team of draft.teams) state.teams.push(new DraftTeamState({ name: team.name, captainId: team.captainId }));
  if (draft.kind === 'players') {
    Object.assign(state, { style: draft.style, pickSeconds: draft.pickSeconds, totalSteps: draft.totalPicks });
    for (const p of draft.pool) state.pool.push(new PoolPlayerState({ playerId: p.playerId, name: p.name, mmr: p.mmr }));
  } else {
    Object.assign(state, { graceSeconds: draft.graceMs / 1000, reserveSeconds: draft.teams[0].reserveMs / 1000, totalSteps: 24 });
    for (const hero of draft.heroes) state.heroes.push(hero);
  }
}

export function mirrorPlayerDraft(state: DraftState, draft: PlayerDraft, now: number): void {
  Object.assign(state, {
    status: draft.status, step: draft.step, activeTeam: draft.activeTeam ?? -1,
    action: draft.status === 'drafting' ? 'pick' : '', graceMs: draft.turnMsLeft(now),
  });
  draft.teams.forEach((team, i) => {
    const mirrored = state.teams[i]!;
    append(mirrored.members, team.members, (id) => id);
    mirrored.totalMmr = team.totalMmr;
  });
  const fresh = draft.picks.slice(state.picks.length);
  append(state.picks, draft.picks, (pick) => new DraftPickState({
    n: pick.n, team: pick.team, action: 'pick', choice: pick.choice, auto: pick.auto, timedOut: pick.auto,
    wasTie: pick.wasTie, tieRolls: tieRolls(pick.tieRolls),
  }));
  for (const pick of fresh) {
    const pooled = state.pool.find((p) => p.playerId === pick.choice);
    if (pooled) pooled.team = pick.team;
  }
}

export function mirrorHeroDraft(state: DraftState, draft: HeroDraft, now: number): void {
  const tick = draft.tick(now);
  Object.assign(state, {
    status: tick.status, step: tick.step, activeTeam: tick.activeTeam ?? -1, action: tick.action ?? '',
    graceMs: tick.graceMs, countdownMs: tick.countdownMs,
    coinWinner: draft.coinWinner ?? -1, chooser: draft.chooser ?? -1,
  });
  if (state.choices.length !== draft.openChoices.length || draft.openChoices.some((c, i) => state.choices[i] !== c)) {
    state.choices.clear();
    for (const choice of draft.openChoices) state.choices.push(choice);
  }
  draft.teams.forEach((team, i) => {
    const mirrored = state.teams[i]!;
    append(mirrored.picks, team.picks, (id) => id);
    append(mirrored.bans, team.bans, (id) => id);
    Object.assign(mirrored, { reserveMs: tick.reserveMs[i]!, order: team.order ?? '', side: team.side ?? '' });
  });
  append(state.picks, draft.history, (step) => new DraftPickState({
    n: step.n, team: step.team, action: step.action, choice: step.choice ?? '', auto: step.auto, timedOut: step.timedOut,
  }));
}

/** Only the running clocks: what the once-a-second tick refreshes. */
export function mirrorTimers(state: DraftState, draft: PlayerDraft | HeroDraft, now: number): void {
  if (draft.kind === 'players') {
    state.graceMs = draft.turnMsLeft(now);
    return;
  }
  const tick = draft.tick(now);
  Object.assign(state, { graceMs: tick.graceMs, countdownMs: tick.countdownMs });
  state.teams[0]!.reserveMs = tick.reserveMs[0];
  state.teams[1]!.reserveMs = tick.reserveMs[1];
}

/** Each team's captain as seated: their name once they have come, and whether they are connected now. */
export function mirrorCaptains(state: DraftState, seats: ReadonlyMap<string, { player: { username: string }; connected: boolean }>): void {
  state.teams.forEach((team, i) => {
    const holder = seats.get(String(i));
    if (holder) team.captainName = holder.player.username;
    team.connected = holder?.connected ?? false;
  });
}

/** The draft's lobby listing: what it is, how far it got, and who captains it. */
export function listing(state: DraftState) {
  return {
    game: 'draft',
    kind: state.kind,
    style: state.style,
    status: state.status,
    leagueId: state.leagueId,
    step: state.step,
    totalSteps: state.totalSteps,
    spectators: state.spectators,
    teams: state.teams.map((team) => ({ name: team.name, captain: team.captainName, connected: team.connected })),
  };
}
