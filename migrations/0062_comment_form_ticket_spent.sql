-- A form ticket (server/comments/core/privacy.ts) serves one comment: the signature of each
-- spent ticket is kept until the ticket would be stale anyway (a day), so a robot cannot post a
-- day's worth of comments with one opened form, whichever app process it reaches.
CREATE TABLE comment_ticket_spent (
  signature text PRIMARY KEY CHECK (length(signature) <= 64),
  spent_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX comment_ticket_spent_at_idx ON comment_ticket_spent (spent_at);
