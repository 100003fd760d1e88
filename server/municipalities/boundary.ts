/**
 * "Inside the hromada", the one rule every registry writer applies: the whole geometry lies in
 * the municipality's boundary, the boundary line itself counting as inside (ST_CoveredBy, not
 * ST_Within, so an object on the city line is accepted; not ST_Intersects, so a footprint may not
 * reach out of the city). The API checks one geometry, the import a staging table of them; both
 * write this expression (so do the importers of other datasets: address points, …).
 */
export const insideHromada = (geom: string, boundary: string): string => `ST_CoveredBy(${geom}, ${boundary})`;
