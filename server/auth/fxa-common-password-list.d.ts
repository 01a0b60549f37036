// Types for fxa-common-password-list (Mozilla's, MPL-2.0, ships none): the
// 50,000 most common passwords of 8 characters or more from a public
// 10-million-password study, checked by exact match.
declare module 'fxa-common-password-list' {
  const commonPasswords: { test(password: string): boolean };
  export default commonPasswords;
}
