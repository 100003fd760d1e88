import type { Thresholds } from '../../server/rules/accessibility.js';

/** The national defaults of migrations 0040 and 0044 (service.test.ts checks the database holds these). */
export const DEFAULTS: Thresholds = {
  ramp_max_slope_pct: 8, ramp_min_width_cm: 120, door_min_width_cm: 90, threshold_max_cm: 2, limited_step_max_cm: 7,
  call_button_min_height_cm: 85, call_button_max_height_cm: 110, toilet_min_turning_cm: 150,
};
