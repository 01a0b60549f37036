// The rule for every root operation, in one table (see permissions.ts for the
// rule vocabulary). Reference data is public; everything else needs a
// signed-in user with the right role and scope.
import { allowAnyone, isAdmin, signedIn, type PermissionMap } from './permissions.ts';

export const permissionRules: PermissionMap = {
  Query: {
    apiVersion: allowAnyone,
    council: allowAnyone,
    councils: allowAnyone,
    roleFamilies: allowAnyone,
    roleFamily: allowAnyone,
    roles: allowAnyone,
    role: allowAnyone,
    roleLevels: allowAnyone,
    roleLevel: allowAnyone,
    skills: allowAnyone,
    skill: allowAnyone,
    bankHolidays: allowAnyone,
    me: signedIn,
    users: isAdmin,
    pools: signedIn,
    pool: signedIn,
  },
  Mutation: {
    login: allowAnyone,
    createUser: isAdmin,
    createPool: isAdmin,
    setPoolFootprint: isAdmin,
  },
};
