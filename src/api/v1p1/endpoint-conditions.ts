import { sql, type Expression, type SqlBool } from "kysely";

// Conditions over the alias "e" that the typed and nested endpoints add to an entity's query.

export const orgOfType = (type: string): Expression<SqlBool> => sql<SqlBool>`e.type = ${type}`;
export const sessionOfType = (type: string): Expression<SqlBool> => sql<SqlBool>`e.type = ${type}`;
export const userWithRole = (role: string): Expression<SqlBool> => sql<SqlBool>`e.role = ${role}`;

/** Users (e) with an active enrollment in the class, in the role. */
export const enrolledInClass = (classId: string, role: string): Expression<SqlBool> =>
  sql<SqlBool>`exists (select 1 from enrollments en where en.tenant_id = e.tenant_id and en.user_sourced_id = e.sourced_id
    and en.class_sourced_id = ${classId} and en.role = ${role} and en.status = 'active')`;

/** Users (e) who belong to the org. */
export const memberOfOrg = (orgId: string): Expression<SqlBool> =>
  sql<SqlBool>`exists (select 1 from user_orgs uo where uo.tenant_id = e.tenant_id and uo.user_sourced_id = e.sourced_id and uo.org_sourced_id = ${orgId})`;

/** Classes (e) the user has an active enrollment in. */
export const classOfUser = (userId: string): Expression<SqlBool> =>
  sql<SqlBool>`exists (select 1 from enrollments en where en.tenant_id = e.tenant_id and en.class_sourced_id = e.sourced_id
    and en.user_sourced_id = ${userId} and en.status = 'active')`;

/** Classes (e) held in the term. */
export const classInTerm = (termId: string): Expression<SqlBool> =>
  sql<SqlBool>`exists (select 1 from class_terms ct where ct.tenant_id = e.tenant_id and ct.class_sourced_id = e.sourced_id and ct.term_sourced_id = ${termId})`;

/** Terms (e) of a school: the school's own, and those its classes are held in. */
export const termOfSchool = (schoolId: string): Expression<SqlBool> =>
  sql<SqlBool>`(e.org_sourced_id = ${schoolId} or exists (select 1 from class_terms ct join classes c on c.tenant_id = ct.tenant_id and c.sourced_id = ct.class_sourced_id
    where ct.tenant_id = e.tenant_id and ct.term_sourced_id = e.sourced_id and c.school_sourced_id = ${schoolId}))`;

/** Rows (e) whose column equals the value. */
export const columnIs = (column: string, value: string): Expression<SqlBool> => sql<SqlBool>`${sql.ref(column)} = ${value}`;
