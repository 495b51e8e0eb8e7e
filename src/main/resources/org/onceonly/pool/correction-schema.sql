-- Corrections: a citizen disputes a value of a golden record; the department that owns the value resolves
-- it. Idempotent: run at every start.
CREATE TABLE IF NOT EXISTS correction (
    id              bigserial   PRIMARY KEY,
    entity          text        NOT NULL,
    subject_key     text        NOT NULL,
    field           text        NOT NULL,
    proposed_value  text,
    note            text        NOT NULL,
    material        text,
    department      text        NOT NULL,
    status          text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected')),
    client_id       text        NOT NULL,
    purpose         text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    resolved_at     timestamptz,
    resolved_by     text,
    resolution_note text
);
CREATE INDEX IF NOT EXISTS correction_open_by_record ON correction (entity, subject_key) WHERE status = 'open';
CREATE INDEX IF NOT EXISTS correction_by_department ON correction (department, status, id);
