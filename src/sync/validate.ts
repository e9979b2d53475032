import { z } from "zod";
import type { JsonObject, JsonValue } from "../../db/tables/common.ts";
import type { CanonicalRecords, EntityName } from "../model/canonical.ts";

const id = z.string().trim().min(1).max(255);
const text = z.string().min(1);
const optionalText = z.string().nullish();
const date = z.iso.date();
const list = z.array(z.string()).optional();
const json: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(json), z.record(z.string(), json)]),
);
const base = { sourcedId: id, metadata: z.record(z.string(), json).nullish() as z.ZodType<JsonObject | null | undefined> };
const userRole = z.enum(["administrator", "aide", "guardian", "parent", "proctor", "relative", "student", "teacher"]);
const userRoleV1p2 = z.enum([
  ...userRole.options,
  "counselor",
  "districtAdministrator",
  "principal",
  "siteAdministrator",
  "systemAdministrator",
]);

const org = z.strictObject({
  ...base,
  name: text,
  type: z.enum(["department", "school", "district", "local", "state", "national"]),
  identifier: optionalText,
  parentSourcedId: id.nullish(),
});

const academicSession = z
  .strictObject({
    ...base,
    title: text,
    type: z.enum(["gradingPeriod", "semester", "schoolYear", "term"]),
    startDate: date,
    endDate: date,
    parentSourcedId: id.nullish(),
    schoolYear: z.string().regex(/^[0-9]{4}$/, "four digits"),
    orgSourcedId: id.nullish(),
  })
  .refine((s) => s.endDate >= s.startDate, { message: "endDate is before startDate", path: ["endDate"] });

const course = z.strictObject({
  ...base,
  title: text,
  schoolYearSourcedId: id.nullish(),
  courseCode: optionalText,
  grades: list,
  subjects: list,
  orgSourcedId: id,
  subjectCodes: list,
});

const klass = z.strictObject({
  ...base,
  title: text,
  classCode: optionalText,
  classType: z.enum(["homeroom", "scheduled"]),
  location: optionalText,
  grades: list,
  subjects: list,
  courseSourcedId: id,
  schoolSourcedId: id,
  termSourcedIds: z.array(id).min(1),
  subjectCodes: list,
  periods: list,
});

const user = z.strictObject({
  ...base,
  username: text,
  enabledUser: z.boolean().optional(),
  givenName: z.string(),
  familyName: z.string(),
  middleName: optionalText,
  role: userRole,
  identifier: optionalText,
  email: optionalText,
  sms: optionalText,
  phone: optionalText,
  grades: list,
  password: optionalText,
  orgSourcedIds: z.array(id).min(1),
  agentSourcedIds: z.array(id).optional(),
  userIds: z.array(z.strictObject({ type: text, identifier: text })).optional(),
  roles: z
    .array(
      z.strictObject({
        orgSourcedId: id,
        role: userRoleV1p2,
        roleType: z.enum(["primary", "secondary"]),
        userProfileId: optionalText,
        beginDate: date.nullish(),
        endDate: date.nullish(),
      }),
    )
    .optional(),
  userProfiles: z
    .array(
      z.strictObject({
        profileId: text,
        profileType: text,
        vendorId: text,
        applicationId: optionalText,
        description: optionalText,
        credentials: z.array(json).optional(),
      }),
    )
    .optional(),
  preferredFirstName: optionalText,
  preferredMiddleName: optionalText,
  preferredLastName: optionalText,
  pronouns: optionalText,
  userMasterIdentifier: optionalText,
  primaryOrgSourcedId: id.nullish(),
});

const enrollment = z.strictObject({
  ...base,
  classSourcedId: id,
  schoolSourcedId: id,
  userSourcedId: id,
  role: z.enum(["administrator", "proctor", "student", "teacher"]),
  primary: z.boolean().nullish(),
  beginDate: date.nullish(),
  endDate: date.nullish(),
});

const optionalBoolean = z.boolean().nullish();
const demographics = z.strictObject({
  ...base,
  birthDate: date.nullish(),
  sex: z.enum(["male", "female", "other", "unspecified"]).nullish(),
  americanIndianOrAlaskaNative: optionalBoolean,
  asian: optionalBoolean,
  blackOrAfricanAmerican: optionalBoolean,
  nativeHawaiianOrOtherPacificIslander: optionalBoolean,
  white: optionalBoolean,
  demographicRaceTwoOrMoreRaces: optionalBoolean,
  hispanicOrLatinoEthnicity: optionalBoolean,
  countryOfBirthCode: optionalText,
  stateOfBirthAbbreviation: optionalText,
  cityOfBirth: optionalText,
  publicSchoolResidenceStatus: optionalText,
});

/** One zod schema per entity; each checks exactly the shape of src/model/canonical.ts. */
export const SCHEMAS: { [E in EntityName]: z.ZodType<CanonicalRecords[E]> } = {
  orgs: org,
  academicSessions: academicSession,
  courses: course,
  classes: klass,
  users: user,
  demographics,
  enrollments: enrollment,
};

export type Validation<E extends EntityName> =
  | { ok: true; record: CanonicalRecords[E] }
  | { ok: false; sourcedId: string | undefined; why: string };

/** Checks one record; the reason names each failing field, for the run's warnings. */
export function validateRecord<E extends EntityName>(entity: E, input: unknown): Validation<E> {
  const parsed = SCHEMAS[entity].safeParse(input);
  if (parsed.success) return { ok: true, record: parsed.data };
  const raw = (input as { sourcedId?: unknown } | null)?.sourcedId;
  const why = parsed.error.issues.map((i) => `${i.path.join(".") || "(record)"}: ${i.message}`).join("; ");
  return { ok: false, sourcedId: typeof raw === "string" ? raw : undefined, why };
}
