/** blobArrivals tells a mounted blob from an uploaded one, from real traffic recorded between a sandbox and distribution. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobArrivals, blobHeads, mountRequest } from '../../checkers/lib/index.ts';
import type { LabSession } from '../../server/sessions/index.ts';
import { startManager, testConfig } from '../helpers/lab.ts';

let lab: Awaited<ReturnType<typeof startManager>>;
let session: LabSession;
let digest: string;

beforeAll(async () => {
  lab = await startManager(testConfig());
  session = await lab.manager.create({ learnerId: 'e'.repeat(32), lesson: null, hosts: ['host-1'] });
  const upload = await session.host('host-1').run(`head -c 3000 /dev/urandom > b; D=sha256:$(sha256sum b | cut -d' ' -f1)
    L=$(curl -si -X POST localhost:5000/v2/src/blobs/uploads/ | tr -d '\\r' | sed -n 's/^Location: //p')
    curl -s -o /dev/null -X PUT -H 'Content-Type: application/octet-stream' --data-binary @b "$L&digest=$D"
    curl -s -o /dev/null -I localhost:5000/v2/dst/blobs/$D
    curl -s -o /dev/null -X POST "localhost:5000/v2/dst/blobs/uploads/?mount=$D"
    curl -s -o /dev/null -X POST "localhost:5000/v2/dst/blobs/uploads/?mount=$D&from=nowhere"
    curl -s -o /dev/null -X POST "localhost:5000/v2/dst/blobs/uploads/?mount=$D&from=src"
    echo $D`);
  digest = upload.stdout.trim();
});
afterAll(async () => lab?.stop());

describe('blob arrivals', () => {
  it('counts the 201 mount as mounted and the 202 answers (no from, a source without the blob) as not mounted', () => {
    const arrivals = blobArrivals(session.traffic(), 'dst', digest);
    expect(arrivals.mounted.map((entry) => mountRequest(entry)?.from)).toEqual(['src']);
    expect(arrivals.notMounted.map((entry) => mountRequest(entry)?.from)).toEqual([null, 'nowhere']);
    expect(arrivals.uploaded).toEqual([]);
  });

  it('counts the closing PUT as an upload into its own repository only', () => {
    expect(blobArrivals(session.traffic(), 'src', digest).uploaded).toHaveLength(1);
    expect(blobArrivals(session.traffic(), 'src', digest).mounted).toEqual([]);
    expect(blobArrivals(session.traffic(), 'dst', 'sha256:' + '0'.repeat(64))).toEqual({ mounted: [], notMounted: [], uploaded: [] });
  });

  it('finds the HEAD asked in a repository', () => {
    expect(blobHeads(session.traffic(), 'dst', digest).map((entry) => entry.status)).toEqual([404]);
    expect(blobHeads(session.traffic(), 'src', digest)).toEqual([]);
  });
});
