import { readFile } from "node:fs/promises";
import { delimitedRecords, DelimitedTextError, type Delimiter, type TextRecord } from "../mapped-file/delimited-text.ts";
import type { Problem } from "../mapped-file/file-error.ts";
import { decodeText, TextDecodingError } from "../mapped-file/text-decoding.ts";
import type { UnikumSettings } from "./settings.ts";

export const OBJECT_ROW_TYPES = ["user", "class", "school"] as const;
export const RELATION_TYPES = [
  "school_in_org",
  "class_in_school",
  "student_in_school",
  "staff_in_school",
  "student_in_class",
  "teacher_in_class",
  "mentor_for",
  "guardian_for",
  "external_user_in_school",
  "administrator_for",
] as const;
export type ObjectRowType = (typeof OBJECT_ROW_TYPES)[number];
export type RelationType = (typeof RELATION_TYPES)[number];

/** A row of an import file: where it is, its fields, and its row type (the last field). */
export interface UnikumRow extends TextRecord {
  file: string;
  type: string;
}

const DELIMITERS: Record<Exclude<UnikumSettings["delimiter"], "auto">, Delimiter> = { tab: "\t", semicolon: ";", comma: "," };
const ROW_TYPES = new Set<string>([...OBJECT_ROW_TYPES, ...RELATION_TYPES]);

/**
 * Every row of one Unikum import file, decoded (UTF-8, ISO-8859-1 or UTF-16 with BOM) and split on its delimiter.
 * A file that cannot be read as text or rows gives one problem and no rows.
 */
export async function readUnikumRows(path: string, name: string, settings: Pick<UnikumSettings, "encoding" | "delimiter">, problems: Problem[]): Promise<UnikumRow[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    problems.push({ file: name, line: 0, column: "(file)", why: (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String(error) });
    return [];
  }
  try {
    const { text } = decodeText(bytes, settings.encoding);
    const delimiter = settings.delimiter === "auto" ? detectDelimiter(text) : DELIMITERS[settings.delimiter];
    return delimitedRecords(text, delimiter).map((record) => ({ ...record, file: name, type: (record.cells.at(-1) ?? "").trim().toLowerCase() }));
  } catch (error) {
    if (error instanceof TextDecodingError || error instanceof DelimitedTextError) {
      problems.push({ file: name, line: error.line, column: "(file)", why: error.why });
      return [];
    }
    throw error;
  }
}

/** The delimiter (tab first) that makes the first row's last field a row type. */
function detectDelimiter(text: string): Delimiter {
  const first = text.split(/\r?\n/).find((line) => line.trim() !== "") ?? "";
  for (const delimiter of ["\t", ";", ","] as const) {
    if (ROW_TYPES.has(first.split(delimiter).at(-1)!.trim().replace(/^"|"$/g, "").toLowerCase())) return delimiter;
  }
  throw new DelimitedTextError(1, "cannot tell the delimiter: split on tab, semicolon or comma, the row's last field is no row type (user, class, school or a relation)");
}
