import type { CsvFileName } from "../../src/csv/columns.ts";
import type { ProblemList } from "./problems.ts";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const MAX_ID = 255;

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * Dates found valid so far: a file repeats a few (every enrollment of a term has the same beginDate and endDate), and
 * parsing each of 1.8 million again cost 1.3 s of a large import. Emptied when it gets large.
 */
const validDates = new Set<string>();
const VALID_DATES_KEPT = 4096;

/** A calendar date as the binding writes it (YYYY-MM-DD), and a real one: no 2026-02-30. */
export function isDate(value: string): boolean {
  if (validDates.has(value)) return true;
  const parts = DATE.exec(value);
  if (!parts) return false;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month))) return false;
  if (validDates.size >= VALID_DATES_KEPT) validDates.clear();
  validDates.add(value);
  return true;
}

/** dateLastModified: an ISO 8601 date or date-time (it is checked, not kept: the database stamps its own). */
export function isDateTime(value: string): boolean {
  return DATE_TIME.test(value) && isDate(value.slice(0, 10)) && !Number.isNaN(Date.parse(value));
}

const quoted = (value: string) => JSON.stringify(value);

/**
 * Reads the cells of one row by column name and checks them, adding a problem (file, line, column, why) for each bad
 * cell; `ok` says whether the row had none. One reader serves all rows of a file (set `cells` and `line`).
 */
export class RowReader {
  cells: string[] = [];
  line = 0;
  ok = true;

  constructor(
    readonly file: CsvFileName,
    private readonly index: ReadonlyMap<string, number>,
    private readonly problems: ProblemList,
  ) {}

  start(line: number, cells: string[]): void {
    this.line = line;
    this.cells = cells;
    this.ok = true;
  }

  fail(column: string, why: string): void {
    this.ok = false;
    this.problems.add({ file: `${this.file}.csv`, line: this.line, column, why });
  }

  /** The header name of a column index. */
  columnName(index: number): string {
    for (const [name, i] of this.index) if (i === index) return name;
    return `(column ${index + 1})`;
  }

  raw(column: string): string {
    return this.cells[this.index.get(column)!] ?? "";
  }

  /** An optional text: empty is null. */
  text(column: string): string | null {
    const value = this.raw(column);
    return value === "" ? null : value;
  }

  required(column: string): string {
    const value = this.raw(column);
    if (value.trim() === "") this.fail(column, "required, but empty");
    return value;
  }

  optionalId(column: string): string | null {
    const value = this.raw(column).trim();
    if (value === "") return null;
    if (value.length > MAX_ID) this.fail(column, `longer than ${MAX_ID} characters`);
    return value;
  }

  id(column: string): string {
    const value = this.optionalId(column);
    if (value === null) this.fail(column, "required, but empty");
    return value ?? "";
  }

  oneOf<T extends string>(column: string, values: readonly T[], required: true): T;
  oneOf<T extends string>(column: string, values: readonly T[], required: false): T | null;
  oneOf<T extends string>(column: string, values: readonly T[], required: boolean): T | null {
    const value = this.raw(column);
    if (value === "") {
      if (required) this.fail(column, `required, but empty (one of ${values.join(", ")})`);
      return null;
    }
    if (!(values as readonly string[]).includes(value)) this.fail(column, `${quoted(value)} is not one of ${values.join(", ")}`);
    return value as T;
  }

  date(column: string, required = false): string | null {
    const value = this.raw(column);
    if (value === "") {
      if (required) this.fail(column, "required, but empty (a date, YYYY-MM-DD)");
      return null;
    }
    if (!isDate(value)) this.fail(column, `${quoted(value)} is not a date (YYYY-MM-DD)`);
    return value;
  }

  bool(column: string, required = false): boolean | null {
    const value = this.raw(column);
    if (value === "true") return true;
    if (value === "false") return false;
    if (value !== "" || required) this.fail(column, value === "" ? "required, but empty (true or false)" : `${quoted(value)} is not true or false`);
    return null;
  }

  /** A comma-separated list; empty is none, an empty item is a mistake. */
  list(column: string): string[] {
    const value = this.raw(column);
    if (value === "") return [];
    const items = value.split(",");
    if (items.some((item) => item.trim() === "")) this.fail(column, `${quoted(value)} has an empty item`);
    return items;
  }

  /** A list of sourcedIds, with at least `min` of them. */
  idList(column: string, min = 0): string[] {
    const value = this.raw(column);
    const items = value === "" ? [] : value.split(",").map((item) => item.trim());
    if (items.length < min) this.fail(column, `required, but empty (at least ${min} sourcedId)`);
    else if (items.some((item) => item === "")) this.fail(column, `${quoted(value)} has an empty sourcedId`);
    else if (items.some((item) => item.length > MAX_ID)) this.fail(column, `a sourcedId is longer than ${MAX_ID} characters`);
    return items;
  }
}
