-- The access log: append-only and hash-chained. Each entry's hash covers its content and the previous
-- entry's hash, so an edit or a deletion breaks the chain at that entry (`onceonly audit verify`).
CREATE TABLE IF NOT EXISTS access_log (
    seq          bigint      PRIMARY KEY,
    at           timestamptz NOT NULL,
    client_id    text        NOT NULL,
    organisation text        NOT NULL,
    purpose      text        NOT NULL,
    action       text        NOT NULL,
    subject      text        NOT NULL,
    fields       text[]      NOT NULL,
    prev_hash    text        NOT NULL,
    hash         text        NOT NULL
);
CREATE INDEX IF NOT EXISTS access_log_by_subject ON access_log (subject, seq);
