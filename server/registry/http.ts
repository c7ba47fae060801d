/** HTTP over the registry's unix socket, with a keep-alive agent per socket. */
import http from 'node:http';

export interface RegistryResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Stop reading the body after this many bytes (the rest is drained). */
  maxBody?: number;
  timeoutMs?: number;
}

const DEFAULT_MAX_BODY = 64 * 1024 * 1024;
/** Requests that may be sent twice: asking again changes nothing in the registry. */
const SAFE_TO_REPEAT = new Set(['GET', 'HEAD']);

/**
 * Whether a failed request may be sent again because the registry was restarting: a connection it
 * refused carried nothing, so any request may; one it reset under a request (or a kept-alive socket
 * it had closed) may have been read, so only a read may.
 */
function worthRepeating(method: string, error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED' || code === 'ENOENT') return true;
  return SAFE_TO_REPEAT.has(method) && (code === 'ECONNRESET' || code === 'EPIPE');
}

export class UnixHttp {
  private readonly agent: http.Agent;

  constructor(
    readonly socketPath: string,
    readonly hostHeader = 'localhost:5000',
    /** The Authorization header for a request, when the registry asks for one (lessons with `auth`). */
    private readonly authorize?: (method: string, path: string) => Promise<string | undefined>,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  }

  /**
   * One request, sent once more when the registry was restarting (worthRepeating). It restarts on the
   * same socket for a garbage collection or new settings, which refuses new connections meanwhile and
   * resets what was in flight and every kept-alive socket. After a garbage collection's stop the
   * second try first waits, through `authorize`, for the restart to be over; other restarts give it
   * no such wait, so it may fail again, as it would have before.
   */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<RegistryResponse> {
    try {
      return await this.send(method, path, options);
    } catch (error) {
      if (!worthRepeating(method, error)) throw error;
      return this.send(method, path, options);
    }
  }

  private async send(method: string, path: string, options: RequestOptions): Promise<RegistryResponse> {
    const maxBody = options.maxBody ?? DEFAULT_MAX_BODY;
    const header = await this.authorize?.(method, path);
    const authorization = header ? { authorization: header } : {};
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          socketPath: this.socketPath,
          agent: this.agent,
          method,
          path,
          headers: { host: this.hostHeader, ...authorization, ...options.headers },
          timeout: options.timeoutMs ?? 5000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            if (size < maxBody) chunks.push(chunk.subarray(0, maxBody - size));
            size += chunk.length;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`registry did not answer ${method} ${path} in time`)));
      req.on('error', reject);
      req.end(options.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
