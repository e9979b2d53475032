import { InvalidArgumentError } from "commander";

/** A non-negative whole number option. */
export function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`"${value}" is not a whole number`);
  return Number.parseInt(value, 10);
}

/** A tenant id as the tenants table allows it. */
export function parseTenantId(value: string): string {
  if (!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(value)) {
    throw new InvalidArgumentError(`"${value}" is not a tenant id (lowercase letters, digits, - and _, at most 63)`);
  }
  return value;
}

/** A comma-separated list option, blanks dropped. */
export function commaList(value: string): string[] {
  return value.split(",").map((item) => item.trim()).filter(Boolean);
}
