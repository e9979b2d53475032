import { parseIdentityNumber } from "../../src/model/personnummer.ts";
import type { Problem } from "../mapped-file/file-error.ts";
import type { Roster } from "../mapped-file/roster.ts";
import { personRef } from "./person-keys.ts";
import type { UnikumRow } from "./rows.ts";

/** Columns per object row type, the row type included. */
export const OBJECT_WIDTHS = { user: 19, class: 7, school: 15 } as const;

/** What the object rows say beyond the roster, for the relations and the grades. */
export interface ObjectIndex {
  /** Temporary number → the person's key; null when two rows share it or the person has no key. */
  temporary: Map<string, string | null>;
  /** Person key → the årskurs column as written. */
  schoolYears: Map<string, string>;
  /** School key → its skolform code. */
  schoolForms: Map<string, string>;
  /** Classes (by key) and their rows' skolform. */
  classes: Set<string>;
}

export function emptyObjectIndex(): ObjectIndex {
  return { temporary: new Map(), schoolYears: new Map(), schoolForms: new Map(), classes: new Set() };
}

/** Adds a user, class or school row to the roster, or problems (file:line: column: why) when it is wrong. */
export function readObjectRow(row: UnikumRow & { type: keyof typeof OBJECT_WIDTHS }, roster: Roster, index: ObjectIndex, problems: Problem[]): void {
  const width = OBJECT_WIDTHS[row.type];
  const fail = (column: string, why: string): void => void problems.push({ file: row.file, line: row.line, column, why });
  if (row.cells.length !== width) return fail("(row)", `a ${row.type} row has ${width} columns, this one ${row.cells.length}`);
  const cell = (n: number) => (row.cells[n - 1] ?? "").trim();
  const required = (n: number, name: string) => {
    const value = cell(n);
    if (value === "") fail(`${n} ${name}`, "required, but empty");
    return value;
  };
  switch (row.type) {
    case "school": {
      const key = required(1, "Externt ID");
      const name = required(3, "Namn");
      if (key && name) {
        roster.addSchool({ key, name, code: cell(2) || null });
        if (cell(4)) index.schoolForms.set(key, cell(4));
      }
      return;
    }
    case "class": {
      const key = required(1, "Externt ID");
      const name = required(2, "Namn");
      if (key && name) {
        roster.addGroup({ key, name, schoolKey: undefined, kind: "scheduled", subject: null });
        index.classes.add(key);
      }
      return;
    }
    case "user":
      return readUser(row, cell, required, fail, roster, index);
  }
}

function readUser(
  row: UnikumRow,
  cell: (n: number) => string,
  required: (n: number, name: string) => string,
  fail: (column: string, why: string) => void,
  roster: Roster,
  index: ObjectIndex,
): void {
  const givenName = required(1, "Förnamn");
  const familyName = required(2, "Efternamn");
  const number = required(4, "Personnummer");
  const email = cell(3) || null;
  if (email !== null && !/^[^\s@]+@[^\s@]+$/.test(email)) fail("3 E-post", `${JSON.stringify(email)} is not an e-mail address`);
  if (!givenName || !familyName || !number) return;
  const ref = personRef(number);
  if (ref.kind === "invalid") return fail("4 Personnummer", ref.why);
  let key: string | undefined;
  if (ref.kind === "key") key = ref.key;
  else {
    // A temporary number is no key: the person is keyed by e-mail, and the number only finds them within the files.
    key = email ? `email:${email.toLowerCase()}` : undefined;
    index.temporary.set(ref.number, index.temporary.has(ref.number) ? null : (key ?? null));
    if (!key) {
      roster.counts.withoutStableKey++;
      return;
    }
  }
  const parsed = parseIdentityNumber(number);
  roster.addPerson({
    key,
    givenName,
    familyName,
    email,
    phone: cell(6) || cell(8) || null,
    sms: cell(7) || null,
    identityNumber: parsed ? { kind: parsed.kind, value: parsed.normalized } : null,
    role: cell(16) ? "student" : "guardian",
  });
  if (cell(16)) index.schoolYears.set(key, cell(16));
}
