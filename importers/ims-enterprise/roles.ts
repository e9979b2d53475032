/** What a membership role means for the roster, from IMS 1.1 codes (01–08) or Tieto's words. */
export type RoleKind = "student" | "teacher" | "mentor" | "administrator" | "guardian" | "other";

const KINDS: Record<string, RoleKind> = {
  "01": "student", learner: "student", student: "student", child: "student",
  // IMS 04 Member is a participant; Moodle maps it to student as well.
  "04": "student", member: "student",
  "02": "teacher", instructor: "teacher", gradeauthority: "teacher",
  "03": "teacher", contentdeveloper: "teacher", "content developer": "teacher",
  "08": "teacher", teachingassistant: "teacher",
  "06": "mentor", mentor: "mentor",
  "05": "administrator", manager: "administrator",
  "07": "administrator", administrator: "administrator", principal: "administrator",
  guardian: "guardian", otherresponsible: "guardian", trustee: "guardian",
};

export function roleKind(roleType: string): RoleKind {
  return KINDS[roleType.trim().toLowerCase()] ?? "other";
}

/** A person's user role from the kinds of their roles: teaching beats administering. */
export function staffRole(kinds: Iterable<RoleKind>): "teacher" | "administrator" {
  for (const kind of kinds) if (kind === "teacher" || kind === "mentor") return "teacher";
  return "administrator";
}
