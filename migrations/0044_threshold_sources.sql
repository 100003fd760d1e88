-- The grading thresholds checked against ДБН В.2.2-40:2018 (issue 10). What could be traced to a
-- clause now cites it; one default was wrong:
--   ramp_max_slope_pct         8 %      п. 5.3.1   (1:12; for a reconstruction up to 10 % is allowed)
--   ramp_min_width_cm          1.2 m    п. 5.3.1.1 (one-way; 1.8 m two-way; 0.9 m for a
--                                                  reconstruction) — was 1.0 m, the old norm's figure
--   call_button_*_height_cm    0.85-1.1 m п. 6.4.6 (controls a person in a wheelchair reaches)
-- The door's clear width (0.9 m), the threshold (0.02 m) and the toilet's turning circle (1.5 m)
-- are the figures commonly quoted from this norm, but their clause was not verified against the
-- text: their sources say so rather than cite a number (README, "The accessibility map").
-- A default that changed regrades: facilities are marked ungraded, and the server grades them at
-- its start (server/accessibility/core/grading.ts, gradeUngradedFacilities).

UPDATE accessibility_threshold_default SET
  source_uk = 'ДБН В.2.2-40:2018, п. 5.3.1: ухил пандуса не більше 1:12 (8 %); при реконструкції — до 10 %',
  source_en = 'ДБН В.2.2-40:2018, cl. 5.3.1: a ramp slope of at most 1:12 (8 %); up to 10 % in a reconstruction'
WHERE code = 'ramp_max_slope_pct';

UPDATE accessibility_threshold_default SET value = 120,
  source_uk = 'ДБН В.2.2-40:2018, п. 5.3.1.1: ширина пандуса у просвіті не менше 1,2 м при однобічному русі (1,8 м — при двобічному; 0,9 м — при реконструкції)',
  source_en = 'ДБН В.2.2-40:2018, cl. 5.3.1.1: a clear ramp width of at least 1.2 m for one-way use (1.8 m two-way; 0.9 m in a reconstruction)'
WHERE code = 'ramp_min_width_cm';

UPDATE accessibility_threshold_default SET
  source_uk = 'ДБН В.2.2-40:2018, п. 6.4.6: органи керування на висоті 0,85–1,1 м від підлоги',
  source_en = 'ДБН В.2.2-40:2018, cl. 6.4.6: controls 0.85-1.1 m above the floor'
WHERE code IN ('call_button_min_height_cm', 'call_button_max_height_cm');

UPDATE accessibility_threshold_default SET
  source_uk = 'ДБН В.2.2-40:2018, входи і двері: ширина дверей у просвіті не менше 0,9 м (номер пункту не звірено з текстом норми)',
  source_en = 'ДБН В.2.2-40:2018, entrances and doors: a clear door width of at least 0.9 m (clause number not checked against the text)'
WHERE code = 'door_min_width_cm';

UPDATE accessibility_threshold_default SET
  source_uk = 'ДБН В.2.2-40:2018, входи і двері: поріг не вище 0,02 м (номер пункту і число не звірено з текстом норми)',
  source_en = 'ДБН В.2.2-40:2018, entrances and doors: a threshold of at most 0.02 m (clause and figure not checked against the text)'
WHERE code = 'threshold_max_cm';

UPDATE accessibility_threshold_default SET
  source_uk = 'ДБН В.2.2-40:2018, санітарні приміщення: зона розвороту крісла колісного діаметром 1,5 м (номер пункту не звірено з текстом норми)',
  source_en = 'ДБН В.2.2-40:2018, toilets: a 1.5 m wheelchair turning circle (clause number not checked against the text)'
WHERE code = 'toilet_min_turning_cm';

UPDATE facility f SET graded_at = NULL
WHERE NOT EXISTS (SELECT 1 FROM accessibility_threshold t WHERE t.municipality_id = f.municipality_id AND t.code = 'ramp_min_width_cm');
