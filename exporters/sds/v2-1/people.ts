import { sql } from "kysely";
import { oneLine, withoutPersonnummer } from "../../file-set/cells.ts";
import { skip, type FileSpec } from "../../file-set/file-spec.ts";
import { phoneCell, whyNoUpn } from "../../file-set/people.ts";
import { scopeCtes, type FileSetScope } from "../../file-set/scope.ts";
import { mapValue, SDS_RELATIONSHIP_ROLE, SDS_ROLE, SDS_SEX, sdsGrade } from "../values.ts";

export interface PeopleOptions {
  includeGuardians: boolean;
  defaultCountryCode: string;
}

const PERSON_COLUMNS = "sourced_id, username, upn, given_name, family_name, role, email, phone, sms";

/**
 * SDS v2.1 users.csv: the people with an exported org and, with guardians, the guardians of exported students. A user
 * without a UPN is left out and reported, and so are their roles and enrollments; a guardian also needs an e-mail
 * address. Passwords are never exported (SDS or the directory sets them).
 */
export function usersFile(scope: FileSetScope, options: PeopleOptions): FileSpec {
  return {
    name: "users.csv",
    entity: "users",
    header: ["sourcedId", "username", "givenName", "familyName", "password", "activeDirectoryMatchId", "email", "phone", "sms"],
    query: (db) =>
      sql<any>`${scopeCtes(scope, { requireUpn: true })}
        select * from (
          select ${sql.raw(PERSON_COLUMNS)} from x_users
          ${options.includeGuardians ? sql`union all select ${sql.raw(PERSON_COLUMNS)} from x_guardians` : sql``}
        ) p order by p.sourced_id collate "C"`.compile(db),
    render: (row, notes) => {
      if (row.upn === null) return skip(whyNoUpn(row.username));
      const guardian = mapValue(SDS_ROLE, row.role) === null;
      if (guardian && (!row.email || row.email.trim() === "")) return skip("a guardian needs an e-mail address in SDS");
      return [
        row.sourced_id,
        row.upn,
        oneLine(row.given_name),
        oneLine(row.family_name),
        "",
        "",
        withoutPersonnummer(row.email?.toLowerCase() ?? null, "users.csv email", notes),
        phoneCell(row.phone, "phone", row.sourced_id, options.defaultCountryCode, notes),
        phoneCell(row.sms, "sms", row.sourced_id, options.defaultCountryCode, notes),
      ];
    },
  };
}

/**
 * SDS v2.1 roles.csv: a row per user with a UPN and exported org, the user's role there; isPrimary marks the primary
 * org (else the first). A student's grade is their first grade.
 */
export function rolesFile(scope: FileSetScope): FileSpec {
  return {
    name: "roles.csv",
    entity: "roles",
    header: ["userSourcedId", "orgSourcedId", "role", "sessionSourcedId", "grade", "isPrimary", "roleStartDate", "roleEndDate"],
    query: (db) =>
      sql<any>`${scopeCtes(scope, { requireUpn: true })}
        select u.sourced_id, uo.org_sourced_id, u.role, u.grades[1] as grade,
          row_number() over (partition by u.sourced_id
            order by (uo.org_sourced_id = u.primary_org_sourced_id) desc nulls last, uo.ordinal, uo.org_sourced_id collate "C") = 1 as is_primary
        from x_users u
        join user_orgs uo on uo.tenant_id = ${scope.tenantId} and uo.user_sourced_id = u.sourced_id
        join x_orgs xo on xo.sourced_id = uo.org_sourced_id
        where u.upn is not null
        order by u.sourced_id collate "C", uo.ordinal, uo.org_sourced_id collate "C"`.compile(db),
    keyOf: (row) => row.sourced_id,
    render: (row, notes) => {
      const role = mapValue(SDS_ROLE, row.role);
      if (!role) return skip(`role "${row.role}" has no SDS value`);
      let grade = "";
      if (row.role === "student" && row.grade) {
        grade = sdsGrade(row.grade) ?? "";
        if (grade === "") notes.warn({ entity: "roles", sourcedId: row.sourced_id, why: `grade "${row.grade}" has no SDS value; left blank` });
      }
      return [row.sourced_id, row.org_sourced_id, role, "", grade, row.is_primary ? "true" : "false", "", ""];
    },
  };
}

/** SDS v2.1 demographics.csv (only when the setup asks): sex, birth date and place; ethnicity and race are never exported. */
export function demographicsFile(scope: FileSetScope): FileSpec {
  return {
    name: "demographics.csv",
    entity: "demographics",
    header: ["userSourcedId", "sex", "birthDate", "birthCity", "birthState", "birthCountry", "ethnicityCodes", "raceCodes"],
    query: (db) =>
      sql<any>`${scopeCtes(scope, { requireUpn: true })}
        select d.sourced_id, d.sex, to_char(d.birth_date, 'YYYY-MM-DD') as birth_date, d.city_of_birth, d.state_of_birth_abbreviation, d.country_of_birth_code
        from demographics d join x_users u on u.sourced_id = d.sourced_id
        where d.tenant_id = ${scope.tenantId} and d.status = 'active' and u.upn is not null
        order by d.sourced_id collate "C"`.compile(db),
    render: (row) => [
      row.sourced_id,
      mapValue(SDS_SEX, row.sex) ?? "",
      row.birth_date ?? "",
      oneLine(row.city_of_birth),
      oneLine(row.state_of_birth_abbreviation),
      oneLine(row.country_of_birth_code),
      "",
      "",
    ],
  };
}

/** SDS v2.1 relationships.csv (with guardians): exported student → guardian with a UPN and an e-mail address. */
export function relationshipsFile(scope: FileSetScope): FileSpec {
  return {
    name: "relationships.csv",
    entity: "relationships",
    header: ["userSourcedId", "relationshipUserSourcedId", "relationshipRole"],
    query: (db) =>
      sql<any>`${scopeCtes(scope, { requireUpn: true })}
        select s.sourced_id, g.sourced_id as guardian_sourced_id, g.role
        from user_agents ua
        join x_users s on s.sourced_id = ua.user_sourced_id
        join x_guardians g on g.sourced_id = ua.agent_sourced_id
        where ua.tenant_id = ${scope.tenantId} and s.role = 'student' and s.upn is not null
          and g.upn is not null and coalesce(trim(g.email), '') <> ''
        order by s.sourced_id collate "C", ua.ordinal, g.sourced_id collate "C"`.compile(db),
    keyOf: (row) => row.sourced_id,
    render: (row) => [row.sourced_id, row.guardian_sourced_id, mapValue(SDS_RELATIONSHIP_ROLE, row.role) ?? "other"],
  };
}
