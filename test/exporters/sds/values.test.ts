import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { e164, oneLine } from "../../../exporters/file-set/cells.ts";
import { whyNoUpn } from "../../../exporters/file-set/people.ts";
import {
  mapValue,
  SDS_ENROLLMENT_ROLE,
  SDS_GRADE,
  SDS_ORG_TYPE,
  SDS_RELATIONSHIP_ROLE,
  SDS_ROLE,
  SDS_SESSION_TYPE,
  SDS_SEX,
  sdsGrade,
} from "../../../exporters/sds/values.ts";

// The canonical values, as the check constraints of db/migrations/2026-11-25T0000-oneroster-core.ts allow them.
const ORG_TYPES = ["department", "school", "district", "local", "state", "national"];
const USER_ROLES = ["administrator", "aide", "guardian", "parent", "proctor", "relative", "student", "teacher"];
const ENROLLMENT_ROLES = ["administrator", "proctor", "student", "teacher"];
const SESSION_TYPES = ["gradingPeriod", "semester", "schoolYear", "term"];
const SEXES = ["male", "female", "other", "unspecified"];
// SDS's default List of Values (shared/reference/exports.md §1b).
const SDS_ORG_TYPES = ["school", "department", "district", "local", "state", "national", "departmentOfEducation", "ministryOfEducation", "university", "college", "campus", "adultEducation", "municipality", "academicTrust", "localAuthority", "region", "division", "province", "researchCenter", "program"];
const SDS_STAFF_ROLES = ["principal", "chair", "professor", "researcher", "adjunct", "affiliate", "occupationalTherapist", "physicalTherapist", "speechTherapist", "visionTherapist", "paraprofessional", "specialServices", "advisor", "proctor", "nurse", "officeStaff", "lecturer", "itAdmin", "administrator", "teacher", "faculty", "staff", "teacherAssistant", "assistant", "instructor", "substitute", "coach", "alumni"];
const SDS_ROLES = [...SDS_STAFF_ROLES, "student", "other"];

describe("SDS value mapping", () => {
  it("maps every canonical org type, to an SDS org type", () => {
    assert.deepEqual(Object.keys(SDS_ORG_TYPE).sort(), [...ORG_TYPES].sort());
    for (const type of ORG_TYPES) assert.ok(SDS_ORG_TYPES.includes(mapValue(SDS_ORG_TYPE, type)!), type);
    assert.deepEqual(ORG_TYPES.map((t) => mapValue(SDS_ORG_TYPE, t)), ["department", "school", "district", "local", "state", "national"]);
  });

  it("maps every user role: people to SDS roles, guardians to none (they come through relationships)", () => {
    assert.deepEqual(Object.keys(SDS_ROLE).sort(), [...USER_ROLES].sort());
    assert.deepEqual(
      Object.fromEntries(USER_ROLES.map((r) => [r, mapValue(SDS_ROLE, r)])),
      { administrator: "administrator", aide: "teacherAssistant", guardian: null, parent: null, proctor: "proctor", relative: null, student: "student", teacher: "teacher" },
    );
    for (const role of USER_ROLES) {
      const mapped = mapValue(SDS_ROLE, role);
      if (mapped !== null) assert.ok(SDS_ROLES.includes(mapped!), role);
    }
  });

  it("maps every enrollment role to an SDS role", () => {
    assert.deepEqual(Object.keys(SDS_ENROLLMENT_ROLE).sort(), [...ENROLLMENT_ROLES].sort());
    for (const role of ENROLLMENT_ROLES) assert.equal(mapValue(SDS_ENROLLMENT_ROLE, role), role);
  });

  it("maps every session type, guardian role and sex", () => {
    assert.deepEqual(Object.keys(SDS_SESSION_TYPE).sort(), [...SESSION_TYPES].sort());
    for (const type of SESSION_TYPES) assert.equal(mapValue(SDS_SESSION_TYPE, type), type);
    assert.deepEqual(Object.keys(SDS_RELATIONSHIP_ROLE).sort(), ["guardian", "parent", "relative"]);
    for (const role of ["guardian", "parent", "relative"]) assert.equal(mapValue(SDS_RELATIONSHIP_ROLE, role), role);
    assert.deepEqual(Object.keys(SDS_SEX).sort(), [...SEXES].sort());
    for (const sex of SEXES) assert.equal(mapValue(SDS_SEX, sex), sex);
    assert.equal(mapValue(SDS_SEX, "unknown"), undefined);
    assert.equal(mapValue(SDS_ROLE, "toString"), undefined);
  });

  it("maps every CEDS grade to SDS's code, case-insensitively, and nothing else", () => {
    const ceds = ["IT", "PR", "PK", "TK", "KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "PS", "UG", "Other"];
    assert.deepEqual(Object.keys(SDS_GRADE).sort(), [...ceds].sort());
    assert.deepEqual(
      ceds.map((g) => sdsGrade(g)),
      ["it", "pr", "pk", "tk", "kg", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "ps", "ug", "other"],
    );
    assert.equal(sdsGrade("kg"), "kg");
    assert.equal(sdsGrade("7"), "07");
    assert.equal(sdsGrade("F"), undefined);
    assert.equal(sdsGrade("14"), undefined);
    assert.equal(sdsGrade(null), undefined);
  });
});

describe("cell values", () => {
  it("writes phone numbers in E.164, or gives up", () => {
    const cases: Array<[string, string | null]> = [
      ["+46701234567", "+46701234567"],
      ["070-123 45 67", "+46701234567"],
      ["+46 (0)70 765 43 21", "+46707654321"],
      ["0046707654321", "+46707654321"],
      ["08-123 456 78", "+46812345678"],
      ["+1 (555) 010-9999", "+15550109999"],
      ["12345", null],
      ["+46 70", null],
      ["ring mamma", null],
      ["", null],
    ];
    for (const [input, expected] of cases) assert.equal(e164(input, "46"), expected, input);
    assert.equal(e164("020 7946 0000", "44"), "+442079460000");
    assert.equal(e164(null, "46"), null);
  });

  it("puts a value on one line", () => {
    assert.equal(oneLine("Musik\r\nförskoleklass\n\nB"), "Musik förskoleklass B");
    assert.equal(oneLine(null), "");
  });

  it("says why a user has no UPN without repeating the username", () => {
    assert.equal(whyNoUpn(""), "no username; the target needs a full UPN (name@domain)");
    assert.equal(whyNoUpn("20130402-2389@skola.se"), "the username looks like a personnummer, which is not exported");
    assert.equal(whyNoUpn("olle"), "the username is not a full UPN (name@domain) and no UPN suffix is set");
  });
});
