/** The injected province format (HOTLINE_FORMAT setting → formats/reference.format.ts HOTLINE_FORMATS). */
export const HOTLINE_FORMAT = Symbol('HOTLINE_FORMAT');
