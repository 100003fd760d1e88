/**
 * Times as desktop GIS clients write them in filters, read as RFC 3339, for the `datetime`
 * parameter, property filters and CQL2 literals alike.
 */

/**
 * A time as desktop clients write it, made RFC 3339. GDAL 3.6 serialises a date as
 * "2025-06-01T" (a T and nothing after) and a time to the hour or minute as "2025-06-01T10Z",
 * "2025-06-01T10:30Z" (ogroapifdriver.cpp, SerializeDateTime); both mean what they say.
 */
export function desktopTime(text: string): string {
  const dateOnly = /^(\d{4}-\d{2}-\d{2})[Tt]$/.exec(text);
  if (dateOnly) return dateOnly[1];
  const short = /^(\d{4}-\d{2}-\d{2}[Tt])(\d{2})(?::(\d{2}))?([Zz])$/.exec(text);
  if (short) return `${short[1]}${short[2]}:${short[3] ?? '00'}:00${short[4]}`;
  return text;
}
