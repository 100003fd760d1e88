/**
 * Card placement without a browser: where the card covers the map on a phone (a bottom sheet) and
 * on a desk (a side panel), whether it hides a tapped feature, and where the map's centre goes so
 * that the feature shows in the middle of what the card leaves free. The boxes are the ones
 * Chromium lays out for app.css at 390×844 and 1280×800 (measured with getBoundingClientRect).
 */
import { describe, expect, test } from '@jest/globals';
import { centreFor, coverOf, freeCentre, hiddenByCard } from '../../client/src/map/placement.js';

/** 390×844 phone: the header above the map, the sheet's max-height 65dvh (548.6 px). */
const PHONE = { map: { left: 0, top: 84.125, width: 390, height: 523.265625 }, viewportHeight: 844, cardMaxHeight: 548.6 };
/** 1280×800 desk: the map beside the sidebar, the card over the map's right 384 px. */
const DESK = { map: { left: 0, top: 55.1875, width: 928, height: 744.8125 }, viewportHeight: 800, cardMaxHeight: NaN };

describe('card placement', () => {
  test('on a phone a sheet still filling counts at its full height: it covers the map from 844 − 548.6 px down', () => {
    const cover = coverOf({ ...PHONE, card: { left: 0, top: 700, width: 390, height: 144 } });
    expect(cover.kind).toBe('sheet');
    expect(cover.kind === 'sheet' && cover.top).toBeCloseTo(844 - 548.6 - 84.125, 6);
  });

  test('a sheet without a max-height covers the map from its top', () => {
    const cover = coverOf({ ...PHONE, cardMaxHeight: NaN, card: { left: 0, top: 500.125, width: 390, height: 343.875 } });
    expect(cover).toEqual({ kind: 'sheet', top: 416 });
  });

  test('on a desk a card level with the map is a side panel, covering the map right of its left edge', () => {
    const cover = coverOf({ ...DESK, card: { left: 544, top: 55.1875, width: 384, height: 744.8125 } });
    expect(cover).toEqual({ kind: 'side', left: 544 });
  });

  test('a tapped point below the sheet is hidden, one above it is not, one off the map always is', () => {
    const cover = { kind: 'sheet', top: 300 } as const;
    expect(hiddenByCard([195, 350], [390, 480], cover)).toBe(true);
    expect(hiddenByCard([195, 250], [390, 480], cover)).toBe(false);
    expect(hiddenByCard([195, -5], [390, 480], cover)).toBe(true);
    expect(hiddenByCard([400, 100], [390, 480], null)).toBe(true);
    expect(hiddenByCard([195, 350], [390, 480], null)).toBe(false);
  });

  test('a point under the side panel is hidden, one left of it is not', () => {
    const cover = { kind: 'side', left: 576 } as const;
    expect(hiddenByCard([700, 100], [960, 744], cover)).toBe(true);
    expect(hiddenByCard([500, 700], [960, 744], cover)).toBe(false);
  });

  test('the free centre is the middle of the map above the sheet, left of the panel, or of the whole map', () => {
    expect(freeCentre([390, 480], { kind: 'sheet', top: 300 })).toEqual([195, 150]);
    expect(freeCentre([390, 480], { kind: 'sheet', top: 900 })).toEqual([195, 240]); // a sheet below the map hides nothing of it
    expect(freeCentre([960, 744], { kind: 'side', left: 576 })).toEqual([288, 372]);
    expect(freeCentre([960, 744], { kind: 'side', left: 0 })).toEqual([480, 372]); // a panel over the whole map: nowhere better
    expect(freeCentre([960, 744], null)).toEqual([480, 372]);
  });

  test('a kiosk tapped on a phone under where the sheet will reach glides to the middle of the map above it', () => {
    // As measured in Chromium: the kiosk tapped at clientY 345.6 was drawn at clientY 189.76 once the card opened.
    const cover = coverOf({ ...PHONE, card: { left: 0, top: 600, width: 390, height: 244 } });
    const size = [PHONE.map.width, PHONE.map.height];
    expect(hiddenByCard([195, 345.6 - PHONE.map.top], size, cover)).toBe(true);
    expect(PHONE.map.top + freeCentre(size, cover)[1]).toBeCloseTo(189.76, 2);
  });

  test('the view centre moves so that the feature lands on the free centre (map units, y up)', () => {
    const resolution = 2; // map units per pixel
    // Phone: the feature must appear 90 px above the map's middle, so the centre goes 90 px (180 units) south of it.
    expect(centreFor([1000, 5000], [390, 480], resolution, { kind: 'sheet', top: 300 })).toEqual([1000, 5000 - 180]);
    // Desk: the feature must appear 192 px left of the middle, so the centre goes 384 units east of it.
    expect(centreFor([1000, 5000], [960, 744], resolution, { kind: 'side', left: 576 })).toEqual([1000 + 384, 5000]);
    expect(centreFor([1000, 5000], [960, 744], resolution, null)).toEqual([1000, 5000]);
  });
});
