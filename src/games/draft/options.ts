/**
 * The organiser's draft options as they arrive (PROTOCOL §5), checked in two steps: their shape
 * (zod), then the rules' own checks, by building the draft they describe. Both the REST route
 * that creates a draft and the room that runs it parse with this, so an option the route
 * accepts is one the room can run. Failures are `INVALID_OPTIONS` refusals.
 */
import { z } from 'zod';
import { Refusal } from '../refusal.ts';
import { CAPTAINS_MODE } from './captains-mode.ts';
import { HeroDraft } from './hero-draft.ts';
import { DRAFT_STYLES } from './order.ts';
import { PlayerDraft } from './player-draft.ts';

const id = z.string().trim().min(1).max(64);
const name = z.string().trim().min(1).max(60);
const mmr = z.number().int().min(0).max(20_000);
/** A league this draft's teams join when it completes (optional). */
const leagueId = z.string().uuid().optional();

export const playerDraftOptions = z.object({
  kind: z.literal('players'),
  style: z.enum(DRAFT_STYLES as [string, ...string[]]).transform((s) => s as (typeof DRAFT_STYLES)[number]),
  teams: z.array(z.object({ name, captainId: id, captainMmr: mmr }).strict()).min(2).max(16),
  pool: z.array(z.object({ playerId: id, name, mmr }).strict()).min(1).max(256),
  pickSeconds: z.number().int().min(1).max(3600),
  teamSize: z.number().int().min(2).max(64).optional(),
  leagueId,
}).strict();

export const heroDraftOptions = z.object({
  kind: z.literal('heroes'),
  teams: z.array(z.object({ name, captainId: id }).strict()).length(2),
  heroes: z.array(z.string().trim().min(1).max(64)).min(CAPTAINS_MODE.length).max(512).optional(),
  graceSeconds: z.number().int().min(1).max(600).default(30),
  reserveSeconds: z.number().int().min(0).max(3600).default(130),
  leagueId,
}).strict();

export const draftOptions = z.discriminatedUnion('kind', [playerDraftOptions, heroDraftOptions]);

export type PlayerDraftSettings = z.output<typeof playerDraftOptions>;
export type HeroDraftSettings = z.output<typeof heroDraftOptions>;
export type DraftSettings = z.output<typeof draftOptions>;

/** The captains named in the options, by team index: the players of the draft. */
export function draftCaptains(settings: DraftSettings): string[] {
  return settings.teams.map((team) => team.captainId);
}

/** Everyone named in the options who must be a player of this server: captains, and the pool. */
export function draftParticipants(settings: DraftSettings): string[] {
  const captains = draftCaptains(settings);
  return settings.kind === 'players' ? [...captains, ...settings.pool.map((p) => p.playerId)] : captains;
}

/** Parses and checks options; throws `Refusal('INVALID_OPTIONS')` naming the first problem. */
export function parseDraftOptions(raw: unknown): DraftSettings {
  const parsed = draftOptions.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new Refusal('INVALID_OPTIONS', `${where}${issue.message}`);
  }
  const settings = parsed.data;
  // The rules check what a shape cannot (captains in the pool, repeated players or heroes).
  if (settings.kind === 'players') new PlayerDraft(settings, { die: () => 1 });
  else new HeroDraft(settings, { coin: () => 0, randomIndex: () => 0 });
  return settings;
}
