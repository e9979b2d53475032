/** One record of a mapped file, whatever its format: where it is, and the values at a column or path. */
export interface SourceRecord {
  /** 1-based line of a text file or row of a worksheet; 0 for XML, which `where` locates instead. */
  line: number;
  /** XML: the record's element path, e.g. /Adela/Skolor/Skola[2]/Elever/Elev[5]; tabular files: "". */
  where: string;
  /** Every value at the column or path, trimmed, blanks left out. */
  values(ref: string): string[];
}

