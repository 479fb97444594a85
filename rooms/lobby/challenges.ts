/**
 * Challenges in the lobby (PROTOCOL §6, Challenges): a player invites another by name; the one
 * challenged accepts or declines, the challenger may cancel (leaving the lobby cancels), and after
 * a minute both are told it expired. A challenge lives in the exchange, so each side hears of it
 * on whichever process holds their lobby connection, or on their next join; its expiry timer runs
 * in the lobby that made it, and taking a challenge from the exchange settles any race.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Orm } from '../../src/db/orm.ts';
import { Refusal } from '../../src/games/refusal.ts';
import { findPlayerByName } from '../../src/services/game-selectors.ts';
import type { RoomTimers } from '../shared/timers.ts';
import { LOBBY_GAMES } from '../../src/lobby/catalog.ts';
import type { Challenge, LobbyExchange } from './exchange.ts';
import { checkRated, together, type StartMatch } from './matching.ts';
import type { Member } from './members.ts';
import * as payloads from './payloads.ts';

export const CHALLENGE_TTL_MS = 60_000;

export interface ChallengeDeps {
  exchange: LobbyExchange;
  timers: RoomTimers;
  now: () => number;
  orm: () => Orm;
  start: StartMatch;
}

/** A challenge as clients see it: the game's settings inline, players by name. */
function challengeView(challenge: Challenge) {
  const { id, game, settings, rated, color, from, to, expiresAt } = challenge;
  return { id, game, ...settings, rated, color, from: from.username, to: to.username, expiresAt };
}

const expiry = (id: string) => `challenge:${id}`;

export class Challenges {
  readonly #deps: ChallengeDeps;

  constructor(deps: ChallengeDeps) {
    this.#deps = deps;
  }

  /** On joining: every challenge to the member's player that has not expired. */
  async showPending(member: Member): Promise<void> {
    const now = this.#deps.now();
    for (const challenge of await this.#deps.exchange.challenges()) {
      if (challenge.to.id === member.player.id && challenge.expiresAt > now) member.client.send('challenge', challengeView(challenge));
    }
  }

  /** `challenge` → `challenge:sent` to the challenger, `challenge` to the one named. */
  async create(member: Member, input: z.output<typeof payloads.challenge>): Promise<void> {
    const { exchange, timers } = this.#deps;
    const target = await findPlayerByName({ orm: this.#deps.orm(), username: input.to });
    if (!target) throw new Refusal('NO_SUCH_PLAYER', `there is no player named ${input.to}`);
    if (target.id === member.player.id) throw new Refusal('CANNOT_CHALLENGE_SELF', 'you cannot challenge yourself');
    const game = LOBBY_GAMES[input.game]!;
    const settings = payloads.settingsOf(input);
    checkRated(input.rated, settings, game, [member.player, { id: target.id, username: target.username, guest: target.guest }]);
    const challenge: Challenge = {
      id: randomUUID(), game: input.game, settings, rated: input.rated, color: input.color,
      from: member.player, to: { id: target.id, username: target.username }, expiresAt: this.#deps.now() + CHALLENGE_TTL_MS,
    };
    await exchange.putChallenge(challenge);
    exchange.send(target.id, 'challenge', challengeView(challenge));
    member.client.send('challenge:sent', challengeView(challenge));
    timers.set(expiry(challenge.id), challenge.expiresAt, () => this.#expire(challenge.id));
  }

  /** `challenge:accept`, by the one challenged: both are matched. */
  async accept(member: Member, id: string): Promise<void> {
    const { exchange, start } = this.#deps;
    const challenge = await exchange.challenge(id);
    if (!challenge || challenge.to.id !== member.player.id) throw new Refusal('NO_SUCH_CHALLENGE', 'you have no such challenge');
    if (this.#deps.now() >= challenge.expiresAt) throw new Refusal('NO_SUCH_CHALLENGE', 'this challenge has expired');
    await together(exchange, [challenge.from.id, member.player.id], async () => {
      const taken = await exchange.takeChallenge(id);
      if (!taken) throw new Refusal('NO_SUCH_CHALLENGE', 'this challenge was withdrawn');
      await start({ game: taken.game, settings: taken.settings, rated: taken.rated, color: taken.color, players: [taken.from, member.player] });
    });
  }

  /** `challenge:decline`, by the one challenged: the challenger gets `challenge:declined`. */
  decline(member: Member, id: string): Promise<void> {
    return this.#end(member, id, 'to', 'challenge:declined');
  }

  /** `challenge:cancel`, by the challenger: the other gets `challenge:canceled`. */
  cancel(member: Member, id: string): Promise<void> {
    return this.#end(member, id, 'from', 'challenge:canceled');
  }

  /** The member left the lobby: every challenge their player made is cancelled. */
  async cancelAllFrom(member: Member): Promise<void> {
    for (const challenge of await this.#deps.exchange.challenges()) {
      if (challenge.from.id === member.player.id) await this.cancel(member, challenge.id).catch(() => undefined);
    }
  }

  /** Declining or cancelling: the challenge is taken, its expiry dropped, and the other side told. */
  async #end(member: Member, id: string, as: 'from' | 'to', notice: string): Promise<void> {
    const { exchange, timers } = this.#deps;
    const challenge = await exchange.challenge(id);
    if (!challenge || challenge[as].id !== member.player.id) throw new Refusal('NO_SUCH_CHALLENGE', 'you have no such challenge');
    const taken = await exchange.takeChallenge(id);
    if (!taken) throw new Refusal('NO_SUCH_CHALLENGE', 'this challenge is already over');
    timers.set(expiry(id), undefined, () => undefined);
    exchange.send(as === 'to' ? taken.from.id : taken.to.id, notice, { id });
  }

  /** A minute on, a challenge still open is taken and both sides get `challenge:expired`. */
  async #expire(id: string): Promise<void> {
    const expired = await this.#deps.exchange.takeChallenge(id);
    if (!expired) return;
    for (const playerId of [expired.from.id, expired.to.id]) this.#deps.exchange.send(playerId, 'challenge:expired', { id: expired.id });
  }
}
