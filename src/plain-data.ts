/**
 * Client input is plain data or nothing: objects whose prototype is `Object.prototype` (or
 * none), arrays, strings, finite numbers, booleans, null (and undefined: an absent field),
 * nested at most `MAX_DEPTH` deep, with no key that could reach an object's machinery
 * (`__proto__`, `constructor`, `prototype`), and no NUL character in a string or a key
 * (PostgreSQL stores none, so no valid value has one; unchecked, it fails in the database).
 * A `Date`, `Map`, `Set`, buffer, BigInt, NaN or ±Infinity (all of which msgpack can carry) is
 * not. Every room option, message payload and REST body is checked here before anything reads
 * it, so nothing downstream (Colyseus's option merge, zod, our own code) ever meets an
 * inherited or prototype-changing key.
 */

export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
export const MAX_DEPTH = 16;

/** Why `value` is not plain data (naming where, from `path`), or undefined when it is. */
export function plainDataProblem(value: unknown, path = 'payload'): string | undefined {
  return problemAt(value, path, 0);
}

export function isPlainData(value: unknown): boolean {
  return plainDataProblem(value) === undefined;
}

function problemAt(value: unknown, path: string, depth: number): string | undefined {
  switch (typeof value) {
    case 'string':
      return value.includes('\0') ? `${path} contains a NUL character` : undefined;
    case 'boolean':
    case 'undefined': // an absent field, as a client library may encode one
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${path} is not a finite number`;
    case 'object':
      break;
    default:
      return `${path} is of type ${typeof value}, not plain data`;
  }
  if (value === null) return undefined;
  if (depth >= MAX_DEPTH) return `${path} is nested more than ${MAX_DEPTH} deep`;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return `${path} is not a plain array`;
    for (let i = 0; i < value.length; i++) {
      const problem = problemAt(value[i], `${path}.${i}`, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    return `${path} is a ${kindOf(value)}, not a plain object`;
  }
  // Own keys only, symbols included: a symbol key cannot come from JSON or msgpack.
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key === 'symbol') return `${path} has a symbol key`;
    if (FORBIDDEN_KEYS.has(key)) return `${path} has the key "${key}", which is not allowed`;
    if (key.includes('\0')) return `${path} has a key with a NUL character`;
    const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
    if (!('value' in descriptor)) return `${path}.${key} is an accessor, not data`;
    const problem = problemAt(descriptor.value, `${path}.${key}`, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

function kindOf(value: object): string {
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' ? name : 'non-plain object';
}
