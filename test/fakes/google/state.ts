export interface FakeGoogleUser {
  id: string;
  email: string;
  fullName: string;
}

export type FakeCourseState = "ACTIVE" | "ARCHIVED" | "PROVISIONED" | "DECLINED" | "SUSPENDED";

export interface FakeCourse {
  id: string;
  name: string;
  section?: string;
  description?: string;
  ownerId: string;
  courseState: FakeCourseState;
  creationTime: string;
  updateTime: string;
  aliases: Set<string>;
  teachers: Set<string>;
  students: Set<string>;
}

export interface FakeInvitation {
  id: string;
  userId: string;
  courseId: string;
  role: "TEACHER" | "STUDENT";
}

/** What the fake Workspace domain holds: users, courses (with aliases and rosters) and pending invitations. */
export class FakeClassroomState {
  readonly users = new Map<string, FakeGoogleUser>();
  readonly courses = new Map<string, FakeCourse>();
  readonly invitations = new Map<string, FakeInvitation>();
  private nextId = 600_000_000_001;

  /** A numeric id, as Classroom and Google accounts have. */
  newId(): string {
    return String(this.nextId++);
  }

  addUser(email: string, id: string = this.newId()): FakeGoogleUser {
    const user = { id, email: email.toLowerCase(), fullName: email.split("@")[0]! };
    this.users.set(id, user);
    return user;
  }

  /** A user by id or e-mail (userId of the API accepts both). */
  user(idOrEmail: string): FakeGoogleUser | undefined {
    const byId = this.users.get(idOrEmail);
    if (byId) return byId;
    const wanted = idOrEmail.toLowerCase();
    for (const user of this.users.values()) if (user.email === wanted) return user;
    return undefined;
  }

  /** A course by id or by one of its aliases. */
  course(idOrAlias: string): FakeCourse | undefined {
    const byId = this.courses.get(idOrAlias);
    if (byId) return byId;
    for (const course of this.courses.values()) if (course.aliases.has(idOrAlias)) return course;
    return undefined;
  }

  /** What a user does with an invitation: joins the course in its role. */
  acceptInvitation(id: string): void {
    const invitation = this.invitations.get(id);
    if (!invitation) throw new Error(`no invitation ${id}`);
    const course = this.courses.get(invitation.courseId)!;
    (invitation.role === "TEACHER" ? course.teachers : course.students).add(invitation.userId);
    this.invitations.delete(id);
  }

  /** Readable summary for assertions: alias → {name, section, state, owner, teachers, students, invited (e-mails, sorted)}. */
  summary(): Record<string, { name: string; section: string; state: FakeCourseState; owner: string; teachers: string[]; students: string[]; invited: string[] }> {
    const email = (id: string) => this.users.get(id)?.email ?? id;
    const result: ReturnType<FakeClassroomState["summary"]> = {};
    const courses = [...this.courses.values()].map((course) => ({ course, key: [...course.aliases].sort()[0] ?? course.id }));
    for (const { course, key } of courses.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
      result[key] = {
        name: course.name,
        section: course.section ?? "",
        state: course.courseState,
        owner: email(course.ownerId),
        teachers: [...course.teachers].map(email).sort(),
        students: [...course.students].map(email).sort(),
        invited: [...this.invitations.values()].filter((i) => i.courseId === course.id).map((i) => `${i.role.toLowerCase()}:${email(i.userId)}`).sort(),
      };
    }
    return result;
  }
}
