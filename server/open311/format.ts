/**
 * Open311 GeoReport v2's two formats (http://wiki.open311.org/GeoReport_v2): the same records as
 * JSON arrays or as XML with the spec's element names — <services><service>, <service_requests>
 * <request>, <service_definition>, <discovery>, <errors><error>. Values are escaped text; a list
 * inside a record (keywords, attributes, endpoints) becomes repeated child elements.
 */
import type { Response } from 'express';

export type Format = 'json' | 'xml';

type Value = string | number | boolean | null | undefined | Value[] | { [key: string]: Value };

const escape = (s: string) => s
  // eslint-disable-next-line no-control-regex
  .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
  .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** The element name of one item of a list field (the spec's singular names). */
const ITEM: Record<string, string> = {
  endpoints: 'endpoint', formats: 'format', attributes: 'attribute', values: 'value', keywords: 'keyword',
};

function element(name: string, value: Value, indent: string): string {
  if (value === null || value === undefined) return `${indent}<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM[name] ?? 'item';
    return `${indent}<${name}>\n${value.map((v) => element(item, v, `${indent}  `)).join('\n')}\n${indent}</${name}>`;
  }
  if (typeof value === 'object') {
    const children = Object.entries(value).map(([k, v]) => element(k, v, `${indent}  `));
    return `${indent}<${name}>\n${children.join('\n')}\n${indent}</${name}>`;
  }
  return `${indent}<${name}>${escape(String(value))}</${name}>`;
}

/** A list of records under its root (services/service, service_requests/request …). */
export function sendList(res: Response, format: Format, root: string, item: string, records: Record<string, Value>[], status = 200): void {
  res.status(status);
  if (format === 'json') {
    res.type('application/json; charset=utf-8').send(JSON.stringify(records));
    return;
  }
  const body = records.map((r) => element(item, r, '  ')).join('\n');
  res.type('text/xml; charset=utf-8').send(`<?xml version="1.0" encoding="utf-8"?>\n<${root}>\n${body}\n</${root}>\n`);
}

/** One record as the root (discovery, service_definition). */
export function sendRecord(res: Response, format: Format, root: string, record: Record<string, Value>): void {
  if (format === 'json') {
    res.type('application/json; charset=utf-8').send(JSON.stringify(record));
    return;
  }
  res.type('text/xml; charset=utf-8').send(`<?xml version="1.0" encoding="utf-8"?>\n${element(root, record, '')}\n`);
}

/** The spec's error list: [{ code, description }] / <errors><error>. */
export function sendErrors(res: Response, format: Format, status: number, description: string): void {
  sendList(res, format, 'errors', 'error', [{ code: status, description }], status);
}
