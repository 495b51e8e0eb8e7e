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

-- One row per prefill, without personal data: which of a form's fields and materials the pool supplied.
-- The "no-certificate city" measures (share of fields, share of materials) are computed from it.
CREATE TABLE IF NOT EXISTS prefill_outcome (
    id                 bigserial   PRIMARY KEY,
    form               text        NOT NULL,
    at                 timestamptz NOT NULL DEFAULT now(),
    fields_asked       integer     NOT NULL,
    fields_filled      text[]      NOT NULL,
    materials_asked    integer     NOT NULL,
    materials_supplied text[]      NOT NULL
);
CREATE INDEX IF NOT EXISTS prefill_outcome_by_form ON prefill_outcome (form, id);
