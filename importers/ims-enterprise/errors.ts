/**
 * A file that cannot be read as IMS Enterprise: broken XML, a wrong encoding, a missing required element. The message
 * names the file, the line and (where known) the XPath of the element: `file:line: /enterprise/person[3]/sourcedid/id: why`.
 */
export class ImsFileError extends Error {
  override name = "ImsFileError";
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly xpath: string | undefined,
    readonly why: string,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ""}: ${xpath ? `${xpath}: ` : ""}${why}`);
  }
}

/** Fetching a file failed (HTTPS, SFTP, a missing path): nothing was read. */
export class ImsFetchError extends Error {
  override name = "ImsFetchError";
}
