/** Raw HTTP requests as other clients would send them, from any loopback address: the abuse tests and the bench's attacker. */
import http from 'node:http';

/** One raw HTTP request from a chosen loopback address (127.0.0.0/8 is all ours), as another client would send it. */
export function requestFrom(
  lab: { origin: string },
  localAddress: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; abort?: boolean },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(lab.origin);
  let hangUp: NodeJS.Timeout | undefined;
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, localAddress, method: options.method ?? 'GET', path: options.path, headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        clearTimeout(hangUp);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', (error) => (options.abort ? resolve({ status: 0, headers: {}, body: '' }) : reject(error)));
    req.end(options.body);
    // A client that hangs up right after asking: whatever the server keeps for it now outlives it.
    if (options.abort) req.once('finish', () => (hangUp = setTimeout(() => req.destroy(), 200)));
  });
}

