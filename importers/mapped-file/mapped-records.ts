import { parseIdentityNumber } from "../../src/model/personnummer.ts";
import type { Problem } from "./file-error.ts";
import { gradeOfSchoolYear } from "./grades.ts";
import { ROSTER_ROLES, type MappedField, type Mapping, type RecordSet } from "./mapping.ts";
import type { Roster, RosterRole } from "./roster.ts";
import type { SourceRecord } from "./source-record.ts";

/** How each mapped record of a set is read (problems name file, line or XML path, and the field). */
export class MappedRecordReader {
  readonly #roles = new Map<string, RosterRole>();
  readonly #protected: Set<string>;

  constructor(
    readonly mapping: Mapping,
    readonly file: string,
    readonly roster: Roster,
    readonly problems: Problem[],
  ) {
    for (const role of ROSTER_ROLES) for (const value of mapping.values.roles[role] ?? []) this.#roles.set(value.trim().toLowerCase(), role);
    this.#protected = new Set(mapping.values.protected.map((v) => v.trim().toLowerCase()));
  }

  /** Adds the person, their school, class and groups to the roster; a protected person only to the count. */
  read(record: SourceRecord, set: RecordSet): void {
    const { fields } = set;
    const first = (field: MappedField) => {
      const ref = fields[field];
      return ref === undefined ? "" : (record.values(ref)[0] ?? "");
    };
    const fail = (field: MappedField, why: string) =>
      this.problems.push({ file: this.file, line: record.line, column: record.where ? `${record.where}/${fields[field]}` : `${fields[field]} (${field})`, why });

    if (this.isProtected(record, set)) {
      // Dropped before anything else is looked at; the key only lets later links to them be dropped too.
      this.roster.addProtected(this.#personKey(record, set, first, () => {}) ?? undefined);
      return;
    }
    const key = this.#personKey(record, set, first, fail);
    const givenName = first("givenName");
    const familyName = first("familyName");
    const schoolKey = first("school");
    if (!givenName) fail("givenName", "required, but empty");
    if (!familyName) fail("familyName", "required, but empty");
    if (!schoolKey) fail("school", "required, but empty");
    const roleValue = first("role");
    const role = set.role ?? this.#roles.get(roleValue.toLowerCase());
    if (!role) fail("role", roleValue === "" ? "required, but empty" : `${JSON.stringify(roleValue)} is no role the mapping knows (values.roles)`);
    const email = first("email") || null;
    if (email !== null && !/^[^\s@]+@[^\s@]+$/.test(email)) fail("email", `${JSON.stringify(email)} is not an e-mail address`);
    if (key === undefined || !givenName || !familyName || !schoolKey || !role) return;
    if (key === null || this.roster.protectedKeys.has(key)) return;

    this.roster.addSchool({ key: schoolKey, name: first("schoolName") || schoolKey, code: first("schoolCode") || null });
    const number = first("personnummer");
    const parsed = number ? parseIdentityNumber(number) : undefined;
    const grade = role === "student" && first("grade") ? gradeOfSchoolYear(first("grade"), first("schoolType") || undefined) : undefined;
    this.roster.addPerson({
      key,
      givenName,
      familyName,
      email,
      phone: first("phone") || null,
      sms: first("mobile") || null,
      identityNumber: parsed ? { kind: parsed.kind, value: parsed.normalized } : null,
      role,
      schoolKeys: new Set([schoolKey]),
      grades: new Set(grade ? [grade] : []),
    });
    const membership = role === "student" ? "student" : "teacher";
    const homeroom = first("class");
    if (homeroom && role !== "guardian") {
      const group = this.roster.addGroup({ key: `${schoolKey}/${homeroom}`, name: homeroom, schoolKey, kind: "homeroom", subject: null });
      this.roster.addMembership({ personKey: key, groupKey: group.key, role: membership });
    }
    for (const name of fields.groups !== undefined && role !== "guardian" ? record.values(fields.groups) : []) {
      const group = this.roster.addGroup({ key: `${schoolKey}/${name}`, name, schoolKey, kind: "scheduled", subject: null });
      this.roster.addMembership({ personKey: key, groupKey: group.key, role: membership });
    }
  }

  isProtected(record: SourceRecord, set: RecordSet): boolean {
    const ref = set.fields.protected;
    return ref !== undefined && this.#protected.has((record.values(ref)[0] ?? "").toLowerCase());
  }

  /**
   * The person's key: the register's id, else a real personnummer; a temporary number is never a key, so such a
   * person needs an id or an e-mail (else null: left out, counted). undefined: a problem was reported.
   */
  #personKey(record: SourceRecord, set: RecordSet, first: (field: MappedField) => string, fail: (field: MappedField, why: string) => void): string | null | undefined {
    const id = first("personId");
    if (id) return `id:${id}`;
    const number = first("personnummer");
    if (!number) {
      fail(set.fields.personnummer !== undefined ? "personnummer" : "personId", "required (the person's id or personnummer), but empty");
      return undefined;
    }
    const parsed = parseIdentityNumber(number);
    if (!parsed) {
      fail("personnummer", "not a valid personnummer, samordningsnummer or temporary number (date or check digit)");
      return undefined;
    }
    if (parsed.kind !== "temporary") return `pnr:${parsed.normalized}`;
    const email = first("email");
    if (email) return `email:${email.toLowerCase()}`;
    this.roster.counts.withoutStableKey++;
    return null;
  }
}
