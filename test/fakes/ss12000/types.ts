/** The SS 12000 v2.1 shapes the fake serves, named as the OpenAPI document names them. */

export interface Meta {
  created: string;
  modified: string;
}

export type SecurityMarking = "Ingen" | "Sekretessmarkering" | "Skyddad folkbokföring";
export type PersonStatus = "Aktiv" | "Utvandrad" | "Avliden";
export type SchoolType = "FKLASS" | "FTH" | "GR" | "GY";

export type ObjectReference = { id: string; displayName?: string };
export type PersonReference = ObjectReference & { securityMarking?: SecurityMarking };

export type Organisation = {
  id: string;
  meta: Meta;
  displayName: string;
  organisationType: "Huvudman" | "Skolenhet";
  organisationCode?: string;
  organisationNumber?: string;
  schoolUnitCode?: string;
  schoolTypes?: SchoolType[];
  municipalityCode?: string;
  parentOrganisation?: ObjectReference;
  email?: string;
  startDate?: string;
};

export type Enrolment = {
  enroledAt: ObjectReference;
  schoolYear?: number;
  schoolType: SchoolType;
  startDate: string;
  endDate?: string;
  educationCode?: string;
};

export type Person = {
  id: string;
  meta: Meta;
  givenName: string;
  familyName: string;
  eduPersonPrincipalNames?: string[];
  externalIdentifiers?: Array<{ value: string; context: string; globallyUnique: boolean }>;
  civicNo?: { value: string; nationality?: string };
  birthDate?: string;
  sex?: "Man" | "Kvinna" | "Okänt";
  securityMarking: SecurityMarking;
  personStatus: PersonStatus;
  emails?: Array<{ value: string; type: "Privat" | "Skola elev" | "Skola personal" | "Arbete övrigt" }>;
  phoneNumbers?: Array<{ value: string; type: "Hem" | "Arbete"; mobile: boolean }>;
  enrolments?: Enrolment[];
  responsibles?: Array<{ person: PersonReference; relationType: "Vårdnadshavare" | "Annan ansvarig" | "God man" | "Utsedd behörig" }>;
};

export type Placement = {
  id: string;
  meta: Meta;
  placedAt: ObjectReference;
  child: PersonReference;
  owners?: PersonReference[];
  schoolType: "FS" | "FTH" | "OPPFTH";
  startDate: string;
  endDate?: string;
  reason?: "Omsorgsbehov" | "Erbjuden tid" | "Eget behov";
};

export type Duty = {
  id: string;
  meta: Meta;
  person: PersonReference;
  dutyAt: ObjectReference;
  dutyRole: "Rektor" | "Lärare" | "Lärarassistent";
  signature?: string;
  dutyPercent?: number;
  startDate: string;
  endDate?: string;
  assignmentRole?: Array<{ group: ObjectReference; assignmentRoleType: "Mentor"; startDate?: string; endDate?: string }>;
};

export type GroupMembership = { person: PersonReference; startDate?: string; endDate?: string };

export type Group = {
  id: string;
  meta: Meta;
  displayName: string;
  startDate: string;
  endDate?: string;
  groupType: "Klass" | "Undervisning";
  schoolType?: SchoolType;
  organisation: ObjectReference;
  groupMemberships: GroupMembership[];
};

export type DutyAssignment = { duty: ObjectReference; startDate?: string; endDate?: string; grader?: boolean };

export type Activity = {
  id: string;
  meta: Meta;
  displayName: string;
  calendarEventsRequired: boolean;
  startDate: string;
  endDate?: string;
  activityType: "Undervisning";
  groups: ObjectReference[];
  teachers: DutyAssignment[];
  syllabus?: ObjectReference;
  organisation: ObjectReference;
};

export type Syllabus = {
  id: string;
  meta: Meta;
  schoolType: SchoolType;
  subjectCode?: string;
  subjectName: string;
  subjectDesignation?: string;
  courseCode?: string;
  courseName?: string;
  startSchoolYear?: number;
  endSchoolYear?: number;
  curriculum?: "GR2011" | "GY2011";
  official: boolean;
};

export interface Entities {
  organisations: Organisation;
  persons: Person;
  placements: Placement;
  duties: Duty;
  groups: Group;
  activities: Activity;
  syllabuses: Syllabus;
}

export type Collection = keyof Entities;
export type AnyEntity = Entities[Collection];

export const COLLECTIONS: readonly Collection[] = [
  "organisations",
  "persons",
  "placements",
  "duties",
  "groups",
  "activities",
  "syllabuses",
];

/** Code_ObjectType of each collection, as `/deletedEntities?entities=` takes it. */
export const OBJECT_TYPE: Record<Collection, string> = {
  organisations: "Organisation",
  persons: "Person",
  placements: "Placement",
  duties: "Duty",
  groups: "Group",
  activities: "Activity",
  syllabuses: "Syllabus",
};

/** The key of each collection in a `/deletedEntities` answer; the document spells activities `activitites`. */
export const DELETED_KEY: Record<Collection, string> = {
  organisations: "organisations",
  persons: "persons",
  placements: "placements",
  duties: "duties",
  groups: "groups",
  activities: "activitites",
  syllabuses: "syllabuses",
};

export type PersonKind = "student" | "teacher" | "administrator" | "aide" | "guardian";
