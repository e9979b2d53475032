import { basename } from "node:path";
import { parseIdentityNumber } from "../../src/model/personnummer.ts";
import { formatProblem, type Problem } from "./file-error.ts";
import { gradeOfSchoolYear } from "./grades.ts";
import { MappedRecordReader } from "./mapped-records.ts";
import { ROSTER_ROLES, type Mapping, type RecordSet } from "./mapping.ts";
import { readRecordSets } from "./read.ts";
import { Roster } from "./roster.ts";
import type { SourceRecord } from "./source-record.ts";

const COLUMNS = ["#", "at", "key", "personnummer", "givenName", "familyName", "email", "role", "school", "grade", "class", "groups"] as const;
type Column = (typeof COLUMNS)[number];

/**
 * How the first rows of a file map, for onboarding a customer file: per record set a table of the canonical fields
 * each record gives (personnummer shown as its date only; a protected person's record shows nothing but that it is
 * left out), then every problem of the rows shown (file:line or XML path: field: why).
 */
export async function checkMapping(path: string, mapping: Mapping, rows: number): Promise<{ lines: string[]; problems: number }> {
  const lines = [`mapping ${mapping.name}${mapping.description ? `: ${mapping.description}` : ""}`];
  if (mapping.toBeConfirmed) lines.push("  TO BE CONFIRMED with a customer file: compare every column below with the file");
  const fileProblems: Problem[] = [];
  const sets = await readRecordSets(path, mapping, fileProblems);
  const problems: Problem[] = [...fileProblems];
  const reader = new MappedRecordReader(mapping, basename(path), new Roster(), problems);
  for (const [i, { set, records }] of sets.entries()) {
    const shown = records.slice(0, rows);
    const where = set.path ?? set.sheet ?? basename(path);
    lines.push("", `record set ${i + 1} of ${sets.length} (${where}, role ${set.role ?? `from ${set.fields.role}`}): ${records.length} record(s)${records.length > shown.length ? `, first ${shown.length} shown` : ""}`);
    if (shown.length === 0) continue;
    lines.push(...table(shown.map((record, n) => cellsOf(record, set, mapping, n + 1))));
    for (const record of shown) reader.read(record, set);
  }
  lines.push("");
  if (problems.length === 0) lines.push("no problems in the rows shown");
  else lines.push(`${problems.length} problem(s):`, ...problems.map((p) => `  ${formatProblem(p)}`));
  return { lines, problems: problems.length };
}

function cellsOf(record: SourceRecord, set: RecordSet, mapping: Mapping, n: number): Record<Column, string> {
  const { fields } = set;
  const first = (ref: string | undefined) => (ref === undefined ? "" : (record.values(ref)[0] ?? ""));
  const at = record.where || `line ${record.line}`;
  const protectedValues = new Set(mapping.values.protected.map((v) => v.trim().toLowerCase()));
  const blank = Object.fromEntries(COLUMNS.map((c) => [c, ""])) as Record<Column, string>;
  if (fields.protected !== undefined && protectedValues.has(first(fields.protected).toLowerCase())) {
    return { ...blank, "#": String(n), at, key: "protected identity: left out" };
  }
  const number = first(fields.personnummer);
  const parsed = number ? parseIdentityNumber(number) : undefined;
  const id = first(fields.personId);
  const email = first(fields.email);
  const key = id ? `id ${id}` : parsed?.kind === "temporary" ? (email ? "e-mail (temporary number)" : "none: left out") : parsed ? parsed.kind : "?";
  const roleValue = first(fields.role);
  const role = set.role ?? ROSTER_ROLES.find((r) => (mapping.values.roles[r] ?? []).some((v) => v.trim().toLowerCase() === roleValue.toLowerCase())) ?? (roleValue ? `? ${roleValue}` : "?");
  const grade = role === "student" && first(fields.grade) ? (gradeOfSchoolYear(first(fields.grade), first(fields.schoolType) || undefined) ?? `? ${first(fields.grade)}`) : "";
  return {
    "#": String(n),
    at,
    key,
    personnummer: number === "" ? "" : parsed ? `${parsed.normalized.slice(0, 8)}-****${parsed.kind === "temporary" ? " (temporary)" : ""}` : `? invalid`,
    givenName: first(fields.givenName),
    familyName: first(fields.familyName),
    email,
    role,
    school: [first(fields.school), first(fields.schoolName), first(fields.schoolCode)].filter((v, i, all) => v !== "" && all.indexOf(v) === i).join(" / "),
    grade,
    class: first(fields.class),
    groups: fields.groups === undefined ? "" : record.values(fields.groups).join(", "),
  };
}

/** Columns padded to their widest cell; columns empty in every row are left out. */
function table(rows: Array<Record<Column, string>>): string[] {
  const columns = COLUMNS.filter((c) => c === "#" || rows.some((r) => r[c] !== ""));
  const width = new Map(columns.map((c) => [c, Math.max(c.length, ...rows.map((r) => r[c].length))]));
  const line = (cells: (c: Column) => string) => columns.map((c) => cells(c).padEnd(width.get(c)!)).join("  ").trimEnd();
  return [line((c) => c), line((c) => "-".repeat(width.get(c)!)), ...rows.map((r) => line((c) => r[c]))];
}
