/**
 * Runs a store test against both backends: SQLite in a temporary directory, and PostgreSQL in a
 * throw-away cluster this file starts (one per test file, a fresh database per test). Where the
 * PostgreSQL server is not installed its half is skipped, saying why.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openProgressStore, type ProgressStore } from '../../server/progress/index.ts';
import { postgresMissing, startPostgres, type ThrowAwayPostgres } from '../../scripts/lib/postgres.ts';

export interface StoreBackendUnderTest {
  name: 'sqlite' | 'postgres';
  /** Why this backend cannot be tested here, or undefined. */
  skip: string | undefined;
  /** A fresh, empty store (and the options that open it again). */
  open(): Promise<{ store: ProgressStore; reopen(): Promise<ProgressStore>; cleanup(): Promise<void> }>;
  /** PostgreSQL only: the URL of a new, empty database, not opened yet. */
  freshDatabase?: () => string;
}

/** Call at the top level of a test file: registers the PostgreSQL cluster's start and stop. */
export function storeBackends(): StoreBackendUnderTest[] {
  const missing = postgresMissing();
  if (missing) console.warn(`PostgreSQL store tests skipped: ${missing}`);
  let postgres: ThrowAwayPostgres | undefined;
  let databases = 0;
  beforeAll(async () => {
    if (!missing) postgres = await startPostgres();
  }, 60_000);
  afterAll(() => postgres?.stop());
  return [
    {
      name: 'sqlite',
      skip: undefined,
      async open() {
        const dataDir = mkdtempSync(path.join(tmpdir(), 'store-'));
        const reopen = () => openProgressStore({ dataDir });
        return { store: await reopen(), reopen, cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
      },
    },
    {
      name: 'postgres',
      skip: missing,
      freshDatabase: () => postgres!.createDatabase(`store_${++databases}`),
      async open() {
        const databaseUrl = postgres!.createDatabase(`store_${++databases}`);
        const reopen = () => openProgressStore({ dataDir: '/nonexistent-the-database-url-wins', databaseUrl });
        return { store: await reopen(), reopen, cleanup: async () => undefined };
      },
    },
  ];
}
