/** Totalling's reads need nothing from the request. */
export type TotallingContext = Record<string, never>;
