import { describe, expect, test } from '@jest/globals';
import type { Request } from 'express';
import type { Municipality } from '../../server/municipalities/directory.js';
import { ogcBase, withParams } from '../../server/ogc/links.js';
import { ifNoneMatchHolds as matchesIfNoneMatch } from '../../server/http/conditional.js';

const slovyansk = { slug: 'slovyansk' } as Municipality;
const request = (host: string, protocol = 'http') => ({ protocol, get: (name: string) => (name === 'host' ? host : undefined) }) as unknown as Request;

describe('OGC API links', () => {
  test('start from PUBLIC_URL when the deployment sets one, path prefix and all', () => {
    expect(ogcBase(request('10.0.0.5:3000'), { PUBLIC_URL: 'https://gis.slovyansk.gov.ua/prozore/' }, slovyansk))
      .toBe('https://gis.slovyansk.gov.ua/prozore/slovyansk/ogc');
  });

  test("else from the request's scheme and host, refusing a Host header that is not a host", () => {
    expect(ogcBase(request('127.0.0.1:3000'), { PUBLIC_URL: undefined }, slovyansk)).toBe('http://127.0.0.1:3000/slovyansk/ogc');
    expect(ogcBase(request('evil.example/"><script>'), { PUBLIC_URL: undefined }, slovyansk)).toBe('http://localhost/slovyansk/ogc');
  });

  test('keep every parameter in its place, changing only those asked for', () => {
    const params = new URLSearchParams('bbox=37.5,48.8,37.7,48.9&limit=10&filter=legality%20%3D%20%27legal%27&f=json');
    const next = withParams('http://x/items', params, { offset: '10', f: 'html' });
    expect([...new URL(next).searchParams]).toEqual([
      ['bbox', '37.5,48.8,37.7,48.9'], ['limit', '10'], ['filter', "legality = 'legal'"], ['f', 'html'], ['offset', '10'],
    ]);
    expect(withParams('http://x/items', new URLSearchParams(), {})).toBe('http://x/items');
  });
});

describe('If-None-Match', () => {
  test('matches by weak comparison, in a list, or for *', () => {
    expect(matchesIfNoneMatch('W/"1-maf-7-2026112314-json"', 'W/"1-maf-7-2026112314-json"')).toBe(true);
    expect(matchesIfNoneMatch('"1-maf-7-2026112314-json"', 'W/"1-maf-7-2026112314-json"')).toBe(true);
    expect(matchesIfNoneMatch('W/"a", W/"1-maf-7-2026112314-json"', 'W/"1-maf-7-2026112314-json"')).toBe(true);
    expect(matchesIfNoneMatch('*', 'W/"x"')).toBe(true);
    expect(matchesIfNoneMatch('W/"1-maf-6-2026112314-json"', 'W/"1-maf-7-2026112314-json"')).toBe(false);
    expect(matchesIfNoneMatch(undefined, 'W/"x"')).toBe(false);
  });
});
