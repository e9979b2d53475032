import assert from "node:assert/strict";
import { test } from "node:test";
import { cedsGrade, syllabusGrades } from "../../../importers/ss12000/grades.ts";

test("school years map to CEDS grades: grundskola 1–10 → 01–10, gymnasium 1–4 → 10–13, forms without years by form", () => {
  assert.deepEqual(
    Array.from({ length: 12 }, (_, year) => cedsGrade("GR", year)),
    [undefined, "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", undefined],
  );
  assert.deepEqual([0, 1, 2, 3, 4, 5].map((year) => cedsGrade("GY", year)), [undefined, "10", "11", "12", "13", undefined]);
  assert.equal(cedsGrade("GRS", 7), "07");
  assert.equal(cedsGrade("GYS", 2), "11");
  assert.equal(cedsGrade("FS", undefined), "PR");
  assert.equal(cedsGrade("FKLASS", 0), "KG");
  assert.equal(cedsGrade("VUXGY", 2), "AE");
  assert.equal(cedsGrade("YH", 1), "PS");
  assert.equal(cedsGrade("GR", undefined), undefined);
  assert.equal(cedsGrade(undefined, 3), undefined);
});

test("a syllabus covers each grade from its start year to its end year, once", () => {
  assert.deepEqual(syllabusGrades("GR", 7, 9), ["07", "08", "09"]);
  assert.deepEqual(syllabusGrades("GY", 1, 3), ["10", "11", "12"]);
  assert.deepEqual(syllabusGrades("GR", 4, undefined), ["04"]);
  assert.deepEqual(syllabusGrades("VUX", 1, 3), ["AE"]);
  assert.deepEqual(syllabusGrades("FKLASS", undefined, undefined), ["KG"]);
  assert.deepEqual(syllabusGrades("GR", undefined, undefined), []);
});
