import type { ColumnTypes } from "./column-types.ts";

/**
 * Rows in PostgreSQL's COPY text format (tab between columns, a line per row, `\N` for NULL), each value written as
 * its column's type reads it: arrays as array literals, json/jsonb as JSON text, the rest as text. A missing or
 * undefined value is NULL, as json_populate_recordset makes it.
 */
export function copyText(rows: readonly Record<string, unknown>[], columns: readonly string[], types: ColumnTypes): string {
  const encoders = columns.map((column) => encoderFor(types.get(column)));
  let out = "";
  for (const row of rows) {
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) out += "\t";
      const value = row[columns[i]!];
      out += value === null || value === undefined ? "\\N" : escapeCopy(encoders[i]!(value));
    }
    out += "\n";
  }
  return out;
}

type Encoder = (value: unknown) => string;

function encoderFor(type: string | undefined): Encoder {
  if (type === undefined) return scalar;
  if (type === "json" || type === "jsonb") return (value) => JSON.stringify(value);
  if (type.startsWith("_")) return arrayLiteral;
  return scalar;
}

function scalar(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** `{"a","b \"c\"",NULL}`: every element quoted, so commas, braces, spaces and the word NULL stay text. */
function arrayLiteral(value: unknown): string {
  if (!Array.isArray(value)) throw new TypeError(`an array column was given ${typeof value}`);
  let out = "{";
  for (let i = 0; i < value.length; i++) {
    if (i > 0) out += ",";
    const element: unknown = value[i];
    out += element === null || element === undefined ? "NULL" : `"${scalar(element).replace(/[\\"]/g, "\\$&")}"`;
  }
  return `${out}}`;
}

const SPECIAL = /[\\\n\r\t]/;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** Backslash, tab, newline and carriage return are the only characters COPY's text format reads specially. */
function escapeCopy(text: string): string {
  return SPECIAL.test(text) ? text.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c]!) : text;
}
