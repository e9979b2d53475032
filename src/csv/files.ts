import type { CsvFile } from "./csv-file.ts";
import { academicSessionsFile } from "./rows/academic-sessions.ts";
import { categoriesFile } from "./rows/categories.ts";
import { classResourcesFile } from "./rows/class-resources.ts";
import { classesFile } from "./rows/classes.ts";
import { courseResourcesFile } from "./rows/course-resources.ts";
import { coursesFile } from "./rows/courses.ts";
import { demographicsFile } from "./rows/demographics.ts";
import { enrollmentsFile } from "./rows/enrollments.ts";
import { lineItemsFile } from "./rows/line-items.ts";
import { orgsFile } from "./rows/orgs.ts";
import { resourcesFile } from "./rows/resources.ts";
import { resultsFile } from "./rows/results.ts";
import { usersFile } from "./rows/users.ts";

/** Every data file of the binding, in the order they are written: referenced records before their referrers. */
export const CSV_FILES: readonly CsvFile<any>[] = [
  orgsFile,
  academicSessionsFile,
  coursesFile,
  classesFile,
  usersFile,
  enrollmentsFile,
  demographicsFile,
  categoriesFile,
  lineItemsFile,
  resultsFile,
  resourcesFile,
  classResourcesFile,
  courseResourcesFile,
];
