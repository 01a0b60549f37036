// "Who else is building this": projects like one being described, and how
// many councils work in each service area. Pure: plain projects in, ranked
// matches or counts out; who may see which candidate is the caller's
// business (services/similar-projects.ts), decided before anything is ranked.
//
// Text ranking is MiniSearch's (BM25 over title and outcome), not ours: we
// only choose the fields, the boost, how forgiving a word match is, and one
// rule of our own, that the same phase counts for more.
import MiniSearch, { type SearchResult } from 'minisearch';
import { badInput, type FieldPath } from '../errors.ts';
import { isObjectIdString } from '../ids.ts';
import { SERVICE_AREA_KEYS } from '../reference/service-areas.ts';
import { LIMITS, PROJECT_PHASES } from './project-input.ts';

export interface SimilarText {
  serviceArea: string;
  phase: string;
  title: string;
  outcome: string;
}

export interface SimilarQuery extends SimilarText {
  /** The project being described, when it exists: never its own match. */
  excludeId?: string | null;
}

export interface SimilarCandidate extends SimilarText {
  id: string;
}

export interface SimilarMatch<C> {
  candidate: C;
  score: number;
  /** Words of the query's own text that matched: never a candidate's words, which the caller may not be allowed to read. */
  wordsInCommon: string[];
}

/** At most this many matches in one answer. */
export const MAX_SIMILAR = 20;

export interface SimilarInput {
  serviceArea: string;
  phase: string;
  title: string;
  outcome?: string | null;
  excludeProjectId?: string | null;
}

/** A described project, checked: a known service area and phase, a title, and an outcome if any, within a project's limits. */
export function checkSimilarInput(input: SimilarInput, path: FieldPath = ['input']): SimilarQuery {
  if (!(SERVICE_AREA_KEYS as readonly string[]).includes(input.serviceArea)) throw badInput([...path, 'serviceArea'], `must be one of ${SERVICE_AREA_KEYS.join(', ')}`);
  if (!(PROJECT_PHASES as readonly string[]).includes(input.phase)) throw badInput([...path, 'phase'], `must be one of ${PROJECT_PHASES.join(', ')}`);
  const title = typeof input.title === 'string' ? input.title.trim() : '';
  if (!title) throw badInput([...path, 'title'], 'must not be empty');
  if (title.length > LIMITS.title) throw badInput([...path, 'title'], `must be at most ${LIMITS.title} characters`);
  const outcome = typeof input.outcome === 'string' ? input.outcome.trim() : '';
  if (outcome.length > LIMITS.outcome) throw badInput([...path, 'outcome'], `must be at most ${LIMITS.outcome} characters`);
  const excludeId = input.excludeProjectId ?? null;
  if (excludeId !== null && !isObjectIdString(excludeId)) throw badInput([...path, 'excludeProjectId'], 'must be a project id (24 hexadecimal characters)');
  return { serviceArea: input.serviceArea, phase: input.phase, title, outcome, excludeId };
}

/** How many matches to give: 1 to MAX_SIMILAR. */
export function checkFirst(first: unknown, path: FieldPath = ['first']): number {
  if (typeof first !== 'number' || !Number.isInteger(first) || first < 1 || first > MAX_SIMILAR) throw badInput(path, `must be a whole number from 1 to ${MAX_SIMILAR}`);
  return first;
}

export interface RankOptions {
  limit: number;
}

/** The same phase (discovery, alpha...) means the same kind of work now: its score counts this much more. */
export const SAME_PHASE_FACTOR = 1.5;
export const TITLE_BOOST = 2;

// Words that every project description shares and that say nothing about
// the problem; without them any two outcomes "match".
const STOP_WORDS = new Set(
  (
    'a an and are as at be but by can for from has have in into is it its of on or our so that the their them there these they this to up was we ' +
    'were will with within without who what when where which while how all any more most new not no than then out over per via us your you ' +
    'council councils resident residents service services project projects make help better improve improving'
  ).split(' '),
);

/** Lower case, no stop words, no one- or two-letter words: the same for documents and queries. */
function processTerm(term: string): string | null {
  const t = term.toLowerCase();
  return t.length < 3 || STOP_WORDS.has(t) ? null : t;
}

// Modest forgiveness: a typo or a plural in longer words only ("repairs"
// finds "repair"), so short words do not match half the dictionary.
const fuzzy = (term: string) => (term.length >= 6 ? 0.2 : false);
const prefix = (term: string) => term.length >= 5;

const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Candidates like the query, best first, at most `opts.limit`: only those in
 * the query's service area and sharing at least one word of its title or
 * outcome, never the query's own project. Equal scores keep the candidates'
 * order (callers pass them newest first).
 */
export function rankSimilar<C extends SimilarCandidate>(query: SimilarQuery, candidates: readonly C[], opts: RankOptions): SimilarMatch<C>[] {
  const pool = candidates.filter((c) => c.serviceArea === query.serviceArea && c.id !== query.excludeId);
  if (!pool.length) return [];
  const search = new MiniSearch<{ id: number; title: string; outcome: string }>({
    fields: ['title', 'outcome'],
    processTerm,
    searchOptions: { boost: { title: TITLE_BOOST }, fuzzy, prefix, combineWith: 'OR' },
  });
  // Index positions, not ids: two candidates may not share an id, and this keeps the original order for ties.
  search.addAll(pool.map((c, i) => ({ id: i, title: c.title, outcome: c.outcome })));
  const results: SearchResult[] = search.search(`${query.title} ${query.outcome}`);
  return results
    .map((r) => {
      const candidate = pool[r.id as number]!;
      const score = r.score * (candidate.phase === query.phase ? SAME_PHASE_FACTOR : 1);
      return { candidate, score: round(score), index: r.id as number, wordsInCommon: [...new Set(r.queryTerms)].sort() };
    })
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, opts.limit)
    .map(({ candidate, score, wordsInCommon }) => ({ candidate, score, wordsInCommon }));
}

export interface ActivityProject {
  serviceArea: string;
  poolId: string;
  councilIds: readonly string[];
}

export interface ServiceAreaActivity {
  serviceArea: string;
  /** Distinct councils in the consortia of the projects (a council in two projects counts once). */
  councilIds: string[];
  councilCount: number;
  projectCount: number;
}

/** Per service area with any project: how many councils and projects work in it, most councils first. */
export function serviceAreaActivity(projects: readonly ActivityProject[]): ServiceAreaActivity[] {
  const areas = new Map<string, { councils: Set<string>; projects: number }>();
  for (const p of projects) {
    let a = areas.get(p.serviceArea);
    if (!a) areas.set(p.serviceArea, (a = { councils: new Set(), projects: 0 }));
    a.projects++;
    for (const c of p.councilIds) a.councils.add(c);
  }
  return [...areas]
    .map(([serviceArea, a]) => ({ serviceArea, councilIds: [...a.councils].sort(), councilCount: a.councils.size, projectCount: a.projects }))
    .sort((x, y) => y.councilCount - x.councilCount || y.projectCount - x.projectCount || x.serviceArea.localeCompare(y.serviceArea));
}
