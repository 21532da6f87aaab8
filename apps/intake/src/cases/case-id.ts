/** Whether `id` can be a stored id (a UUID): anything else is "not found" before it reaches SQL, never a 500. */
export const isStoredId = (id: unknown): id is string => typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id);
