/**
 * Seeks in the lobby (PROTOCOL §6, Seeks): making, cancelling and accepting one, and showing each
 * member the seeks they may see (src/lobby/seeks.ts decides which). Seeks live in the exchange;
 * every lobby keeps them all in a cache fed by the exchange's seek events, so a member's list is
 * filtered without a round trip. A seek belongs to the lobby connection that made it: it goes
 * when that connection leaves, or when its player is matched (start-game.ts).
 */
import { randomUUID } from 'node:crypto';
import { matchMaker } from '@colyseus/core';
import type { z } from 'zod';
import { Refusal } from '../../src/games/refusal.ts';
import type { RatingRange } from '../../src/lobby/ranges.ts';
import { acceptRefusal, MAX_SEEKS_PER_PLAYER, visibleTo } from '../../src/lobby/seeks.ts';
import { LOBBY_GAMES } from '../../src/lobby/catalog.ts';
import type { LobbyExchange, SeekEvent, StoredSeek } from './exchange.ts';
import { checkRated, together, type StartMatch } from './matching.ts';
import { ratingIn, viewer, type Member, type RefreshRatings } from './members.ts';
import { liveNodes } from './nodes.ts';
import * as payloads from './payloads.ts';

export interface SeekDeps {
  exchange: LobbyExchange;
  now: () => number;
  refreshRatings: RefreshRatings;
  start: StartMatch;
  /** This lobby's members, to show a new seek to those who may see it. */
  members: () => Iterable<Member>;
  /** To every client of this lobby (a seek that goes is gone for everyone). */
  broadcast: (type: string, message: unknown) => void;
}

/** A seek as clients see it: without the connection that made it. */
function seekView({ node: _node, sessionId: _session, ...seek }: StoredSeek) {
  return seek;
}

export class Seeks {
  readonly #deps: SeekDeps;
  /** Every seek, kept current from the seek events (for filtering without a round trip). */
  #cache: StoredSeek[] = [];
  #stopEvents: (() => void) | undefined;

  constructor(deps: SeekDeps) {
    this.#deps = deps;
  }

  /** Follows the seek events, reads every seek, and withdraws those of processes that died without saying goodbye. */
  async open(): Promise<void> {
    const { exchange } = this.#deps;
    this.#stopEvents = await exchange.onSeekEvent((event) => this.#onEvent(event));
    this.#cache = await exchange.seeks();
    const live = await liveNodes();
    for (const seek of this.#cache) if (!live.has(seek.node)) await exchange.takeSeek(seek.id);
  }

  close(): void {
    this.#stopEvents?.();
  }

  /** Sends a member the whole list of seeks they may see. */
  show(member: Member): void {
    const who = viewer(member);
    member.client.send('seeks', this.#cache.filter((seek) => visibleTo(seek, who)).map(seekView));
  }

  /** `range`: the member's own rating range, which changes the seeks they see. */
  setRange(member: Member, ratingRange: RatingRange | null): void {
    member.ratingRange = ratingRange ?? undefined;
    this.show(member);
  }

  /** `seek` → `seek:created`; every lobby shows it to whoever may see it. */
  async create(member: Member, input: z.output<typeof payloads.seek>): Promise<void> {
    const game = LOBBY_GAMES[input.game]!;
    const settings = payloads.settingsOf(input);
    checkRated(input.rated, settings, game, [member.player]);
    const category = game.category(settings);
    await this.#deps.refreshRatings(member);
    const rating = ratingIn(member, category);
    const seek: StoredSeek = {
      id: randomUUID(), game: input.game, category, settings, rated: input.rated, color: input.color,
      ratingRange: input.ratingRange,
      player: { id: member.player.id, username: member.player.username, guest: member.player.guest, rating: Math.round(rating.rating), provisional: rating.provisional },
      createdAt: this.#deps.now(), node: matchMaker.processId, sessionId: member.client.sessionId,
    };
    if (!(await this.#deps.exchange.putSeek(seek, MAX_SEEKS_PER_PLAYER))) {
      throw new Refusal('TOO_MANY_SEEKS', `you already have ${MAX_SEEKS_PER_PLAYER} open seeks`);
    }
    member.client.send('seek:created', { id: seek.id });
  }

  /** `seek:cancel`: the member's own seeks only. */
  async cancel(member: Member, id: string): Promise<void> {
    const seek = await this.#deps.exchange.seek(id);
    if (!seek || seek.player.id !== member.player.id) throw new Refusal('NO_SUCH_SEEK', 'you have no such seek');
    await this.#deps.exchange.takeSeek(id);
  }

  /** `seek:accept`: a seek is taken once, even by players on different processes at the same moment. */
  async accept(member: Member, id: string): Promise<void> {
    const { exchange, start } = this.#deps;
    const seek = await exchange.seek(id);
    if (!seek) throw new Refusal('NO_SUCH_SEEK', 'this seek is gone');
    await this.#deps.refreshRatings(member);
    const refusal = acceptRefusal(seek, viewer(member));
    if (refusal) throw refusal;
    await together(exchange, [seek.player.id, member.player.id], async () => {
      const taken = await exchange.takeSeek(id);
      if (!taken) throw new Refusal('NO_SUCH_SEEK', 'this seek was just taken');
      const seeker = { id: taken.player.id, username: taken.player.username, guest: taken.player.guest };
      await start({ game: taken.game, settings: taken.settings, rated: taken.rated, color: taken.color, players: [seeker, member.player] });
    });
  }

  /** The member's lobby connection left: the seeks it made go. */
  async withdraw(member: Member): Promise<void> {
    for (const seek of this.#cache) {
      if (seek.node === matchMaker.processId && seek.sessionId === member.client.sessionId) await this.#deps.exchange.takeSeek(seek.id);
    }
  }

  #onEvent(event: SeekEvent): void {
    if (event.op === '+') {
      this.#cache.push(event.seek);
      for (const member of this.#deps.members()) {
        if (visibleTo(event.seek, viewer(member))) member.client.send('seek+', seekView(event.seek));
      }
    } else {
      this.#cache = this.#cache.filter((seek) => seek.id !== event.id);
      this.#deps.broadcast('seek-', event.id);
    }
  }
}
