// Database ids as clients send them. Exactly 24 hex digits: mongoose's
// isValidObjectId also accepts any 12-character string, which would let
// "not-an-id-xx" through as an id.
export const OBJECT_ID = /^[0-9a-f]{24}$/i;

export const isObjectIdString = (s: unknown): s is string => typeof s === 'string' && OBJECT_ID.test(s);
