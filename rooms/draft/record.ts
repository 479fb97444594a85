/** What a draft that is over hands to the service that stores it (rounds, teams, events). */
import type { HeroDraft } from '../../src/games/draft/hero-draft.ts';
import type { PlayerDraft } from '../../src/games/draft/player-draft.ts';
import type { DraftSettings } from '../../src/games/draft/options.ts';
import type { FinishedDraft, FinishedDraftRound, FinishedDraftTeam } from '../../src/services/drafts.ts';

export interface DraftMeta {
  roomId: string;
  organiserId: string;
  settings: DraftSettings;
  createdAt: number;
  /** When the draft is recorded: its end unless its log says when it ended (it always does). */
  endedAt: number;
}

function teamsOf(draft: PlayerDraft | HeroDraft): FinishedDraftTeam[] {
  if (draft.kind === 'players') {
    return draft.teams.map((team, index) => ({
      index, name: team.name, captainId: team.captainId, members: [...team.members], bans: [],
      totalMmr: team.totalMmr, side: null, order: null,
    }));
  }
  return draft.teams.map((team, index) => ({
    index, name: team.name, captainId: team.captainId, members: [...team.picks], bans: [...team.bans],
    totalMmr: null, side: team.side ?? null, order: team.order ?? null,
  }));
}

function roundsOf(draft: PlayerDraft | HeroDraft): FinishedDraftRound[] {
  if (draft.kind === 'players') {
    return draft.picks.map((pick) => ({
      n: pick.n, team: pick.team, captainId: pick.captainId, action: 'pick', choice: pick.choice,
      auto: pick.auto, timedOut: pick.auto, wasTie: pick.wasTie, tieRolls: pick.tieRolls, at: pick.at,
    }));
  }
  return draft.history.map((step) => ({
    n: step.n, team: step.team, captainId: draft.teams[step.team].captainId, action: step.action, choice: step.choice,
    auto: step.auto, timedOut: step.timedOut, wasTie: false, tieRolls: [], at: step.at,
  }));
}

export function finishedDraft(draft: PlayerDraft | HeroDraft, meta: DraftMeta): FinishedDraft {
  // The draft began when it left "waiting": the coin flip, or a player draft's first turn.
  const began = draft.events.find((event) => event.type === 'roll' || event.type === 'turn-started');
  // A draft brought back after a restart may be recorded well after it ended: its log says when.
  const ended = draft.events.findLast((event) => event.type === 'completed' || event.type === 'abandoned');
  return {
    roomId: meta.roomId,
    kind: draft.kind,
    style: draft.kind === 'players' ? draft.style : null,
    leagueId: meta.settings.leagueId ?? null,
    organiserId: meta.organiserId,
    status: draft.status === 'completed' ? 'completed' : 'abandoned',
    settings: { ...meta.settings },
    teams: teamsOf(draft),
    rounds: roundsOf(draft),
    events: [...draft.events],
    createdAt: new Date(meta.createdAt),
    startedAt: began ? new Date(began.at) : null,
    endedAt: new Date(ended?.at ?? meta.endedAt),
  };
}
