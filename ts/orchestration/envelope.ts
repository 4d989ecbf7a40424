import { z } from "zod";

/**
 * The one message on the bus (DESIGN.md §5): every completion, and every trigger a transition publishes, is this
 * envelope. It is validated when published and again when received; an invalid message is rejected with every
 * problem named and kept in the dead-letter table (dead-letters.ts), never half-processed.
 */
export const PHASES = [
  "phase_1_scrapers",
  "phase_2_raw",
  "phase_3_analytics",
  "phase_4_precompute",
  "phase_5_predictions",
  "phase_6_grading",
] as const;
export type Phase = (typeof PHASES)[number];

/** success/partial count towards a transition; no_data and failed never do. */
export const STATUSES = ["success", "partial", "no_data", "failed"] as const;

/** Bigger than any real message (a few hundred changed players), far below Pub/Sub's 10 MB. */
export const MAX_ENVELOPE_BYTES = 256 * 1024;

export function isCalendarDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const isoDate = z.string().refine(isCalendarDate, "expected a calendar date YYYY-MM-DD");
const name = z.string().regex(/^[a-z][a-z0-9_]{0,127}$/, "lower-case snake_case name, at most 128 characters");
const id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, "letters, digits and _ . : - only, at most 128 characters");
const entityList = z.array(z.string().min(1).max(128)).max(5000);

export const EnvelopeSchema = z
  .object({
    processor_name: name,
    phase: z.enum(PHASES),
    execution_id: id,
    correlation_id: id,
    game_date: isoDate,
    output_table: name.nullable().optional(),
    output_dataset: z
      .string()
      .regex(/^[A-Za-z0-9_]{1,128}$/)
      .nullable()
      .optional(),
    status: z.enum(STATUSES),
    record_count: z.number().int().min(0).default(0),
    records_failed: z.number().int().min(0).default(0),
    duration_seconds: z.number().min(0).finite().default(0),
    entities_changed: z
      .object({ players: entityList.default([]), teams: entityList.default([]) })
      .strict()
      .default({ players: [], teams: [] }),
    is_incremental: z.boolean().default(false),
    timestamp: z.string().datetime(),
    error_message: z.string().max(4000).nullable().optional(),
    metadata: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export type Envelope = z.output<typeof EnvelopeSchema>;
export type EnvelopeInput = z.input<typeof EnvelopeSchema>;

export class InvalidEnvelopeError extends Error {
  override name = "InvalidEnvelopeError";
  constructor(readonly problems: string[]) {
    super(`invalid envelope: ${problems.join("; ")}`);
  }
}

/** Parses raw bytes or an object into an Envelope, or throws InvalidEnvelopeError naming every problem. */
export function parseEnvelope(raw: string | Buffer | unknown): Envelope {
  let value: unknown = raw;
  if (typeof raw === "string" || Buffer.isBuffer(raw)) {
    const bytes = Buffer.byteLength(raw);
    if (bytes > MAX_ENVELOPE_BYTES)
      throw new InvalidEnvelopeError([`${bytes} bytes, more than the ${MAX_ENVELOPE_BYTES}-byte limit`]);
    try {
      value = JSON.parse(raw.toString());
    } catch (error) {
      throw new InvalidEnvelopeError([`not JSON: ${(error as Error).message}`]);
    }
  } else if (Buffer.byteLength(JSON.stringify(raw ?? null)) > MAX_ENVELOPE_BYTES) {
    throw new InvalidEnvelopeError([`more than the ${MAX_ENVELOPE_BYTES}-byte limit`]);
  }
  const parsed = EnvelopeSchema.safeParse(value);
  if (!parsed.success) {
    throw new InvalidEnvelopeError(parsed.error.issues.map((i) => `${i.path.join(".") || "(message)"}: ${i.message}`));
  }
  return parsed.data;
}

/** The envelope's wire form: JSON, UTF-8, null-valued keys dropped (as the reference publisher did). */
export function serializeEnvelope(envelope: EnvelopeInput): string {
  const valid = parseEnvelope(envelope);
  const text = JSON.stringify(valid, (_k, v: unknown) => (v === null ? undefined : v));
  if (Buffer.byteLength(text) > MAX_ENVELOPE_BYTES)
    throw new InvalidEnvelopeError([
      `${Buffer.byteLength(text)} bytes, more than the ${MAX_ENVELOPE_BYTES}-byte limit`,
    ]);
  return text;
}

/** The run window a message is about: metadata.start_date..end_date when present, else its game_date alone. */
export function envelopeWindow(e: Envelope): { start: string; end: string } {
  const start = typeof e.metadata.start_date === "string" ? e.metadata.start_date : e.game_date;
  const end = typeof e.metadata.end_date === "string" ? e.metadata.end_date : e.game_date;
  for (const [k, v] of [
    ["metadata.start_date", start],
    ["metadata.end_date", end],
  ] as const) {
    if (!isoDate.safeParse(v).success) throw new InvalidEnvelopeError([`${k}: expected a calendar date YYYY-MM-DD`]);
  }
  if (end < start) throw new InvalidEnvelopeError([`metadata.end_date ${end} is before metadata.start_date ${start}`]);
  return { start, end };
}
