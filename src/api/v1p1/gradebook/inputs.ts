import { z } from "zod";

// The bodies of gradebook PUTs: the singular envelope. Many 1.1 consumers send numbers and booleans as strings.

const numeric = z.preprocess(
  (value) => (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value),
  z.number({ error: "must be a number" }).finite(),
);
const dateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/, "must be an ISO 8601 date or date-time")
  .refine((value) => !Number.isNaN(Date.parse(value)), "is not a real date");
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}/, "must be a date (YYYY-MM-DD)")
  .transform((value) => value.slice(0, 10))
  .refine((value) => !Number.isNaN(Date.parse(value)), "is not a real date");
const ref = z.object({ sourcedId: z.string().min(1) }).passthrough();

const base = {
  sourcedId: z.string().min(1).optional(),
  status: z.enum(["active", "tobedeleted"]).optional(),
  dateLastModified: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
};

export const categoryInput = z.object({ category: z.object({ ...base, title: z.string().min(1) }) });

export const lineItemInput = z.object({
  lineItem: z.object({
    ...base,
    title: z.string().min(1),
    description: z.string().optional(),
    assignDate: dateTime,
    dueDate: dateTime,
    class: ref,
    category: ref,
    gradingPeriod: ref,
    resultValueMin: numeric,
    resultValueMax: numeric,
  }),
});

export const resultInput = z.object({
  result: z.object({
    ...base,
    lineItem: ref,
    student: ref,
    scoreStatus: z.enum(["exempt", "fully graded", "not submitted", "partially graded", "submitted"]),
    score: numeric,
    scoreDate: date,
    comment: z.string().optional(),
  }),
});
