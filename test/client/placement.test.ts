/**
 * Card placement without a browser: where the card covers the map on a phone (a bottom sheet) and
 * on a desk (a side panel), whether it hides a tapped feature, and where the map's centre goes so
 * that the feature shows in the middle of what the card leaves free. The boxes are the ones
 * Chromium lays out for app.css at 390×844 and 1280×800.
 */
import { describe, expect, test } from '@jest/globals';
import { centreFor, coverOf, freeCentre, hiddenByCard } from '../../client/src/map/placement.js';

/** 390×844 phone: the header above the map, the map 390×480, the sheet's max-height 65% of 844. */
const PHONE = { map: { left: 0, top: 64, width: 390, height: 480 }, viewportHeight: 844, cardMaxHeight: 0.65 * 844 };
/** 1280×800 desk: the map beside the sidebar, the card over the map's right 384 px. */
const DESK = { map: { left: 0, top: 56, width: 960, height: 744 }, viewportHeight: 800, cardMaxHeight: NaN };

describe('card placement', () => {
  test('on a phone a sheet still filling counts at its full height: it covers the map from 844 − 65% down', () => {
    const cover = coverOf({ ...PHONE, card: { left: 0, top: 700, width: 390, height: 144 } });
    expect(cover.kind).toBe('sheet');
    expect(cover.kind === 'sheet' && cover.top).toBeCloseTo(844 - 0.65 * 844 - 64, 6);
  });

  test('on a phone a sheet already at its full height covers the map from its top', () => {
    const cover = coverOf({ ...PHONE, cardMaxHeight: NaN, card: { left: 0, top: 500, width: 390, height: 344 } });
    expect(cover).toEqual({ kind: 'sheet', top: 436 });
  });

  test('on a desk a card level with the map is a side panel, covering the map right of its left edge', () => {
    const cover = coverOf({ ...DESK, card: { left: 576, top: 56, width: 384, height: 744 } });
    expect(cover).toEqual({ kind: 'side', left: 576 });
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

  test('the view centre moves so that the feature lands on the free centre (map units, y up)', () => {
    const resolution = 2; // map units per pixel
    // Phone: the feature must appear 90 px above the map's middle, so the centre goes 90 px (180 units) south of it.
    expect(centreFor([1000, 5000], [390, 480], resolution, { kind: 'sheet', top: 300 })).toEqual([1000, 5000 - 180]);
    // Desk: the feature must appear 192 px left of the middle, so the centre goes 384 units east of it.
    expect(centreFor([1000, 5000], [960, 744], resolution, { kind: 'side', left: 576 })).toEqual([1000 + 384, 5000]);
    expect(centreFor([1000, 5000], [960, 744], resolution, null)).toEqual([1000, 5000]);
  });
});
