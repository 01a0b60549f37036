// Permission rules about one project, for the table in permission-rules.ts.
// They look the project up through the request's loader and ask
// server/projects/project-access.ts, the same policy the service's list
// scope follows. A project that does not exist passes the rule, so the
// service answers NOT_FOUND (or BAD_USER_INPUT for a malformed id) to
// everyone alike; one that exists but is not yours answers FORBIDDEN.
import { canActOnProject, canReadProject } from '../server/projects/project-access.ts';
import type { Args, Rule } from './permissions.ts';

type IdArg = (args: Args) => unknown;

const projectRule =
  (idOf: IdArg, allows: typeof canReadProject): Rule =>
  async (ctx, args) => {
    const id = idOf(args);
    if (typeof id !== 'string') return true;
    const project = await ctx.loaders.project.load(id);
    return project === null || allows(ctx.viewer, project);
  };

/** Whoever may read the project: its pool's lead, a requester of a consortium council, a practitioner once approved, an admin. */
export const readerOfProject = (idOf: IdArg): Rule => projectRule(idOf, canReadProject);

/**
 * Whoever may ever edit or move the project: its pool's lead, the lead
 * council's requester, an admin. Which edit or move each may make in which
 * status is the life cycle's call (server/projects/project-status.ts).
 */
export const actorOnProject = (idOf: IdArg): Rule => projectRule(idOf, canActOnProject);

/** createProject: the council a new project is for (a requester's own unless they name another). */
export const leadCouncilOfNewProject = (ctx: { viewer: { councilId: string | null } | null }, args: Args): string | null =>
  (args.input?.leadCouncilId as string | undefined) ?? ctx.viewer?.councilId ?? null;
