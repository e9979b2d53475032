import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { readUnikum } from "../../../importers/unikum/importer.ts";
import { unikumSettingsSchema } from "../../../importers/unikum/settings.ts";

const user = (given: string, family: string, email: string, number: string, year = "") =>
  [given, family, email, number, "", "", "", "", "", "", "", "false", "true", "true", "true", year, "", "", "user"].join("\t");

describe("Unikum relation rows", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "unikum-relations-"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("reads relation columns in the configured order, counts what OneRoster cannot hold, and resolves a temporary number only within the files", async () => {
    const file = join(dir, "all.txt");
    await writeFile(
      file,
      [
        ["S1", "", "Skolan", "se.gymnasieutbildning.gymnasieskola", "", "", "", "", "", "", "", "", "", "", "school"].join("\t"),
        ["G1", "Engelska 5", "", "", "", "", "class"].join("\t"),
        user("Ella", "Gy", "ella@gy.se", "20080101-TF03", "2"),
        user("Lars", "Lärare", "lars@gy.se", "198004150002"),
        user("Vera", "Vårdnad", "vera@example.com", "X-77"),
        // operation first, then to, then from: --relation-columns 3,2,1
        ["add", "S1", "G1", "class_in_school"].join("\t"),
        ["add", "S1", "20080101-TF03", "student_in_school"].join("\t"),
        ["add", "G1", "20080101-TF03", "student_in_class"].join("\t"),
        ["add", "G1", "198004150002", "teacher_in_class"].join("\t"),
        ["add", "20080101-TF03", "198004150002", "mentor_for"].join("\t"),
        ["add", "S1", "X-77", "external_user_in_school"].join("\t"),
        ["add", "20080101-TF03", "X-77", "guardian_for"].join("\t"),
      ].join("\n"),
    );
    const settings = unikumSettingsSchema.parse({ files: [file], relationColumns: { from: 3, to: 2, operation: 1 } });
    const records = await readUnikum(settings, { tenantId: "t", sourceId: "unikum", today: "2026-09-01" });
    assert.deepEqual(
      records.users.map((u) => [u.givenName, u.role, u.grades, u.agentSourcedIds ?? []]),
      [
        ["Ella", "student", ["11"], [records.users[2]!.sourcedId]],
        ["Lars", "teacher", [], []],
        ["Vera", "guardian", [], []],
      ],
    );
    assert.deepEqual(records.classes.map((c) => [c.title, c.classType]), [["Engelska 5", "scheduled"]]);
    assert.deepEqual(records.enrollments.map((e) => [records.users.find((u) => u.sourcedId === e.userSourcedId)!.givenName, e.role]), [["Ella", "student"], ["Lars", "teacher"]]);
    assert.deepEqual(records.notes.map((n) => n.why), [
      "1 mentor_for (a mentor of a single student) row(s): not held by OneRoster 1.1, left out",
      "1 external_user_in_school row(s): not held by OneRoster 1.1, left out",
    ]);
  });
});
