// The service navigation, by role. A page's area adds its entry here once the
// page exists (never link to a page that does not).
import type { UserRole } from '../../models/user.ts';
import type { Viewer } from '../auth/viewer.ts';

export interface NavigationEntry {
  href: string;
  text: string;
  /** Who sees it; leave out for everyone signed in. */
  roles?: readonly UserRole[];
}

export const NAVIGATION: readonly NavigationEntry[] = [
  { href: '/', text: 'Home' },
  { href: '/profile', text: 'Profile', roles: ['PRACTITIONER'] },
  { href: '/bookings', text: 'Bookings', roles: ['PRACTITIONER'] },
  { href: '/calendar', text: 'Calendar feed', roles: ['PRACTITIONER'] },
  { href: '/pool', text: 'Pool dashboard', roles: ['PROGRAMME_LEAD'] },
  { href: '/pool/plans', text: 'Plans', roles: ['PROGRAMME_LEAD'] },
  { href: '/pool/agreements', text: 'Agreements', roles: ['PROGRAMME_LEAD'] },
  { href: '/pool/ledger', text: 'Ledger', roles: ['PROGRAMME_LEAD'] },
  { href: '/pool/contracts', text: 'Contracts', roles: ['PROGRAMME_LEAD'] },
  { href: '/projects', text: 'Projects', roles: ['COUNCIL_REQUESTER'] },
  { href: '/agreements', text: 'Agreements', roles: ['COUNCIL_REQUESTER'] },
  { href: '/ledger', text: 'Ledger', roles: ['COUNCIL_REQUESTER'] },
  { href: '/account', text: 'Your account' },
];

export const ROLE_NAMES: Readonly<Record<UserRole, string>> = {
  ADMIN: 'Admin',
  PROGRAMME_LEAD: 'Programme lead',
  COUNCIL_REQUESTER: 'Council requester',
  PRACTITIONER: 'Practitioner',
};

/** Items for govukServiceNavigation: the viewer's entries, the current one marked. */
export function navigationFor(viewer: Viewer | null, currentPath: string, entries: readonly NavigationEntry[] = NAVIGATION) {
  if (!viewer) return [];
  const mine = entries.filter((e) => !e.roles || e.roles.includes(viewer.role));
  // The closest section is the active one: /pool/plans/x is Plans, not also /pool.
  const within = (e: NavigationEntry) => currentPath === e.href || (e.href !== '/' && currentPath.startsWith(`${e.href}/`));
  const section = mine.filter(within).sort((a, b) => b.href.length - a.href.length)[0];
  return mine.map((e) => ({ href: e.href, text: e.text, active: e === section, current: currentPath === e.href }));
}
