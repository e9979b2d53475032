import type { CanonicalRecords, EntityName } from "../model/canonical.ts";

/** A row as the sync engine writes and compares it: column name → value, without tenant, source and status. */
export type Row = Record<string, unknown>;

export interface Reference {
  entity: EntityName;
  sourcedId: string;
  field: string;
  /**
   * A link that can be dropped instead of skipping the record: the child row (children[child], whose `column` holds
   * the sourcedId) goes, with a warning. Used for guardians, whom an importer may rightly leave out (protected identity).
   */
  optional?: { child: number; column: string };
}

/** A junction or child table whose rows belong to one record (a class's terms, a user's orgs …). */
export interface ChildSpec {
  table: string;
  parentColumn: string;
  /** Content columns (the parent column and tenant_id excepted). */
  columns: readonly string[];
  /**
   * Its rows name other records of the parent's entity through an optional link (a user's agents): the writer holds
   * them back until all of the entity's records are written, so a record is written without waiting for those it names.
   */
  namesOwnEntity?: true;
}

export interface EntitySpec<E extends EntityName> {
  entity: E;
  table: string;
  /** Content columns of the entity table, beyond tenant_id, sourced_id, source_id, status, date_last_modified. */
  columns: readonly string[];
  children: readonly ChildSpec[];
  /** The record as rows: its own row (content columns only) and the rows of each child table, in `children` order. */
  toRows(record: CanonicalRecords[E]): { row: Row; children: Row[][] };
  references(record: CanonicalRecords[E]): Reference[];
  /** Records may name other records of the same entity (parents, guardians): checked once all are read. */
  refersToItself?: true;
  /** Columns kept beside each stored row's digest, so a delta run can find the rows of a class or a user. */
  scopeColumns?: readonly string[];
}

const n = <T>(value: T | null | undefined): T | null => value ?? null;
const ref = (entity: EntityName, sourcedId: string | null | undefined, field: string): Reference[] =>
  sourcedId ? [{ entity, sourcedId, field }] : [];
const metadata = (record: { metadata?: unknown }) => n(record.metadata);

const orgs: EntitySpec<"orgs"> = {
  entity: "orgs",
  refersToItself: true,
  table: "orgs",
  columns: ["metadata", "name", "type", "identifier", "parent_sourced_id"],
  children: [],
  toRows: (o) => ({
    row: { metadata: metadata(o), name: o.name, type: o.type, identifier: n(o.identifier), parent_sourced_id: n(o.parentSourcedId) },
    children: [],
  }),
  references: (o) => ref("orgs", o.parentSourcedId, "parentSourcedId"),
};

const academicSessions: EntitySpec<"academicSessions"> = {
  entity: "academicSessions",
  refersToItself: true,
  table: "academic_sessions",
  columns: ["metadata", "title", "type", "start_date", "end_date", "parent_sourced_id", "school_year", "org_sourced_id"],
  children: [],
  toRows: (s) => ({
    row: {
      metadata: metadata(s),
      title: s.title,
      type: s.type,
      start_date: s.startDate,
      end_date: s.endDate,
      parent_sourced_id: n(s.parentSourcedId),
      school_year: s.schoolYear,
      org_sourced_id: n(s.orgSourcedId),
    },
    children: [],
  }),
  references: (s) => [...ref("academicSessions", s.parentSourcedId, "parentSourcedId"), ...ref("orgs", s.orgSourcedId, "orgSourcedId")],
};

const courses: EntitySpec<"courses"> = {
  entity: "courses",
  table: "courses",
  columns: ["metadata", "title", "school_year_sourced_id", "course_code", "grades", "subjects", "org_sourced_id", "subject_codes"],
  children: [],
  toRows: (c) => ({
    row: {
      metadata: metadata(c),
      title: c.title,
      school_year_sourced_id: n(c.schoolYearSourcedId),
      course_code: n(c.courseCode),
      grades: c.grades ?? [],
      subjects: c.subjects ?? [],
      org_sourced_id: c.orgSourcedId,
      subject_codes: c.subjectCodes ?? [],
    },
    children: [],
  }),
  references: (c) => [
    ...ref("academicSessions", c.schoolYearSourcedId, "schoolYearSourcedId"),
    ...ref("orgs", c.orgSourcedId, "orgSourcedId"),
  ],
};

const classes: EntitySpec<"classes"> = {
  entity: "classes",
  table: "classes",
  columns: [
    "metadata",
    "title",
    "class_code",
    "class_type",
    "location",
    "grades",
    "subjects",
    "course_sourced_id",
    "school_sourced_id",
    "subject_codes",
    "periods",
  ],
  children: [{ table: "class_terms", parentColumn: "class_sourced_id", columns: ["term_sourced_id", "ordinal"] }],
  toRows: (c) => ({
    row: {
      metadata: metadata(c),
      title: c.title,
      class_code: n(c.classCode),
      class_type: c.classType,
      location: n(c.location),
      grades: c.grades ?? [],
      subjects: c.subjects ?? [],
      course_sourced_id: c.courseSourcedId,
      school_sourced_id: c.schoolSourcedId,
      subject_codes: c.subjectCodes ?? [],
      periods: c.periods ?? [],
    },
    children: [unique(c.termSourcedIds).map((term, ordinal) => ({ term_sourced_id: term, ordinal }))],
  }),
  references: (c) => [
    ...ref("courses", c.courseSourcedId, "courseSourcedId"),
    ...ref("orgs", c.schoolSourcedId, "schoolSourcedId"),
    ...c.termSourcedIds.flatMap((t) => ref("academicSessions", t, "termSourcedIds")),
  ],
};

/** Duplicates in a list would break the junction table's key; the first occurrence keeps its place. */
function unique(values: readonly string[] | undefined): string[] {
  return [...new Set(values ?? [])];
}

function uniqueBy<T>(values: readonly T[] | undefined, key: (value: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const value of values ?? []) if (!seen.has(key(value))) seen.set(key(value), value);
  return [...seen.values()];
}

const users: EntitySpec<"users"> = {
  entity: "users",
  refersToItself: true,
  table: "users",
  columns: [
    "metadata",
    "username",
    "enabled_user",
    "given_name",
    "family_name",
    "middle_name",
    "role",
    "identifier",
    "email",
    "sms",
    "phone",
    "grades",
    "password",
    "preferred_first_name",
    "preferred_middle_name",
    "preferred_last_name",
    "pronouns",
    "user_master_identifier",
    "primary_org_sourced_id",
  ],
  children: [
    { table: "user_orgs", parentColumn: "user_sourced_id", columns: ["org_sourced_id", "ordinal"] },
    { table: "user_agents", parentColumn: "user_sourced_id", columns: ["agent_sourced_id", "ordinal"], namesOwnEntity: true },
    { table: "user_ids", parentColumn: "user_sourced_id", columns: ["type", "identifier", "ordinal"] },
    {
      table: "user_roles",
      parentColumn: "user_sourced_id",
      columns: ["org_sourced_id", "role", "role_type", "user_profile_id", "begin_date", "end_date"],
    },
    {
      table: "user_profiles",
      parentColumn: "user_sourced_id",
      columns: ["profile_id", "profile_type", "vendor_id", "application_id", "description", "credentials"],
    },
  ],
  toRows: (u) => ({
    row: {
      metadata: metadata(u),
      username: u.username,
      enabled_user: u.enabledUser ?? true,
      given_name: u.givenName,
      family_name: u.familyName,
      middle_name: n(u.middleName),
      role: u.role,
      identifier: n(u.identifier),
      email: n(u.email),
      sms: n(u.sms),
      phone: n(u.phone),
      grades: u.grades ?? [],
      password: n(u.password),
      preferred_first_name: n(u.preferredFirstName),
      preferred_middle_name: n(u.preferredMiddleName),
      preferred_last_name: n(u.preferredLastName),
      pronouns: n(u.pronouns),
      user_master_identifier: n(u.userMasterIdentifier),
      primary_org_sourced_id: n(u.primaryOrgSourcedId),
    },
    children: [
      unique(u.orgSourcedIds).map((org, ordinal) => ({ org_sourced_id: org, ordinal })),
      unique(u.agentSourcedIds).map((agent, ordinal) => ({ agent_sourced_id: agent, ordinal })),
      uniqueBy(u.userIds, (i) => `${i.type}\u0000${i.identifier}`).map((i, ordinal) => ({ type: i.type, identifier: i.identifier, ordinal })),
      uniqueBy(u.roles, (r) => `${r.orgSourcedId}\u0000${r.role}`).map((r) => ({
        org_sourced_id: r.orgSourcedId,
        role: r.role,
        role_type: r.roleType,
        user_profile_id: n(r.userProfileId),
        begin_date: n(r.beginDate),
        end_date: n(r.endDate),
      })),
      uniqueBy(u.userProfiles, (p) => p.profileId).map((p) => ({
        profile_id: p.profileId,
        profile_type: p.profileType,
        vendor_id: p.vendorId,
        application_id: n(p.applicationId),
        description: n(p.description),
        credentials: p.credentials ?? [],
      })),
    ],
  }),
  references: (u) => [
    ...u.orgSourcedIds.flatMap((o) => ref("orgs", o, "orgSourcedIds")),
    ...ref("orgs", u.primaryOrgSourcedId, "primaryOrgSourcedId"),
    ...(u.roles ?? []).flatMap((r) => ref("orgs", r.orgSourcedId, "roles.orgSourcedId")),
    ...unique(u.agentSourcedIds).map((a) => ({
      entity: "users" as const,
      sourcedId: a,
      field: "agentSourcedIds",
      optional: { child: 1, column: "agent_sourced_id" },
    })),
  ],
};

const demographics: EntitySpec<"demographics"> = {
  entity: "demographics",
  table: "demographics",
  columns: [
    "metadata",
    "birth_date",
    "sex",
    "american_indian_or_alaska_native",
    "asian",
    "black_or_african_american",
    "native_hawaiian_or_other_pacific_islander",
    "white",
    "demographic_race_two_or_more_races",
    "hispanic_or_latino_ethnicity",
    "country_of_birth_code",
    "state_of_birth_abbreviation",
    "city_of_birth",
    "public_school_residence_status",
  ],
  children: [],
  toRows: (d) => ({
    row: {
      metadata: metadata(d),
      birth_date: n(d.birthDate),
      sex: n(d.sex),
      american_indian_or_alaska_native: n(d.americanIndianOrAlaskaNative),
      asian: n(d.asian),
      black_or_african_american: n(d.blackOrAfricanAmerican),
      native_hawaiian_or_other_pacific_islander: n(d.nativeHawaiianOrOtherPacificIslander),
      white: n(d.white),
      demographic_race_two_or_more_races: n(d.demographicRaceTwoOrMoreRaces),
      hispanic_or_latino_ethnicity: n(d.hispanicOrLatinoEthnicity),
      country_of_birth_code: n(d.countryOfBirthCode),
      state_of_birth_abbreviation: n(d.stateOfBirthAbbreviation),
      city_of_birth: n(d.cityOfBirth),
      public_school_residence_status: n(d.publicSchoolResidenceStatus),
    },
    children: [],
  }),
  references: (d) => ref("users", d.sourcedId, "sourcedId"),
};

const enrollments: EntitySpec<"enrollments"> = {
  entity: "enrollments",
  table: "enrollments",
  columns: ["metadata", "class_sourced_id", "school_sourced_id", "user_sourced_id", "role", "primary", "begin_date", "end_date"],
  children: [],
  scopeColumns: ["class_sourced_id", "user_sourced_id"],
  toRows: (e) => ({
    row: {
      metadata: metadata(e),
      class_sourced_id: e.classSourcedId,
      school_sourced_id: e.schoolSourcedId,
      user_sourced_id: e.userSourcedId,
      role: e.role,
      primary: n(e.primary),
      begin_date: n(e.beginDate),
      end_date: n(e.endDate),
    },
    children: [],
  }),
  references: (e) => [
    ...ref("classes", e.classSourcedId, "classSourcedId"),
    ...ref("orgs", e.schoolSourcedId, "schoolSourcedId"),
    ...ref("users", e.userSourcedId, "userSourcedId"),
  ],
};

export const SPECS: { [E in EntityName]: EntitySpec<E> } = {
  orgs,
  academicSessions,
  courses,
  classes,
  users,
  demographics,
  enrollments,
};
