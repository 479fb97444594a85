/**
 * One chess game under load: two players and their spectators, each on its own connection to
 * the server, through a `GameEndpoint` (the project's rooms through the real SDK, or the
 * benchmark's floor, the plain relay in loadtest/floor/). Whatever the protocol, the game opens
 * the same way (white creates it, black joins, then the spectators; it counts as open once every
 * connection has it in play), moves go out at a set pace (± 25 %), and each receiver reports how
 * long after the send it had the new position (its copy of the game reached the move), which is
 * what a player waits for.
 */

export interface GameEvents {
  latency(kind: 'player' | 'spectator', ms: number): void;
  error(what: string): void;
  moved(): void;
  /** The game reached its length and was resigned. */
  over(game: LoadGame): void;
}

/** What one connection reports once the game is open. */
export interface LinkListener {
  /** This connection's copy of the game has `ply` moves played (called again for each change). */
  ply(ply: number): void;
  /** The server refused something this connection sent, with its error code. */
  refused(code: string): void;
  /** The connection closed, with the WebSocket close code. */
  left(code: number): void;
}

/** One connection to a game: a player's or a spectator's. */
export interface GameLink {
  /** Resolves once this connection has the game in play (both players are there). */
  playing(): Promise<void>;
  /** From now on, reports what this connection receives to `listener`. */
  listen(listener: LinkListener): void;
  /** Plays a move, in UCI (`e2e4`, `e7e8q`). */
  move(uci: string): void;
  resign(): void;
  /** Closes the connection (a consented leave); never rejects. */
  leave(): Promise<void>;
}

/**
 * How load games reach a server. A seat number picks who connects: the same seat, the same
 * player (for a server with accounts, one of a pool of guests).
 */
export interface GameEndpoint {
  /** Opens a new game as white; resolves with white's connection and the game's id once joined. */
  create(seat: number, options: Record<string, unknown>): Promise<{ link: GameLink; gameId: string }>;
  /** Joins the game as black. */
  join(seat: number, gameId: string): Promise<GameLink>;
  /** Joins the game as a spectator. */
  watch(seat: number, gameId: string): Promise<GameLink>;
}

/** Who takes the seats of one game (seat numbers for `GameEndpoint`). */
export interface GameSeats { white: number; black: number; spectators: number[] }

export class LoadGame {
  readonly #line: readonly string[];
  readonly #events: GameEvents;
  readonly #pace: number;
  readonly #plies: number;
  white!: GameLink;
  black!: GameLink;
  readonly spectators: GameLink[] = [];
  #ply = 0;
  /** When each ply was sent (index: ply − 1), and the last ply each receiver has seen. */
  readonly #sentAt: number[] = [];
  readonly #seen = new Map<GameLink, number>();
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  joinMs = 0;

  constructor(line: readonly string[], pace: number, plies: number, events: GameEvents) {
    this.#line = line;
    this.#pace = pace;
    this.#plies = Math.min(plies, line.length);
    this.#events = events;
  }

  async open(endpoint: GameEndpoint, seats: GameSeats, options: Record<string, unknown>): Promise<void> {
    const started = performance.now();
    const { link, gameId } = await endpoint.create(seats.white, options);
    this.white = link;
    this.black = await endpoint.join(seats.black, gameId);
    for (const seat of seats.spectators) this.spectators.push(await endpoint.watch(seat, gameId));
    await Promise.all(this.#links().map((each) => each.playing()));
    this.joinMs = performance.now() - started;
    for (const each of this.#links()) this.#seen.set(each, 0);
    for (const each of this.#links()) {
      each.listen({
        ply: (ply) => this.#received(each, ply),
        refused: (code) => this.#events.error(`error ${code}`),
        left: (code) => { if (!this.#stopped) this.#events.error(`left ${code}`); },
      });
    }
  }

  #links(): GameLink[] {
    return [this.white, this.black, ...this.spectators].filter((link) => link !== undefined);
  }

  /** Every ply a receiver catches up on counts, however late (late samples are the ones that matter). */
  #received(link: GameLink, reached: number): void {
    const seen = this.#seen.get(link) ?? 0;
    if (reached <= seen) return;
    this.#seen.set(link, reached);
    const now = performance.now();
    const player = link === this.white || link === this.black;
    for (let ply = seen + 1; ply <= reached; ply++) {
      const sentAt = this.#sentAt[ply - 1];
      if (sentAt === undefined) continue;
      const moverIsWhite = ply % 2 === 1;
      if (link === (moverIsWhite ? this.white : this.black)) continue;
      this.#events.latency(player ? 'player' : 'spectator', now - sentAt);
      if (player) this.#events.moved();
    }
  }

  /** Plays one move every `pace` ms (± 25 %), from a random phase so games do not move in step. */
  start(): void {
    this.#schedule(Math.random() * this.#pace);
  }

  #schedule(delay: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => this.#move(), delay);
  }

  #move(): void {
    const mover = this.#ply % 2 === 0 ? this.white : this.black;
    if (this.#ply >= this.#plies) {
      mover.resign();
      this.#stopped = true;
      this.#events.over(this);
      return;
    }
    this.#sentAt[this.#ply] = performance.now();
    mover.move(this.#line[this.#ply]!);
    this.#ply += 1;
    this.#schedule(this.#pace * (0.75 + Math.random() * 0.5));
  }

  async close(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await Promise.all(this.#links().map((link) => link.leave()));
  }
}
