/**
 * The session events are a type (SessionEvents, SessionManagerEvents in server/sessions/types.ts),
 * which holds every emit and listener to its arguments. What the compiler cannot see is an event
 * in the list that nothing emits, or that nothing listens to: the drift this test keeps out
 * ('activity' was documented and never emitted; 'registry' was forwarded and never emitted).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const TYPES = 'server/sessions/types.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const file = path.join(dir, entry);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return file.endsWith('.ts') ? [file] : [];
  });
}

/** The event names of one `export type <name> = { ... };` block. */
function eventsOf(typeName: string): string[] {
  const text = readFileSync(TYPES, 'utf8');
  const start = text.indexOf(`export type ${typeName} = {`);
  expect(start, `${typeName} in ${TYPES}`).toBeGreaterThan(-1);
  const block = text.slice(start, text.indexOf('\n};', start));
  return [...block.matchAll(/^ {2}(\w+): \[/gm)].map((match) => match[1]!).sort();
}

/** Every event name written as `<call>'<event>'` in the server's code (call is a regular expression's source). */
function namesIn(call: string): string[] {
  const names = new Set<string>();
  for (const file of sourceFiles('server')) {
    for (const match of readFileSync(file, 'utf8').matchAll(new RegExp(`${call}'(\\w+)'`, 'g'))) names.add(match[1]!);
  }
  return [...names].sort();
}

describe('session events', () => {
  it('every event on Session.events is emitted somewhere and listened to somewhere', () => {
    const events = eventsOf('SessionEvents');
    expect(events).toContain('tasks');
    expect(namesIn(String.raw`events\.emit\(`)).toEqual(events);
    // The event stream listens through forward(session, '<event>', ...).
    expect([...new Set([...namesIn(String.raw`events\.on\(`), ...namesIn(String.raw`forward\(session, `)])].sort()).toEqual(events);
  });

  it('every SessionManager event is emitted by the manager and listened to by the lab', () => {
    const events = eventsOf('SessionManagerEvents');
    expect(events).toEqual(['closed', 'created', 'failed', 'ready']);
    expect(namesIn(String.raw`this\.emit\(`).filter((name) => events.includes(name))).toEqual(events);
    expect(namesIn(String.raw`sessions\.on\(`)).toEqual(events);
  });
});
