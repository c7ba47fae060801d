/** A session host's terminal: single-use tickets for the WebSocket, and the instructor's read-only screen. */
import { Router } from 'express';
import type { TerminalScreen, TicketAnswer } from '../wire/index.ts';
import type { ApiContext } from './dependencies.ts';
import { ApiError, notFound } from './errors.ts';
import { ownedSession, resolveOwnership, sessionHost } from './ownership.ts';
import { isAdmin } from './secrets.ts';

export function terminalsRouter({ config, sessions, terminals }: ApiContext): Router {
  const router = Router();
  resolveOwnership(router, sessions, config.adminToken);

  router.post('/:id/terminals/:host/ticket', (req, res) => {
    const session = ownedSession(req);
    if (session.state !== 'ready') throw new ApiError(409, 'not_ready', `The session is ${session.state}.`);
    res.json({ ticket: terminals.issueTicket(session.id, sessionHost(req), session.learnerId) } satisfies TicketAnswer);
  });

  /**
   * The terminal's screen from the server's mirror, for the instructor's read-only view. Instructors
   * only: a snapshot costs the mirror work, and a learner has the terminal itself.
   */
  router.get('/:id/terminals/:host/screen', async (req, res) => {
    if (!isAdmin(req, config.adminToken)) throw notFound();
    const screen = await terminals.screen(ownedSession(req).id, sessionHost(req));
    res.json((screen ?? { cols: 80, rows: 24, data: '' }) satisfies TerminalScreen);
  });
  return router;
}
