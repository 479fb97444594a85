/**
 * The one server of a test run (booted by test/hooks.ts) and helpers to talk to it: real HTTP
 * with fetch, real rooms through the real SDK.
 */
import { ColyseusTestServer } from '@colyseus/testing/TestServer';
import { SignJWT } from 'jose';
import type { App } from '../../src/server.ts';
import type { ManualScheduler } from './manual-scheduler.ts';

/** Set by test/port.ts before any test file is loaded. */
export const TEST_PORT = Number(process.env.TEST_PORT);
export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';
export const BASE_URL = `http://127.0.0.1:${TEST_PORT}`;

/** A clock for network round trips that moves only when a test moves it (lag is 0 otherwise). */
export class RttClock {
  #now = 0;
  readonly read = () => this.#now;
  advance(ms: number): void { this.#now += ms; }
}

interface Harness { app: App; colyseus: ColyseusTestServer; scheduler: ManualScheduler; rtt: RttClock }
let current: Harness | undefined;

export function setHarness(harness: Harness | undefined): void {
  current = harness;
}

export function booted(): boolean {
  return current !== undefined;
}

export function harness(): Harness {
  if (!current) throw new Error('the test server is not booted (is test/hooks.ts loaded?)');
  return current;
}

export interface ApiResponse<T = any> { status: number; body: T; headers: Headers }

export async function api<T = any>(path: string, { method = 'GET', body, token, headers = {} }: {
  method?: string; body?: unknown; token?: string; headers?: Record<string, string>;
} = {}): Promise<ApiResponse<T>> {
  const init: RequestInit = { method, headers: { ...headers } };
  const requestHeaders = init.headers as Record<string, string>;
  if (token) requestHeaders.authorization = `Bearer ${token}`;
  if (body !== undefined) {
    requestHeaders['content-type'] ??= 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const response = await fetch(`${BASE_URL}${path}`, init);
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, headers: response.headers, body: type.includes('json') ? JSON.parse(text) : text };
}

/** Asks `read` every 20 ms, for up to 2 s, until it gives something; then fails, naming `what`. */
export async function eventually<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

let counter = 0;
/** A registrable name that no other test (or earlier run on the same database) has used. */
export function uniqueName(prefix = 'p'): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36).slice(-5)}${process.pid % 1000}${counter}`.slice(0, 20);
}

export async function guest(): Promise<{ token: string; player: { id: string; username: string; guest: boolean } }> {
  const response = await api('/api/auth/guest', { method: 'POST' });
  if (response.status !== 201) throw new Error(`guest: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** A token signed with the test secret but with claims of the test's choosing. */
export function forgeToken({ sub, name = 'forged', guest: isGuest = true, expiresAt, secret = TEST_JWT_SECRET }: {
  sub: string; name?: string; guest?: boolean; expiresAt: number; secret?: string;
}): Promise<string> {
  return new SignJWT({ name, guest: isGuest })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuer('turnbased-server')
    .setIssuedAt(Math.floor(expiresAt / 1000) - 3600)
    .setExpirationTime(Math.floor(expiresAt / 1000))
    .sign(new TextEncoder().encode(secret));
}
