import { timingSafeEqual } from "node:crypto";

/** Whether a presented secret or signature equals the expected one, in time that does not reveal where they differ. */
export function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
