import { parseIdentityNumber } from "../../src/model/personnummer.ts";

export type PersonRef =
  | { kind: "key"; key: string }
  /** A temporary number: a person only through the file's user row that carries it. */
  | { kind: "temporary"; number: string }
  | { kind: "invalid"; why: string };

/**
 * What the personnummer column (or a relation's person field) names: a real personnummer or samordningsnummer is a
 * key; a temporary number (e.g. 20130101-TF01) never is; digits that fail the date or check digit are an error;
 * anything else is an alternative id ("eller alternativt ID").
 */
export function personRef(value: string): PersonRef {
  const parsed = parseIdentityNumber(value);
  if (parsed?.kind === "temporary") return { kind: "temporary", number: parsed.normalized };
  if (parsed) return { kind: "key", key: `pnr:${parsed.normalized}` };
  if (/^[\d\s+-]+$/.test(value)) return { kind: "invalid", why: `${masked(value)} is not a valid personnummer (date or check digit)` };
  return { kind: "key", key: `id:${value}` };
}

/** A personnummer for a message: the date part only, never the whole number. */
export function masked(value: string): string {
  const digits = value.replace(/\D/g, "");
  return digits.length >= 6 ? `${value.trim().slice(0, value.trim().length - 4)}****` : JSON.stringify(value);
}
