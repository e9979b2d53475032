import assert from "node:assert/strict";
import { before, it } from "node:test";
import { formatProblem } from "../../../importers/oneroster-csv/index.ts";
import { bulkEntries, csvFile, manifestCsv, smallRoster, zipOf } from "../../fixtures/oneroster-csv/zip.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { importZip, tenantCounts } from "./helpers.ts";

const TENANT = "t";
const zipBytes: { damagedUsers?: Buffer } = {};
const latin1 = (text: string) => Buffer.from(text, "latin1");

/** The small roster with some files' rows replaced. */
function roster(changes: Partial<ReturnType<typeof smallRoster>> = {}) {
  return bulkEntries({ ...smallRoster(), ...changes });
}

describeEachEngine("OneRoster CSV import: malformed zips are refused precisely and change nothing", (database) => {
  let counts: Record<string, number>;
  before(async () => {
    // Two bytes of users.csv's compressed data flipped, so inflating it fails.
    const damaged = await zipOf(roster());
    const at = damaged.indexOf("users.csv") + "users.csv".length + 10;
    damaged[at] = damaged[at]! ^ 0xff;
    damaged[at + 1] = damaged[at + 1]! ^ 0xff;
    zipBytes.damagedUsers = damaged;
    const { db } = database();
    const { result } = await importZip(db, TENANT, await zipOf(roster()));
    assert.equal(result?.status, "succeeded");
    counts = await tenantCounts(db, TENANT);
    assert.equal(counts.enrollments, 3);
  });

  const cases: Array<{ name: string; entries: () => Record<string, string | Buffer> | Promise<Record<string, string | Buffer>>; problems: string[]; zip?: () => Buffer }> = [
    {
      name: "missing manifest",
      entries: () => {
        const { "manifest.csv": _, ...rest } = roster();
        return rest;
      },
      problems: ["manifest.csv: (file): not in the zip; a OneRoster CSV zip has manifest.csv at its root"],
    },
    {
      name: "a file the manifest lists as bulk is missing",
      entries: () => {
        const { "orgs.csv": _, ...rest } = roster();
        return rest;
      },
      problems: ["manifest.csv:13: file.orgs: says bulk, but orgs.csv is not in the zip"],
    },
    {
      name: "an unknown file",
      entries: () => ({ ...roster(), "notes.txt": "hello" }),
      problems: ["notes.txt: (file): not a file of the OneRoster 1.1 CSV binding"],
    },
    {
      name: "wrong header (case of a column)",
      entries: () => ({ ...roster(), "users.csv": csvFile("users", ...smallRoster().users).replace("givenName", "GivenName") }),
      problems: [
        'users.csv:1: GivenName: not a column of users.csv; did you mean "givenName"? (headers are case-sensitive)',
        "users.csv:1: givenName: missing from the header",
      ],
    },
    {
      name: "missing header column",
      entries: () => ({ ...roster(), "orgs.csv": "sourcedId,status,dateLastModified,name,type,identifier\r\norg-d,,,X,district,\r\n" }),
      problems: ["orgs.csv:1: parentSourcedId: missing from the header"],
    },
    {
      name: "bad enum",
      entries: () => roster({ orgs: ["org-d,,,Exempelby kommun,district,,", "org-s,,,Björkskolan,skola,10000001,org-d"] }),
      problems: ['orgs.csv:3: type: "skola" is not one of department, school, district, local, state, national'],
    },
    {
      name: "bad date and boolean",
      entries: () => roster({ enrollments: ["e-t,,,k-1,org-s,u-t,teacher,yes,,", "e-1,,,k-1,org-s,u-1,student,false,2026-02-30,", "e-2,,,k-1,org-s,u-2,student,,,"] }),
      problems: ['enrollments.csv:2: primary: "yes" is not true or false', 'enrollments.csv:3: beginDate: "2026-02-30" is not a date (YYYY-MM-DD)'],
    },
    {
      name: "dangling reference",
      entries: () => roster({ enrollments: ["e-t,,,k-1,org-s,u-t,teacher,true,,", "e-1,,,k-1,org-s,u-1,student,false,,", "e-2,,,k-1,org-s,u-404,student,,,"] }),
      problems: ['enrollments.csv:4: userSourcedId: "u-404" is neither in users.csv nor in the tenant'],
    },
    {
      name: "dangling reference among held files (a class's term)",
      entries: () => roster({ classes: ["k-1,,,Matematik 7A,07,c-1,MA7A,scheduled,Sal 12,org-s,\"as-t,as-vt\",Matematik,MA,"] }),
      problems: ['classes.csv:2: termSourcedIds: "as-vt" is neither in academicSessions.csv nor in the tenant'],
    },
    {
      name: "duplicate sourcedId",
      entries: () => roster({ users: [...smallRoster().users, "u-2,,,true,org-s,student,cy.e2,,Cy,Elev,,,,,,,07,"] }),
      problems: ['users.csv:6: sourcedId: "u-2" appears again (first on line 4)'],
    },
    {
      name: "non-UTF-8 bytes (Latin-1)",
      entries: () => ({
        ...roster(),
        "users.csv": Buffer.concat([Buffer.from(csvFile("users", ...smallRoster().users.slice(0, 2))), latin1("u-2,,,true,org-s,student,cy.e,,Cy,Elevsson Ödmark,,,,,,,07,\r\n"), Buffer.from("u-g,,,true,org-s,guardian,gun.v,,Gun,V,,,,,,,,\r\n")]),
      }),
      problems: ["users.csv:4: familyName: not UTF-8; save the file as UTF-8"],
    },
    {
      name: "quoted newlines and CRLF keep the real line numbers in errors",
      entries: () => ({
        ...roster(),
        "orgs.csv": csvFile("orgs", 'org-d,,,"Exempelby\r\nkommun\r\n(huvudman)",district,,', "org-s,,,Björkskolan,school,10000001,org-d", "org-x,,,,school,,org-d"),
      }),
      problems: ["orgs.csv:6: name: required, but empty"],
    },
    {
      name: "a row with too few fields",
      entries: () => roster({ courses: ["c-1,,,as-y,Matematik 7,MA7,07,org-s,Matematik"] }),
      problems: ["courses.csv:2: (row): 9 fields, but the header has 10"],
    },
    {
      name: "a quoted field never closed",
      entries: () => roster({ courses: ['c-1,,,as-y,"Matematik 7,MA7,07,org-s,Matematik,MA'] }),
      problems: ["courses.csv:2: (csv): a quoted field is opened but never closed; the rest of the file is not read"],
    },
    {
      name: "a manifest mixing bulk and delta",
      entries: () => ({ ...roster(), "manifest.csv": manifestCsv({ orgs: "bulk", academicSessions: "bulk", courses: "bulk", classes: "bulk", users: "bulk", demographics: "bulk", enrollments: "delta" }) }),
      problems: ["manifest.csv:11: file.enrollments: delta, but file.orgs (line 13) is bulk; the roster files of a zip must be all bulk or all delta"],
    },
    {
      name: "a bulk zip without a required file",
      entries: () => {
        const { "courses.csv": _, ...rest } = roster();
        return { ...rest, "manifest.csv": manifestCsv({ orgs: "bulk", academicSessions: "bulk", classes: "bulk", users: "bulk", demographics: "bulk", enrollments: "bulk" }) };
      },
      problems: ["manifest.csv:8: file.courses: absent in a bulk zip; a bulk import replaces the whole roster, so courses.csv must be there (a header alone if there are none)"],
    },
    {
      name: "a delta row without status and dateLastModified",
      entries: () => ({ "manifest.csv": manifestCsv({ users: "delta" }), "users.csv": csvFile("users", "u-2,,,true,org-s,student,cy.e,,Cy,Elev,,,,,,,08,") }),
      problems: ["users.csv:2: status: required, but empty (one of active, tobedeleted)", "users.csv:2: dateLastModified: required in a delta file, but empty"],
    },
    {
      name: "a damaged zip entry",
      entries: () => ({}),
      zip: () => zipBytes.damagedUsers!,
      problems: ["users.csv: (zip): cannot be read from the zip: invalid bit length repeat"],
    },
    {
      name: "an empty data file",
      entries: () => ({ ...roster(), "demographics.csv": "" }),
      problems: ["demographics.csv:1: (header): the file is empty; it needs at least its header"],
    },
    {
      name: "not a zip at all",
      entries: () => ({}),
      zip: () => Buffer.from("sourcedId,status\r\n"),
      problems: ["zip: (zip): not a readable zip file: End of central directory record signature not found. Either not a zip file, or file is truncated."],
    },
  ];

  for (const c of cases) {
    it(`${c.name}: ${c.problems[0]}`, async () => {
      const { db } = database();
      const zip = c.zip ? c.zip() : await zipOf(await c.entries());
      const { read, result } = await importZip(db, TENANT, zip);
      assert.deepEqual(read.problems.map(formatProblem), c.problems);
      assert.equal(read.ok, false);
      assert.equal(result, undefined);
      assert.deepEqual(await tenantCounts(db, TENANT), counts);
    });
  }
});
