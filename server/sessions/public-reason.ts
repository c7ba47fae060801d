/**
 * Failure reasons reach the learner (GET /api/sessions/:id, the page's banner), and design §5 allows
 * no server paths in what a client sees: an absolute path (other than a registry API path, /v2/…)
 * becomes "…". The full reason is logged.
 */
const ABSOLUTE_PATH = /(?<![\w.:/])\/(?!v2\/)(?:[\w.@+-]+\/)*[\w.@+-]+\/?/g;

export function withoutPaths(reason: string): string {
  return reason.replace(ABSOLUTE_PATH, '\u2026');
}
