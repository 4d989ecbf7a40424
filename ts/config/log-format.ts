/** `pretty`: one readable line per record, for people (the default); `json`: one JSON object per line, for machines. */
export const LOG_FORMATS = ["pretty", "json"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
