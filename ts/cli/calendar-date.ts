/** A --flag value that must be a real calendar date YYYY-MM-DD. */
export function calendarDate(flag: string, value: string | undefined): string {
  if (!value) throw new Error(`${flag} is required (YYYY-MM-DD)`);
  const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value)
    throw new Error(`${flag}: "${value}" is not a calendar date YYYY-MM-DD`);
  return value;
}
