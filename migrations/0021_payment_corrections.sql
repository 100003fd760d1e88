-- Correcting a payment (issue 9, "Edit what exists"): this is money, so a wrong entry is never
-- edited or deleted in place. A correction adds a reversal (the same amount, negative) that
-- names the payment it cancels and says why, and — when the right amount is not zero — a new
-- entry with that amount naming the same original. Sums over payment (pub_registry's revenue,
-- the figures) then come out right by plain addition, and the history keeps every step.
ALTER TABLE payment ADD COLUMN corrects_payment_id integer REFERENCES payment(id);
ALTER TABLE payment ADD COLUMN correction_reason text CHECK (length(correction_reason) <= 500);
-- 0003's CHECK (amount_uah > 0), named by PostgreSQL's rule <table>_<column>_check.
ALTER TABLE payment DROP CONSTRAINT payment_amount_uah_check;
ALTER TABLE payment ADD CONSTRAINT payment_amount_sign CHECK (amount_uah > 0 OR (amount_uah < 0 AND corrects_payment_id IS NOT NULL));
ALTER TABLE payment ADD CONSTRAINT payment_correction_has_reason
  CHECK (corrects_payment_id IS NULL OR length(btrim(correction_reason)) > 0);
-- At most one reversal per payment: a payment is cancelled once.
CREATE UNIQUE INDEX payment_one_reversal_idx ON payment (corrects_payment_id) WHERE amount_uah < 0;

-- The public list of payments shows which entries correct which (the reason is the department's
-- bookkeeping, as the document number is). Columns appended, 0007's kept in order.
CREATE OR REPLACE VIEW pub_registry_payments AS
SELECT pm.municipality_id, pm.id, pm.object_id, pm.amount_uah, pm.paid_on, pm.period_from, pm.period_to,
       pm.corrects_payment_id
FROM payment pm;
