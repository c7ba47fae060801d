/**
 * `npm run bench` prints a table; `npm run bench -- --json` prints one JSON object.
 * Targets are design §6. Timings live here, never in a test's pass/fail.
 */
import { benchSessions } from './bench/sessions.ts';
import { benchTerminal } from './bench/terminal.ts';

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');

const results: Record<string, unknown> = {
  ...(await benchSessions({ concurrentLimit: quick ? 20 : 200 })),
  ...(await benchTerminal()),
};

if (json) {
  console.log(JSON.stringify(results));
} else {
  const rows = Object.entries(results).map(([figure, value]) => ({ figure, value: typeof value === 'object' ? JSON.stringify(value) : value }));
  console.table(rows);
}
process.exit(0);
