import type { GlobalPosition } from './port.ts';
import { invalidInput } from './errors.ts';

export const START: GlobalPosition = Object.freeze({ transaction: -1n, sequence: -1n });

export function comparePositions(a: GlobalPosition, b: GlobalPosition): number {
  if (a.transaction !== b.transaction) return a.transaction < b.transaction ? -1 : 1;
  if (a.sequence !== b.sequence) return a.sequence < b.sequence ? -1 : 1;
  return 0;
}

/** A checkpoint as text, e.g. for a database column: "transaction/sequence". */
export function formatPosition(position: GlobalPosition): string {
  return `${position.transaction}/${position.sequence}`;
}

export function parsePosition(text: string): GlobalPosition {
  const match = /^(-?\d+)\/(-?\d+)$/.exec(text);
  if (!match) throw invalidInput(`Not a position: "${text}"`);
  return { transaction: BigInt(match[1]!), sequence: BigInt(match[2]!) };
}
