import { v5 } from "uuid";
import { SCHOOL_YEAR, TERMS } from "../../../src/demo/calendar.ts";
import { generateMunicipality } from "../../../src/demo/generate.ts";
import { demoSourcedId } from "../../../src/demo/ids.ts";
import { Random } from "../../../src/demo/random.ts";
import type {
  Activity,
  Collection,
  Duty,
  Entities,
  Group,
  Organisation,
  Person,
  PersonKind,
  PersonReference,
  Placement,
  SchoolType,
  SecurityMarking,
  Syllabus,
} from "./types.ts";

export const FAKE_TENANT = "ss12000-fake";
export const FAKE_SOURCE = "ss12000";
/** When every generated object was created and last modified, unless the options say otherwise. */
export const DEFAULT_CREATED = "2026-08-01T06:00:00.000Z";

/** Namespace for the ids SS 12000 has but OneRoster rows do not (duties, activities, placements). */
const NAMESPACE = "8a0c3e4b-1f7d-4c55-9e0b-6a3f2d9c7e10";

export interface MunicipalityOptions {
  students?: number;
  seed?: number;
  created?: string;
}

/** Ids of the persons the importer's protection rules must notice. */
export interface SpecialPersons {
  protectedIdentity: string[];
  confidential: string[];
  temporaryCivicNo: string[];
  emigrated: string[];
  deceased: string[];
}

export interface Municipality {
  entities: { [C in Collection]: Array<Entities[C]> };
  kinds: Map<string, PersonKind>;
  special: SpecialPersons;
  districtId: string;
}

const derived = (kind: string, id: string) => v5(`${kind}/${id}`, NAMESPACE);

function luhn(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** A well-formed 12-digit personnummer for a birth date, odd serial for men and even for women, unique in `used`. */
function civicNo(birthDate: string, serial: number, male: boolean, used: Set<string>): string {
  const ymd = birthDate.replaceAll("-", "");
  for (let n = serial; ; n++) {
    const three = String(n % 1000).padStart(3, "0");
    if ((Number(three[2]) % 2 === 1) !== male) continue;
    const value = `${ymd}${three}${luhn(ymd.slice(2) + three)}`;
    if (used.has(value)) continue;
    used.add(value);
    return value;
  }
}

function schoolTypeOf(gradeIndex: number): SchoolType {
  if (gradeIndex === 0) return "FKLASS";
  return gradeIndex >= 10 ? "GY" : "GR";
}

function gradeIndexOf(ceds: string): number {
  return ceds === "KG" ? 0 : Number(ceds);
}

interface UserRow {
  id: string;
  role: PersonKind;
  givenName: string;
  familyName: string;
  email: string;
  identifier: string | null;
  phone: string | null;
  school: string;
  grade?: string;
}

/**
 * A municipality in SS 12000 shapes, mapped back from the demo generator's OneRoster rows so ids match the demo's
 * sourcedIds: district → Huvudman, schools → Skolenhet, users → Person (+ Duty for staff), homerooms → Group Klass,
 * scheduled classes → Group Undervisning + Activity, courses with a subject → Syllabus, guardians → responsibles.
 */
export function buildMunicipality(options: MunicipalityOptions = {}): Municipality {
  const created = options.created ?? DEFAULT_CREATED;
  const seed = options.seed ?? 42;
  const meta = () => ({ created, modified: created });
  const random = new Random(seed ^ 0x5512);
  const ref = (entity: string, key: string) => demoSourcedId(FAKE_TENANT, FAKE_SOURCE, entity, key);
  const termById = new Map(TERMS.map((t) => [ref("academicSession", t.key), t]));

  const orgs: Organisation[] = [];
  const users: UserRow[] = [];
  const birthDates = new Map<string, { date: string; sex: string }>();
  const agents = new Map<string, string[]>();
  const courses = new Map<string, { code: string; title: string; subjects: string[]; subjectCodes: string[]; grades: string[]; school: string }>();
  const classes = new Map<string, { title: string; type: string; grade: string; course: string; school: string; terms: string[] }>();
  const enrollments: Array<{ cls: string; user: string; role: string; primary: boolean | null; begin: string; end: string }> = [];

  for (const item of generateMunicipality({ students: options.students ?? 60, seed, tenantId: FAKE_TENANT, sourceId: FAKE_SOURCE })) {
    switch (item.table) {
      case "orgs": {
        const r = item.row;
        if (r.type === "district") {
          orgs.push({
            id: r.sourced_id,
            meta: meta(),
            displayName: r.name,
            organisationType: "Huvudman",
            organisationNumber: (r.identifier ?? "").replace("-", ""),
            municipalityCode: "1980",
          });
        } else {
          orgs.push({
            id: r.sourced_id,
            meta: meta(),
            displayName: r.name,
            organisationType: "Skolenhet",
            schoolUnitCode: r.identifier ?? "",
            organisationCode: r.name.slice(0, 4).toUpperCase(),
            schoolTypes: r.name.endsWith("gymnasiet") || /gymnasiet \d+$/.test(r.name) ? ["GY"] : ["FKLASS", "FTH", "GR"],
            municipalityCode: "1980",
            parentOrganisation: { id: r.parent_sourced_id! },
            startDate: "2001-07-01",
          });
        }
        break;
      }
      case "users": {
        const r = item.row;
        users.push({
          id: r.sourced_id,
          role: r.role as PersonKind,
          givenName: r.given_name,
          familyName: r.family_name,
          email: r.email ?? "",
          identifier: r.identifier ?? null,
          phone: r.phone ?? r.sms ?? null,
          school: r.primary_org_sourced_id ?? "",
          ...(r.grades?.[0] ? { grade: r.grades[0] } : {}),
        });
        break;
      }
      case "demographics":
        birthDates.set(item.row.sourced_id, { date: String(item.row.birth_date), sex: String(item.row.sex) });
        break;
      case "user_agents": {
        const list = agents.get(item.row.user_sourced_id) ?? [];
        list.push(item.row.agent_sourced_id);
        agents.set(item.row.user_sourced_id, list);
        break;
      }
      case "courses": {
        const r = item.row;
        courses.set(r.sourced_id, {
          code: r.course_code ?? "",
          title: r.title,
          subjects: (r.subjects ?? []) as string[],
          subjectCodes: (r.subject_codes ?? []) as string[],
          grades: (r.grades ?? []) as string[],
          school: r.org_sourced_id,
        });
        break;
      }
      case "classes": {
        const r = item.row;
        classes.set(r.sourced_id, {
          title: r.title,
          type: r.class_type,
          grade: ((r.grades ?? []) as string[])[0] ?? "KG",
          course: r.course_sourced_id,
          school: r.school_sourced_id,
          terms: [],
        });
        break;
      }
      case "class_terms":
        classes.get(item.row.class_sourced_id)?.terms.push(item.row.term_sourced_id);
        break;
      case "enrollments": {
        const r = item.row;
        enrollments.push({
          cls: r.class_sourced_id,
          user: r.user_sourced_id,
          role: r.role,
          primary: r.primary ?? null,
          begin: String(r.begin_date),
          end: String(r.end_date),
        });
        break;
      }
      default:
        break;
    }
  }

  const kinds = new Map(users.map((u) => [u.id, u.role]));
  const students = users.filter((u) => u.role === "student");
  const pickStudents = (offset: number, count: number) =>
    Array.from({ length: count }, (_, i) => students[(offset + i * 11) % students.length]!.id);
  const special: SpecialPersons = {
    protectedIdentity: pickStudents(3, 2),
    confidential: pickStudents(7, 1),
    temporaryCivicNo: pickStudents(5, 2),
    emigrated: pickStudents(9, 1),
    deceased: pickStudents(10, 1),
  };
  const marking = new Map<string, SecurityMarking>();
  for (const id of special.protectedIdentity) {
    marking.set(id, "Skyddad folkbokföring");
    // A child with protected identity usually lives with a guardian who has it too.
    const guardian = agents.get(id)?.[0];
    if (guardian) marking.set(guardian, "Skyddad folkbokföring");
  }
  for (const id of special.confidential) marking.set(id, "Sekretessmarkering");
  const personRef = (id: string): PersonReference => ({ id, securityMarking: marking.get(id) ?? "Ingen" });

  const homeroomOf = new Map<string, string>();
  for (const e of enrollments) if (e.role === "student" && classes.get(e.cls)?.type === "homeroom") homeroomOf.set(e.user, e.cls);

  let serial = 17;
  const usedCivicNos = new Set<string>();
  const persons: Person[] = users.map((u) => {
    const born = birthDates.get(u.id);
    const male = born ? born.sex === "male" : random.chance(0.5);
    const birthDate =
      born?.date ??
      `${random.int(u.role === "guardian" ? 1972 : 1962, u.role === "guardian" ? 1992 : 1998)}-${String(random.int(1, 12)).padStart(2, "0")}-${String(random.int(1, 28)).padStart(2, "0")}`;
    serial += 7;
    const temporary = special.temporaryCivicNo.includes(u.id);
    const staff = u.role !== "student" && u.role !== "guardian";
    const person: Person = {
      id: u.id,
      meta: meta(),
      givenName: u.givenName,
      familyName: u.familyName,
      civicNo: {
        value: temporary ? `${birthDate.replaceAll("-", "")}T${String.fromCharCode(65 + (serial % 26))}${String(serial % 100).padStart(2, "0")}` : civicNo(birthDate, serial, male, usedCivicNos),
        nationality: "SE",
      },
      birthDate,
      sex: male ? "Man" : "Kvinna",
      securityMarking: marking.get(u.id) ?? "Ingen",
      personStatus: special.emigrated.includes(u.id) ? "Utvandrad" : special.deceased.includes(u.id) ? "Avliden" : "Aktiv",
    };
    if (u.role === "guardian") {
      person.emails = [{ value: u.email, type: "Privat" }];
    } else {
      person.eduPersonPrincipalNames = [u.email];
      person.emails = [{ value: u.email, type: staff ? "Skola personal" : "Skola elev" }];
    }
    if (u.phone) person.phoneNumbers = [{ value: u.phone, type: staff ? "Arbete" : "Hem", mobile: true }];
    if (u.identifier) {
      person.externalIdentifiers = [
        { value: u.identifier, context: staff ? "https://exempelby.se/personalnummer" : "https://exempelby.se/elevnummer", globallyUnique: false },
      ];
    }
    if (u.role === "student") {
      const gradeIndex = gradeIndexOf(u.grade ?? "KG");
      const homeroom = classes.get(homeroomOf.get(u.id) ?? "");
      const programme = homeroom ? courses.get(homeroom.course) : undefined;
      person.enrolments = [
        {
          enroledAt: { id: u.school },
          schoolYear: gradeIndex >= 10 ? gradeIndex - 9 : gradeIndex,
          schoolType: schoolTypeOf(gradeIndex),
          startDate: `${2026 - (gradeIndex >= 10 ? gradeIndex - 10 : gradeIndex)}-08-17`,
          ...(gradeIndex >= 10 && programme ? { educationCode: programme.code } : {}),
        },
      ];
      person.responsibles = (agents.get(u.id) ?? []).map((g) => ({ person: personRef(g), relationType: "Vårdnadshavare" as const }));
    }
    return person;
  });

  const dutyOf = new Map<string, string>();
  const duties: Duty[] = users
    .filter((u) => u.role === "teacher" || u.role === "administrator" || u.role === "aide")
    .map((u) => {
      const id = derived("duty", u.id);
      dutyOf.set(u.id, id);
      return {
        id,
        meta: meta(),
        person: personRef(u.id),
        dutyAt: { id: u.school },
        dutyRole: u.role === "administrator" ? "Rektor" : u.role === "teacher" ? "Lärare" : "Lärarassistent",
        signature: (u.givenName.slice(0, 2) + u.familyName.slice(0, 2)).toUpperCase(),
        dutyPercent: 100,
        startDate: "2020-08-01",
      };
    });
  const dutyById = new Map(duties.map((d) => [d.id, d]));

  const termSpan = (terms: string[]) => {
    const dates = terms.map((t) => termById.get(t)).filter((t) => t !== undefined);
    return { startDate: dates[0]?.startDate ?? SCHOOL_YEAR.startDate, endDate: dates.at(-1)?.endDate ?? SCHOOL_YEAR.endDate };
  };

  const syllabuses: Syllabus[] = [];
  for (const [id, c] of courses) {
    if (c.subjectCodes.length === 0) continue;
    const gradeIndex = gradeIndexOf(c.grades[0] ?? "KG");
    const gy = gradeIndex >= 10;
    syllabuses.push({
      id,
      meta: meta(),
      schoolType: schoolTypeOf(gradeIndex),
      subjectCode: gy ? c.subjectCodes[0]! : `GRGR${c.subjectCodes[0]!}01`,
      subjectName: c.subjects[0] ?? c.title,
      subjectDesignation: c.subjectCodes[0]!,
      courseCode: c.code,
      courseName: c.title,
      ...(gy ? {} : { startSchoolYear: Math.min(gradeIndex, 10), endSchoolYear: Math.min(gradeIndex, 10) }),
      curriculum: gy ? "GY2011" : "GR2011",
      official: true,
    });
  }
  const syllabusIds = new Set(syllabuses.map((s) => s.id));

  const groups: Group[] = [];
  const activities: Activity[] = [];
  const byClass = new Map<string, typeof enrollments>();
  for (const e of enrollments) {
    const list = byClass.get(e.cls) ?? [];
    list.push(e);
    byClass.set(e.cls, list);
  }
  for (const [id, c] of classes) {
    const span = termSpan(c.terms);
    const members = byClass.get(id) ?? [];
    const schoolType = schoolTypeOf(gradeIndexOf(c.grade));
    groups.push({
      id,
      meta: meta(),
      displayName: c.title,
      ...span,
      groupType: c.type === "homeroom" ? "Klass" : "Undervisning",
      schoolType,
      organisation: { id: c.school },
      groupMemberships: members
        .filter((e) => e.role === "student")
        .map((e) => ({ person: personRef(e.user), startDate: e.begin, endDate: e.end })),
    });
    const teachers = members.filter((e) => e.role === "teacher");
    if (c.type === "homeroom") {
      for (const t of teachers) {
        const duty = dutyById.get(dutyOf.get(t.user) ?? "");
        if (!duty) continue;
        (duty.assignmentRole ??= []).push({ group: { id }, assignmentRoleType: "Mentor", ...span });
      }
      continue;
    }
    activities.push({
      id: derived("activity", id),
      meta: meta(),
      displayName: c.title,
      calendarEventsRequired: false,
      ...span,
      activityType: "Undervisning",
      groups: [{ id }],
      teachers: teachers.map((t) => ({ duty: { id: dutyOf.get(t.user)! }, ...span, grader: t.primary === true })),
      ...(syllabusIds.has(c.course) ? { syllabus: { id: c.course } } : {}),
      organisation: { id: c.school },
    });
  }

  // Fritidshem placements for the youngest pupils, owned by their guardians.
  const placements: Placement[] = students
    .filter((s) => gradeIndexOf(s.grade ?? "KG") <= 3)
    .map((s) => ({
      id: derived("placement", s.id),
      meta: meta(),
      placedAt: { id: s.school },
      child: personRef(s.id),
      owners: (agents.get(s.id) ?? []).map(personRef),
      schoolType: "FTH" as const,
      startDate: SCHOOL_YEAR.startDate,
      endDate: SCHOOL_YEAR.endDate,
      reason: "Omsorgsbehov" as const,
    }));

  const district = orgs.find((o) => o.organisationType === "Huvudman")!;
  return {
    entities: { organisations: orgs, persons, placements, duties, groups, activities, syllabuses },
    kinds,
    special,
    districtId: district.id,
  };
}
