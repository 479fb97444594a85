/**
 * Prometheus metrics of this process: Node's process metrics, rooms and connected clients by room
 * type, counted from the matchmaker's own room events (no polling of the driver), and the
 * journal's batches (how many writes its actions took, and what waits in its spool).
 */
import { matchMaker, type Room } from '@colyseus/core';
import { Router } from 'express';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { Journal } from '../db/journal.ts';

export interface Metrics {
  readonly registry: Registry;
  /** Starts counting the rooms of every room type defined so far. */
  trackRoomTypes(): void;
}

export function createMetrics(journal?: Journal): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  if (journal) journalMetrics(registry, journal);
  const live = new Map<string, Set<Room>>();

  new Gauge({
    name: 'game_rooms',
    help: 'Rooms open on this process, by room type',
    labelNames: ['room_type'],
    registers: [registry],
    collect() {
      for (const [type, rooms] of live) this.set({ room_type: type }, rooms.size);
    },
  });
  new Gauge({
    name: 'game_clients',
    help: 'Clients connected to rooms on this process, by room type',
    labelNames: ['room_type'],
    registers: [registry],
    collect() {
      for (const [type, rooms] of live) {
        let clients = 0;
        for (const room of rooms) clients += room.clients.length;
        this.set({ room_type: type }, clients);
      }
    },
  });

  // What a full collection leaves is what is alive: the heap right after the last one.
  const liveHeap = new Gauge({ name: 'nodejs_heap_live_bytes', help: 'V8 heap in use right after the last full (mark-compact) garbage collection', registers: [registry] });
  const gcObserver = new PerformanceObserver((entries) => {
    for (const entry of entries.getEntries()) {
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) liveHeap.set(process.memoryUsage().heapUsed);
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });

  return {
    registry,
    trackRoomTypes() {
      for (const [type, handler] of Object.entries(matchMaker.getAllHandlers())) {
        if (live.has(type)) continue;
        const rooms = new Set<Room>();
        live.set(type, rooms);
        handler.on('create', (room: Room) => rooms.add(room));
        handler.on('dispose', (room: Room) => rooms.delete(room));
      }
    },
  };
}

export function metricsRoutes(metrics: Metrics): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  return router;
}

function journalMetrics(registry: Registry, journal: Journal): void {
  const reading = (name: string, help: string, read: () => number) =>
    new Gauge({ name, help, registers: [registry], collect() { this.set(read()); } });
  reading('game_journal_batches', 'Batches the journal has written since start (one statement, one spool file or one append to its local log each)', () => journal.flushes);
  reading('game_journal_items', 'Actions, openings and ends the journal has written since start', () => journal.items);
  reading('game_journal_spooled_batches', 'Batches waiting in the journal spool for the database', () => journal.spooled);
}
