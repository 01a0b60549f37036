// Use-cases for the CSV exports: what each file holds, read through the same
// scoped use-cases the API answers from (so a file never shows a caller more
// than the API would), a page of MAX_PAGE_SIZE at a time with the names its
// rows need loaded per page: memory follows the page, not the export.
// Who may ask is the API's rule for the same list (server/http/exports.ts).
import type { Viewer } from '../auth/viewer.ts';
import type { AuditEventDoc } from '../../models/audit-event.ts';
import type { BookingDoc } from '../../models/booking.ts';
import type { AgreementDoc } from '../../models/agreement.ts';
import type { Terms } from '../agreements/agreement-terms.ts';
import { MAX_PAGE_SIZE, type Page, type PageArgs } from '../pagination.ts';
import { listBookings, type BookingFilter } from './bookings.ts';
import { currentTerms, listAgreements, type AgreementFilter } from './agreements.ts';
import { listAuditEvents, type AuditEventFilter } from './audit-log.ts';
import { councilLedger, poolLedger, type Period } from './ledger.ts';
import { poolDemand, type DemandWeek } from './pool-demand.ts';
import { councilsByIds } from './councils.ts';
import { directoryEntriesByIds } from './practitioners.ts';
import { projectsByIds } from './projects.ts';
import { roleFamiliesByIds, roleLevelsByIds } from './ddat.ts';
import type { CouncilBalance } from '../ledger/ledger.ts';

/** Every node of a paged list, page after page (each page read only when the last is written). */
export async function* everyPage<T>(list: (page: PageArgs) => Promise<Page<T>>): AsyncGenerator<T[]> {
  let after: string | null = null;
  for (;;) {
    const page: Page<T> = await list({ first: MAX_PAGE_SIZE, after });
    if (page.nodes.length) yield page.nodes;
    if (!page.hasNextPage || !page.endCursor) return;
    after = page.endCursor;
  }
}

const idsOf = (xs: readonly unknown[]) => [...new Set(xs.map(String))];
const byId = <T>(ids: readonly string[], docs: readonly (T | null)[]) => new Map(ids.map((id, i) => [id, docs[i] ?? null]));

/** Names for a page of placements: people (directory fields only), projects, councils. */
async function namesFor(rows: readonly { practitionerId: unknown; projectId: unknown; homeCouncilId: string; hostCouncilIds: string[] }[]) {
  const people = idsOf(rows.map((r) => r.practitionerId));
  const projects = idsOf(rows.map((r) => r.projectId));
  const councils = idsOf(rows.flatMap((r) => [r.homeCouncilId, ...r.hostCouncilIds]));
  const [p, j, c] = await Promise.all([directoryEntriesByIds(people), projectsByIds(projects), councilsByIds(councils)]);
  const levelIds = idsOf(p.flatMap((x) => (x?.roleLevelId ? [x.roleLevelId] : [])));
  const levels = byId(levelIds, await roleLevelsByIds(levelIds));
  const person = byId(people, p);
  const project = byId(projects, j);
  const council = byId(councils, c);
  const councilName = (id: string) => council.get(id)?.name ?? id;
  return {
    person: (id: unknown) => person.get(String(id)),
    roleLevel: (id: unknown) => {
      const levelId = person.get(String(id))?.roleLevelId;
      return levelId ? (levels.get(levelId)?.name ?? levelId) : null;
    },
    projectTitle: (id: unknown) => project.get(String(id))?.title ?? null,
    councilNames: (ids: readonly string[]) => ids.map(councilName).join('; '),
  };
}

export interface BookingRow {
  booking: BookingDoc;
  practitionerName: string | null;
  roleLevel: string | null;
  projectTitle: string | null;
  homeCouncil: string;
  hostCouncils: string;
}

export async function* bookingRows(viewer: Viewer, filter: BookingFilter): AsyncGenerator<BookingRow> {
  for await (const page of everyPage((p) => listBookings(viewer, filter, p))) {
    const n = await namesFor(page);
    for (const b of page) {
      yield {
        booking: b,
        practitionerName: n.person(b.practitionerId)?.name ?? null,
        roleLevel: n.roleLevel(b.practitionerId),
        projectTitle: n.projectTitle(b.projectId),
        homeCouncil: n.councilNames([b.homeCouncilId]),
        hostCouncils: n.councilNames(b.hostCouncilIds),
      };
    }
  }
}

export interface AgreementRow {
  agreement: AgreementDoc;
  terms: Terms;
  practitionerName: string | null;
  projectTitle: string | null;
  homeCouncil: string;
  hostCouncils: string;
}

export async function* agreementRows(viewer: Viewer, filter: AgreementFilter): AsyncGenerator<AgreementRow> {
  for await (const page of everyPage((p) => listAgreements(viewer, filter, p))) {
    const n = await namesFor(page);
    for (const a of page) {
      yield {
        agreement: a,
        terms: currentTerms(a),
        practitionerName: n.person(a.practitionerId)?.name ?? null,
        projectTitle: n.projectTitle(a.projectId),
        homeCouncil: n.councilNames([a.homeCouncilId]),
        hostCouncils: n.councilNames(a.hostCouncilIds),
      };
    }
  }
}

export async function* auditRows(viewer: Viewer, filter: AuditEventFilter): AsyncGenerator<AuditEventDoc> {
  for await (const page of everyPage((p) => listAuditEvents(viewer, filter, p))) yield* page;
}

export interface LedgerRow extends CouncilBalance {
  councilName: string;
  from: string;
  to: string;
  poolId: string | null;
}

/** A pool's ledger, a row per council; or one council's row (across pools, or one pool's). */
export async function ledgerRows(viewer: Viewer, scope: { poolId?: string | null; councilId?: string | null }, period: Period): Promise<LedgerRow[]> {
  const rows = scope.councilId
    ? [await councilLedger(viewer, scope.councilId, period, scope.poolId)]
    : await poolLedger(scope.poolId!, period).then((l) => l.councils.map((c) => ({ ...c, from: l.from, to: l.to, poolId: l.poolId })));
  const names = byId(
    rows.map((r) => r.councilId),
    await councilsByIds(rows.map((r) => r.councilId)),
  );
  return rows.map((r) => ({ ...r, councilName: names.get(r.councilId)?.name ?? r.councilId }));
}

export interface CapacityRow extends DemandWeek {
  poolId: string;
  /** A DDaT role family's id and name, or null for the pool's total. */
  familyId: string | null;
  familyName: string | null;
  /** A role level of that family, or null for the family's (or the pool's) total. */
  roleLevelId: string | null;
  roleLevelName: string | null;
  practitionerCount: number;
}

/** A pool's demand against supply per ISO week: the pool's totals, then each role family's followed by its role levels'. */
export async function capacityRows(poolId: string, from: string, to: string): Promise<CapacityRow[]> {
  const d = await poolDemand(poolId, from, to);
  const familyIds = d.families.map((f) => f.familyId);
  const levelIds = d.families.flatMap((f) => f.levels.map((l) => l.roleLevelId));
  const [families, levels] = [byId(familyIds, await roleFamiliesByIds(familyIds)), byId(levelIds, await roleLevelsByIds(levelIds))];
  const none = { familyId: null, familyName: null, roleLevelId: null, roleLevelName: null };
  return [
    ...d.weeks.map((w) => ({ ...w, ...none, poolId, practitionerCount: d.practitionerCount })),
    ...d.families.flatMap((f) => {
      const family = { familyId: f.familyId, familyName: families.get(f.familyId)?.name ?? f.familyId };
      return [
        ...f.weeks.map((w) => ({ ...w, ...none, ...family, poolId, practitionerCount: f.practitionerCount })),
        ...f.levels.flatMap((l) =>
          l.weeks.map((w) => ({ ...w, ...family, roleLevelId: l.roleLevelId, roleLevelName: levels.get(l.roleLevelId)?.name ?? l.roleLevelId, poolId, practitionerCount: l.practitionerCount })),
        ),
      ];
    }),
  ];
}
