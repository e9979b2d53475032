import { z } from "zod";

/**
 * What an SS 12000 source may leave out beyond the standard's own rules. Every filter is off by default, so a source
 * without filters is imported exactly as before; register presets (EduCloud, SchoolSoft) switch on the ones their
 * register needs.
 */
export const ss12000FiltersSchema = z.object({
  /** Only the school units (Skolenhet) with these schoolUnitCodes, and what is at them; absent: every school unit. */
  schoolUnitCodes: z.array(z.string().min(1)).min(1).optional(),
  /**
   * Only objects in force on the day of the run: school units, enrolments, placements, duties, groups, activities,
   * memberships, teacher and mentor assignments. In force = started by today + `startsWithinDays` (a lead time for
   * what starts soon) and not ended before today. Absent: only "not ended before today" for what the importer always
   * judges so (enrolments, placements, duties, memberships, organisations), and groups and activities whatever their dates.
   */
  window: z
    .object({
      /** Leave out school units, enrolments, placements, duties, groups and activities that have no start date. */
      requireStartDate: z.boolean().default(false),
      startsWithinDays: z.number().int().min(0).max(366).default(0),
    })
    .optional(),
  /**
   * Only the activities that the SS 12000 API at this base URL lists (same credentials) become classes: a register's
   * export of the activities its teachers selected. Absent: every activity.
   */
  activitiesListedAt: z.url().optional(),
  /** Groups of type Klass become homeroom classes; false: only activities become classes. */
  homerooms: z.boolean().default(true),
  /** Fail the run when a person's id is not a UUID (a register that must be told to put GUIDs on its users). */
  requirePersonUuids: z.boolean().default(false),
});

export type Ss12000Filters = z.infer<typeof ss12000FiltersSchema>;
