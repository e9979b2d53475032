import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatProblem, readOneRosterCsvZip, type OneRosterCsvRead, type OneRosterCsvReadOptions } from "../../../importers/oneroster-csv/index.ts";
import { checkEnrollments, type EnrollmentTargets } from "../../../importers/oneroster-csv/check-enrollments.ts";
import type { CheckContext } from "../../../importers/oneroster-csv/check-file.ts";
import { emptyEntityIds } from "../../../importers/oneroster-csv/entity-ids.ts";
import { ProblemList } from "../../../importers/oneroster-csv/problems.ts";
import { openZip } from "../../../importers/oneroster-csv/zip-archive.ts";
import { bulkEntries, csvFile, manifestCsv, smallRoster, zipOf } from "../../fixtures/oneroster-csv/zip.ts";

/** Only these sourcedIds are "in the tenant". */
const tenantHas: OneRosterCsvReadOptions["knownSourcedIds"] = async (_entity, ids) => new Set(ids.filter((id) => id.startsWith("tenant-")));

/** Everything a read says, the snapshot's enrollments included (so it must be ok to have them). */
async function outcome(read: OneRosterCsvRead) {
  const enrollments: unknown[] = [];
  for await (const record of read.snapshot.enrollments ?? []) enrollments.push(record);
  read.close();
  return { ok: read.ok, mode: read.mode, problems: read.problems.map(formatProblem), problemCount: read.problemCount, notices: read.notices, rows: read.rows, deletions: read.deletions, enrollments };
}

/** The zip read with enrollments.csv checked on this thread, and on a thread of its own: both must say the same. */
async function readBothWays(zip: Buffer, options: OneRosterCsvReadOptions = {}) {
  const here = await outcome(await readOneRosterCsvZip({ buffer: zip }, { knownSourcedIds: tenantHas, ...options }));
  const threaded = await outcome(await readOneRosterCsvZip({ buffer: zip }, { knownSourcedIds: tenantHas, ...options, enrollmentsThreadFrom: 0 }));
  assert.deepEqual(threaded, here);
  return threaded;
}

describe("OneRoster CSV: enrollments.csv checked on a thread of its own", () => {
  it("with skipInvalid, leaves out the same rows and lists the same problems as when checked beside the other files", async () => {
    const rows = smallRoster();
    const zip = await zipOf(
      bulkEntries({
        ...rows,
        classes: [...rows.classes, "k-2,,,Engelska 7A,07,c-404,EN7A,scheduled,,org-s,as-t,,,"],
        enrollments: [
          ...rows.enrollments,
          "e-4,,,k-2,org-s,u-1,student,,,",
          "e-5,,,tenant-k,org-s,u-1,student,,,",
          "e-6,,,k-404,org-s,u-404,pupil,,,",
          "e-7,,,k-404,org-s,u-404,student,,,",
          "e-1,,,k-1,org-s,u-2,teacher,,,",
        ],
      }),
    );
    const read = await readBothWays(zip, { skipInvalid: true });
    assert.deepEqual(read.problems, [
      'classes.csv:3: courseSourcedId: "c-404" is neither in courses.csv nor in the tenant',
      'enrollments.csv:5: classSourcedId: refers to classes "k-2", which is skipped (classes.csv:3)',
      'enrollments.csv:7: role: "pupil" is not one of administrator, proctor, student, teacher',
      'enrollments.csv:8: classSourcedId: "k-404" is neither in classes.csv nor in the tenant',
      'enrollments.csv:8: userSourcedId: "u-404" is neither in users.csv nor in the tenant',
      'enrollments.csv:9: sourcedId: "e-1" appears again (first on line 3)',
    ]);
    assert.equal(read.ok, true);
    assert.equal(read.rows.enrollments, 4);
    assert.deepEqual(
      read.enrollments.map((e) => (e as { sourcedId: string }).sourcedId),
      ["e-t", "e-1", "e-2", "e-5"],
    );
  });

  it("brings a delta's deletions, a byte order mark's notice and a bulk zip's left-out rows back in file order", async () => {
    const delta = await zipOf({
      "manifest.csv": manifestCsv({ users: "delta", enrollments: "delta" }),
      "users.csv": csvFile("users", "u-1,tobedeleted,2026-11-25T08:00:00Z,,,,,,,,,,,,,,,"),
      "enrollments.csv": Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(csvFile("enrollments", "e-1,tobedeleted,2026-11-25,,,,,,,", "e-3,active,2026-11-25T08:00:00Z,tenant-k,tenant-s,tenant-u,student,,,")),
      ]),
    });
    const read = await readBothWays(delta);
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.deletions, [
      { entity: "users", sourcedId: "u-1" },
      { entity: "enrollments", sourcedId: "e-1" },
    ]);
    assert.deepEqual(read.notices, ["enrollments.csv: starts with a UTF-8 byte order mark, which was ignored"]);
    assert.equal(read.rows.enrollments, 1);

    const rows = smallRoster();
    const bulk = await readBothWays(await zipOf(bulkEntries({ ...rows, enrollments: [...rows.enrollments, "e-9,tobedeleted,,k-1,org-s,u-1,student,,,"] })));
    assert.deepEqual(bulk.notices, ["enrollments.csv: 1 row(s) with status tobedeleted left out of the bulk import, so they are removed if stored"]);
    assert.equal(bulk.rows.enrollments, 3);
  });

  it("reports a CSV error in enrollments.csv at its line and refuses the zip", async () => {
    const rows = smallRoster();
    const zip = await zipOf(bulkEntries({ ...rows, enrollments: [...rows.enrollments, 'e-4,,,k-1,org-s,"u-1,student,,,'] }));
    const read = await readBothWays(zip);
    assert.equal(read.ok, false);
    assert.deepEqual(read.problems, ["enrollments.csv:5: (csv): a quoted field is opened but never closed; the rest of the file is not read"]);
  });

  it("judges the references it read before the other files' ids were known as it judges those read after", async () => {
    const rows = smallRoster();
    const zip = await zipOf(bulkEntries({ ...rows, enrollments: [...rows.enrollments, "e-4,,,k-9,org-s,u-1,student,,,", "e-5,,,k-1,org-s,u-bad,student,,,"] }));
    const targets = (): EnrollmentTargets => {
      const ids = { classes: emptyEntityIds(), orgs: emptyEntityIds(), users: emptyEntityIds() };
      ids.classes.seen.set("k-1", 2);
      ids.orgs.seen.set("org-s", 3);
      for (const [line, id] of ["u-t", "u-1", "u-2", "u-bad"].entries()) ids.users.seen.set(id, line + 2);
      ids.users.invalid.add("u-bad");
      return ids;
    };
    const check = async (given: (context: CheckContext) => EnrollmentTargets | Promise<EnrollmentTargets>) => {
      const archive = await openZip({ buffer: zip });
      const context: CheckContext = { zip: archive, delta: false, problems: new ProblemList(), notices: [], mapOptions: { personnummer: "drop", personnummerDropped: {} }, deletions: [], leftOutInBulk: {} };
      const checked = await checkEnrollments(context, given(context), true);
      archive.close();
      return { ...checked, problems: context.problems.list.map(formatProblem) };
    };
    const known = await check(() => targets());
    // Known only once the whole file has been read: every reference waited.
    const late = await check((context) => new Promise((resolve) => (context.onProgress = () => resolve(targets()))));
    assert.deepEqual(late, known);
    assert.deepEqual(known.problems, ['enrollments.csv:6: userSourcedId: refers to users "u-bad", which is skipped (users.csv:5)']);
    assert.deepEqual([...known.skipped], [6]);
    assert.deepEqual(known.dangling, new Map([["classes", new Map([["k-9", [{ line: 5, column: "classSourcedId" }]]])]]));
    assert.equal(known.accepted, 4);
  });
});
