const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids in paths and bodies are checked before they reach SQL, so a malformed one is a 404/422, never a 500. */
export const isUuidLike = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
