import type { Request } from "express";

/** A named path parameter as one string (Express types a parameter as a list too, for wildcards). */
export function param(req: Request, name: string): string {
  const value = req.params[name] as string | string[] | undefined;
  return Array.isArray(value) ? value.join("/") : (value ?? "");
}
