/**
 * The check digit of a ЄДРПОУ code (the 8-digit identification code of a legal entity in the
 * Unified State Register of Enterprises and Organisations of Ukraine), by the algorithm of the
 * State Statistics Service:
 *
 *   1. Weights depend on where the code lies: codes below 30 000 000 or above 60 000 000 use
 *      1 2 3 4 5 6 7; codes from 30 000 000 to 60 000 000 use 7 1 2 3 4 5 6.
 *   2. Sum digit × weight over the first seven digits; the check digit is the sum mod 11.
 *   3. If that remainder is 10, repeat with every weight increased by 2
 *      (3 4 5 6 7 8 9, or 9 3 4 5 6 7 8); if it is 10 again, the check digit is 0.
 *
 * Examples that pass: 14360570, 00032129, 31316718.
 * The registry import validates owners' codes with isValidEdrpou; the demo generator makes valid
 * ones with edrpouCheckDigit.
 */

const LOW_HIGH_WEIGHTS = [1, 2, 3, 4, 5, 6, 7];
const MIDDLE_WEIGHTS = [7, 1, 2, 3, 4, 5, 6];

function weightedRemainder(first7: string, weights: number[], bonus: number): number {
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(first7[i]) * (weights[i] + bonus);
  return sum % 11;
}

function checkDigitWith(first7: string, weights: number[]): number {
  const first = weightedRemainder(first7, weights, 0);
  if (first < 10) return first;
  const second = weightedRemainder(first7, weights, 2);
  return second < 10 ? second : 0;
}

/** True when the whole 8-digit code lies in the range that uses the 7 1 2 3 4 5 6 weights. */
function inMiddleRange(code: number): boolean {
  return code >= 30_000_000 && code <= 60_000_000;
}

/** The eighth digit of a ЄДРПОУ code whose first seven digits are given. */
export function edrpouCheckDigit(first7: string): number {
  if (!/^[0-9]{7}$/.test(first7)) throw new Error(`edrpouCheckDigit expects 7 digits, got "${first7}"`);
  const prefix = Number(first7) * 10;
  // The range is decided by the whole code, digit included; it matters only at 6000000x, where
  // 60000000 is in the middle range and 60000001-09 are above it. Take the weights whose digit
  // keeps the code in their own range.
  const low = checkDigitWith(first7, LOW_HIGH_WEIGHTS);
  if (!inMiddleRange(prefix + low)) return low;
  const middle = checkDigitWith(first7, MIDDLE_WEIGHTS);
  if (inMiddleRange(prefix + middle)) return middle;
  throw new Error(`No valid ЄДРПОУ code starts with ${first7}`);
}

/** True for an 8-digit string whose last digit is its ЄДРПОУ check digit. */
export function isValidEdrpou(code: string): boolean {
  if (!/^[0-9]{8}$/.test(code)) return false;
  const weights = inMiddleRange(Number(code)) ? MIDDLE_WEIGHTS : LOW_HIGH_WEIGHTS;
  return checkDigitWith(code.slice(0, 7), weights) === Number(code[7]);
}
