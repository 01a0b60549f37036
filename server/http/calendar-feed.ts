// GET /calendar/:token.ics: a user's calendar feed (services/calendar-feeds.ts).
// No login: calendar apps cannot send one, so the URL is the secret. An
// unknown, revoked or malformed token answers 404, the same for each.
import type { Request, RequestHandler, Response } from 'express';
import { calendarForToken } from '../services/calendar-feeds.ts';

const FILE = /^([A-Za-z0-9_-]+)\.ics$/;

export function calendarFeedRoute(): RequestHandler {
  return async (req: Request, res: Response, next) => {
    try {
      const m = FILE.exec(String(req.params.file));
      const ics = m ? await calendarForToken(m[1]!) : null;
      if (!ics) {
        res.status(404).type('text/plain').send('No such calendar\n');
        return;
      }
      res.set({ 'Content-Type': 'text/calendar; charset=utf-8', 'Cache-Control': 'private, no-cache', 'X-Content-Type-Options': 'nosniff' });
      res.send(ics);
    } catch (err) {
      next(err);
    }
  };
}
