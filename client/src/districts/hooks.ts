/**
 * Where other services plug into "Your deputy". The comments service registers how to write to a
 * deputy (its form, addressed to the deputy's district); until one is registered the deputy's
 * page shows no such button rather than one that does nothing.
 */
export interface WriteToDeputy {
  deputyId: number;
  fullName: string;
  districtId: number | null;
}

let writer: ((to: WriteToDeputy) => void) | null = null;

/** Called once by the service that can take a resident's message to a deputy. */
export function setWriteToDeputy(handler: ((to: WriteToDeputy) => void) | null): void {
  writer = handler;
}

export function writeToDeputy(): ((to: WriteToDeputy) => void) | null {
  return writer;
}
