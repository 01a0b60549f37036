// Builds the executable schema from the SDL files (one per area) and the
// resolver maps (one per area).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { DateTimeResolver, JSONResolver, LocalDateResolver } from 'graphql-scalars';
import { referenceResolvers } from './resolvers/reference.ts';
import { userResolvers } from './resolvers/users.ts';
import { projectResolvers } from './resolvers/projects.ts';
import { practitionerResolvers } from './resolvers/practitioners.ts';
import { centralContractResolvers } from './resolvers/central-contracts.ts';
import { bookingResolvers } from './resolvers/bookings.ts';
import { agreementResolvers } from './resolvers/agreements.ts';
import { ledgerResolvers } from './resolvers/ledger.ts';
import { calendarFeedResolvers } from './resolvers/calendar-feeds.ts';
import { auditResolvers } from './resolvers/audit.ts';
import { matchingResolvers } from './resolvers/matching.ts';
import { decisionResolvers } from './resolvers/decisions.ts';
import { poolDemandResolvers } from './resolvers/pool-demand.ts';
import { similarProjectResolvers } from './resolvers/similar-projects.ts';
import { notificationResolvers } from './resolvers/notifications.ts';
import { rechargeResolvers } from './resolvers/recharges.ts';
import { applyPermissions } from './permissions.ts';
import { permissionRules } from './permission-rules.ts';
import { stopWhenClientGone } from './request-abort.ts';
import { freshAfterWrites } from './fresh-after-writes.ts';

const SCHEMA_DIR = path.join(import.meta.dirname, 'schema');

export function loadTypeDefs(): string[] {
  return readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .sort((a, b) => (a === 'base.graphql' ? -1 : b === 'base.graphql' ? 1 : a.localeCompare(b)))
    .map((f) => readFileSync(path.join(SCHEMA_DIR, f), 'utf8'));
}

export const API_VERSION = '0.1.0';

export function buildSchema() {
  const schema = makeExecutableSchema({
    typeDefs: loadTypeDefs(),
    resolvers: [
      { LocalDate: LocalDateResolver, DateTime: DateTimeResolver, JSON: JSONResolver, Query: { apiVersion: () => API_VERSION } },
      referenceResolvers,
      userResolvers,
      projectResolvers,
      practitionerResolvers,
      centralContractResolvers,
      bookingResolvers,
      agreementResolvers,
      ledgerResolvers,
      calendarFeedResolvers,
      auditResolvers,
      matchingResolvers,
      decisionResolvers,
      poolDemandResolvers,
      similarProjectResolvers,
      notificationResolvers,
      rechargeResolvers,
    ],
    inheritResolversFromInterfaces: true,
  });
  // Outermost: once the client has gone, no field runs (not even its permission rule).
  return stopWhenClientGone(applyPermissions(freshAfterWrites(schema), permissionRules));
}
