/**
 * The SS 12000 v2.1 objects as this importer reads them: only the fields it maps, and each optional unless the
 * standard requires it, because registers differ in what they fill.
 */
export interface Meta {
  created?: string;
  modified?: string;
}

export interface ObjectReference {
  id: string;
  displayName?: string;
}

export interface PersonReference extends ObjectReference {
  securityMarking?: string;
}

export interface Organisation {
  id: string;
  meta?: Meta;
  displayName: string;
  organisationType: string;
  organisationCode?: string;
  organisationNumber?: string;
  schoolUnitCode?: string;
  schoolTypes?: string[];
  parentOrganisation?: ObjectReference;
  startDate?: string;
  endDate?: string;
}

export interface Enrolment {
  enroledAt: ObjectReference;
  schoolYear?: number;
  schoolType: string;
  startDate?: string;
  endDate?: string;
  cancelled?: boolean;
}

export interface Person {
  id: string;
  meta?: Meta;
  givenName: string;
  familyName: string;
  middleName?: string;
  eduPersonPrincipalNames?: string[];
  externalIdentifiers?: Array<{ value: string; context?: string; globallyUnique?: boolean }>;
  civicNo?: { value: string; nationality?: string };
  birthDate?: string;
  sex?: string;
  securityMarking?: string;
  personStatus?: string;
  emails?: Array<{ value: string; type?: string }>;
  phoneNumbers?: Array<{ value: string; type?: string; mobile?: boolean }>;
  enrolments?: Enrolment[];
  responsibles?: Array<{ person: PersonReference; relationType?: string }>;
}

export interface Placement {
  id: string;
  meta?: Meta;
  placedAt: ObjectReference;
  child: PersonReference;
  schoolType?: string;
  startDate?: string;
  endDate?: string;
}

export interface Duty {
  id: string;
  meta?: Meta;
  person: PersonReference;
  dutyAt: ObjectReference;
  dutyRole?: string;
  startDate?: string;
  endDate?: string;
  assignmentRole?: Array<{ group: ObjectReference; assignmentRoleType?: string; startDate?: string; endDate?: string }>;
}

export interface GroupMembership {
  person: PersonReference;
  startDate?: string;
  endDate?: string;
}

export interface Group {
  id: string;
  meta?: Meta;
  displayName: string;
  startDate?: string;
  endDate?: string;
  groupType?: string;
  schoolType?: string;
  organisation: ObjectReference;
  groupMemberships?: GroupMembership[];
}

export interface Activity {
  id: string;
  meta?: Meta;
  displayName: string;
  startDate?: string;
  endDate?: string;
  activityType?: string;
  groups?: ObjectReference[];
  teachers?: Array<{ duty: ObjectReference; startDate?: string; endDate?: string; grader?: boolean }>;
  syllabus?: ObjectReference;
  organisation: ObjectReference;
}

export interface Syllabus {
  id: string;
  schoolType?: string;
  subjectCode?: string;
  subjectName?: string;
  subjectDesignation?: string;
  courseCode?: string;
  courseName?: string;
  startSchoolYear?: number;
  endSchoolYear?: number;
}

export interface Collections {
  organisations: Organisation;
  persons: Person;
  placements: Placement;
  duties: Duty;
  groups: Group;
  activities: Activity;
  syllabuses: Syllabus;
}

export type Collection = keyof Collections;

/** `/deletedEntities` answer keys per collection; the standard's document spells activities `activitites`. */
export const DELETED_KEYS: Record<Collection, readonly string[]> = {
  organisations: ["organisations"],
  persons: ["persons"],
  placements: ["placements"],
  duties: ["duties"],
  groups: ["groups"],
  activities: ["activitites", "activities"],
  syllabuses: ["syllabuses"],
};
