import { z } from "zod";

const monthDay = z.string().regex(/^\d{2}-\d{2}$/, "MM-DD");

/** Term dates (HT = autumn, VT = spring) of the files' school year; the files themselves carry no dates. */
export const termsSchema = z
  .object({
    autumn: z.object({ start: monthDay.default("07-01"), end: monthDay.default("12-31") }).prefault({}),
    spring: z.object({ start: monthDay.default("01-01"), end: monthDay.default("06-30") }).prefault({}),
  })
  .prefault({});

export type Terms = z.infer<typeof termsSchema>;
