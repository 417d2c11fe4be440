/** The center's reads need nothing from the request. */
export type CenterContext = Record<string, never>;
