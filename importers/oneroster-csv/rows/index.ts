import type { EntityName } from "../../../src/model/canonical.ts";
import { academicSessionsMapper } from "./academic-sessions.ts";
import { classesMapper } from "./classes.ts";
import { coursesMapper } from "./courses.ts";
import { demographicsMapper } from "./demographics.ts";
import { enrollmentsMapper } from "./enrollments.ts";
import type { FileMapper } from "./mapper.ts";
import { orgsMapper } from "./orgs.ts";
import { usersMapper } from "./users.ts";

/** The roster files, one per canonical entity (the CSV file has the entity's name). */
export const MAPPERS: { [E in EntityName]: FileMapper<E> } = {
  orgs: orgsMapper,
  academicSessions: academicSessionsMapper,
  courses: coursesMapper,
  classes: classesMapper,
  users: usersMapper,
  demographics: demographicsMapper,
  enrollments: enrollmentsMapper,
};
