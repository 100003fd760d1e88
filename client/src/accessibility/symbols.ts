/**
 * How a facility is drawn for the chosen need: a shape per grade, so the grade reads without
 * colour and cannot be taken for the registry's legality dots (circles): a square for
 * "accessible", a triangle for "partly", a cross for "not", a hollow diamond for "unknown".
 * The legend and the list draw the same shapes as small inline SVGs.
 */
import type { FeatureLike } from 'ol/Feature.js';
import Fill from 'ol/style/Fill.js';
import RegularShape from 'ol/style/RegularShape.js';
import Stroke from 'ol/style/Stroke.js';
import Style, { type StyleFunction } from 'ol/style/Style.js';
import type { GradeLevel, Need } from '../../../server/rules/accessibility.js';
import { GRADES } from '../../../server/rules/vocabularies.js';

const COLOR: Record<GradeLevel, string> = Object.fromEntries(GRADES.map((g) => [g.value, g.color])) as Record<GradeLevel, string>;
const OUTLINE = '#ffffff';
const SELECTED = '#111111';
/** See styles/collectionStyle.ts: point symbols of a non-decluttering layer need this to be hit. */
const NO_DECLUTTER = 'none' as const;

function shape(grade: GradeLevel, radius: number, selected: boolean): RegularShape {
  const stroke = new Stroke({ color: selected ? SELECTED : OUTLINE, width: selected ? 3 : 1.5 });
  const fill = new Fill({ color: COLOR[grade] });
  switch (grade) {
    case 'full': return new RegularShape({ points: 4, radius: radius + 1, angle: Math.PI / 4, fill, stroke, declutterMode: NO_DECLUTTER });
    case 'partial': return new RegularShape({ points: 3, radius: radius + 2, fill, stroke, declutterMode: NO_DECLUTTER });
    case 'none': return new RegularShape({ points: 4, radius: radius + 3, radius2: radius / 2.2, angle: Math.PI / 4, fill, stroke: new Stroke({ color: selected ? SELECTED : OUTLINE, width: selected ? 3 : 1 }), declutterMode: NO_DECLUTTER });
    default: return new RegularShape({ points: 4, radius: radius + 1, fill: new Fill({ color: '#ffffff' }), stroke: new Stroke({ color: selected ? SELECTED : COLOR.unknown, width: 3 }), declutterMode: NO_DECLUTTER });
  }
}

export const gradeOf = (properties: Record<string, unknown>, need: Need): GradeLevel => {
  const g = properties[`grade_${need}`];
  return g === 'full' || g === 'partial' || g === 'none' ? g : 'unknown';
};

/**
 * The facilities layer's style for a need. Clusters keep the host's look (`base`); a feature the
 * filter leaves out is not drawn. `isSelected` rings the open card's feature.
 */
export function needStyle(base: StyleFunction, need: () => Need, shown: (properties: Record<string, unknown>) => boolean, isSelected: (feature: FeatureLike) => boolean): StyleFunction {
  const cache = new Map<string, Style>();
  return (feature, resolution) => {
    const flag = feature.get('cluster');
    if (flag === true || flag === 'true' || flag === 1) return base(feature, resolution);
    const properties = feature.getProperties();
    if (!shown(properties)) return undefined;
    const grade = gradeOf(properties, need());
    const selected = isSelected(feature);
    const key = `${grade}|${selected}`;
    let style = cache.get(key);
    if (!style) {
      style = new Style({ image: shape(grade, 6, selected), zIndex: selected ? 2 : 1 });
      cache.set(key, style);
    }
    return style;
  };
}

const SVG = 'http://www.w3.org/2000/svg';
const POINTS: Record<GradeLevel, string> = {
  full: '3,3 15,3 15,15 3,15',
  partial: '9,2 16,15 2,15',
  none: '3,5 5,3 9,7 13,3 15,5 11,9 15,13 13,15 9,11 5,15 3,13 7,9',
  unknown: '9,2 16,9 9,16 2,9',
};

/** The grade's symbol as a small SVG for the legend and the list (decorative: the text says the grade). */
export function gradeSymbol(grade: GradeLevel): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', '18');
  svg.setAttribute('height', '18');
  svg.setAttribute('viewBox', '0 0 18 18');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'grade-symbol');
  const polygon = document.createElementNS(SVG, 'polygon');
  polygon.setAttribute('points', POINTS[grade]);
  polygon.setAttribute('fill', grade === 'unknown' ? '#ffffff' : COLOR[grade]);
  polygon.setAttribute('stroke', grade === 'unknown' ? COLOR.unknown : '#ffffff');
  polygon.setAttribute('stroke-width', grade === 'unknown' ? '2.5' : '1');
  svg.append(polygon);
  return svg;
}
