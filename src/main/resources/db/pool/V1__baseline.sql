--
-- Copyright 2026 The OnceOnly Authors
-- SPDX-License-Identifier: Apache-2.0
--

-- The pool's schema as the hub created it before versioned migrations (release 0.1: pool, material,
-- correction and access-log scripts, run at every start). Flyway runs it once, under its lock.
-- Every statement stays idempotent: a pool created by those scripts is baselined at version 0 and runs this
-- migration too, which then adds only what an older script had not created yet.

-- "already exists, skipping" notices are expected on such a pool and on a fresh one alike (a column both
-- created and then added if missing); Flyway would log each as a warning.
SET LOCAL client_min_messages = warning; -- this migration's transaction only

-- The pool's tables.
CREATE TABLE IF NOT EXISTS schema_version (
    entity        text        NOT NULL,
    version       integer     NOT NULL,
    fingerprint   bigint      NOT NULL,
    schema_json   text        NOT NULL,
    registered_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (entity, version),
    UNIQUE (entity, fingerprint)
);

-- What each source row currently contributes to an entity. Kept after a delete (deleted = true) so that
-- a late re-delivery of an older change cannot resurrect the row: a change applies only if its position
-- is greater than the stored one.
CREATE TABLE IF NOT EXISTS contribution (
    entity      text        NOT NULL,
    source_id   text        NOT NULL,
    row_key     text        NOT NULL,
    subject_key text,
    department  text        NOT NULL,
    position    text COLLATE "C" NOT NULL,
    source_time timestamptz NOT NULL,
    fingerprint bigint,
    record      bytea,
    deleted     boolean     NOT NULL DEFAULT false,
    applied_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (entity, source_id, row_key)
);
CREATE INDEX IF NOT EXISTS contribution_by_subject ON contribution (entity, subject_key) WHERE NOT deleted;
-- Room on each page for a row's next version: an update that changes no indexed column then stays on its
-- page (a HOT update) and touches no index. Applies to pages written from now on.
ALTER TABLE contribution SET (fillfactor = 85);

-- Every applied change, append-only: as-of reads and audit.
CREATE TABLE IF NOT EXISTS history (
    id          bigserial   PRIMARY KEY,
    entity      text        NOT NULL,
    source_id   text        NOT NULL,
    row_key     text        NOT NULL,
    subject_key text,
    department  text        NOT NULL,
    op          char(1)     NOT NULL,
    position    text COLLATE "C" NOT NULL,
    source_time timestamptz NOT NULL,
    fingerprint bigint,
    record      bytea,
    applied_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS history_by_subject ON history (entity, subject_key, applied_at);
CREATE INDEX IF NOT EXISTS history_by_row ON history (entity, source_id, row_key);

-- The golden record of each subject and entity: per field the surviving value and its provenance.
CREATE TABLE IF NOT EXISTS golden_record (
    entity      text        NOT NULL,
    subject_key text        NOT NULL,
    fields      jsonb       NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (entity, subject_key)
);
ALTER TABLE golden_record SET (fillfactor = 85);
-- A subject's picture (GET /v1/subjects/{id}) reads its records of every entity by key alone: the primary
-- key leads with the entity and cannot serve it.
CREATE INDEX IF NOT EXISTS golden_record_by_subject ON golden_record (subject_key);

-- Changes that a route could not map or validate, with the raw envelope for replay.
CREATE TABLE IF NOT EXISTS quarantine (
    id          bigserial   PRIMARY KEY,
    source_id   text        NOT NULL,
    source_table text       NOT NULL,
    row_key     text        NOT NULL,
    position    text COLLATE "C" NOT NULL,
    route_id    text,
    envelope    jsonb       NOT NULL,
    reasons     jsonb       NOT NULL,
    status      text        NOT NULL DEFAULT 'held',
    received_at timestamptz NOT NULL DEFAULT now(),
    resolved_at timestamptz,
    note        text
);
ALTER TABLE quarantine ADD COLUMN IF NOT EXISTS resolved_at timestamptz;
ALTER TABLE quarantine ADD COLUMN IF NOT EXISTS note text;
CREATE INDEX IF NOT EXISTS quarantine_by_source ON quarantine (source_id, status);

-- Which subjects a record names besides its own key: a marriage names both spouses, a household each
-- member. Rebuilt with the record's golden record, from its surviving values.
CREATE TABLE IF NOT EXISTS party_link (
    entity       text NOT NULL,
    subject_key  text NOT NULL,
    party_entity text NOT NULL,
    party_key    text NOT NULL,
    field        text NOT NULL,
    PRIMARY KEY (entity, subject_key, party_entity, party_key, field)
);
CREATE INDEX IF NOT EXISTS party_link_by_party ON party_link (party_key, entity);

-- Fields on which departments disagree, for data stewards; rebuilt with the golden record.
CREATE TABLE IF NOT EXISTS conflict (
    entity      text        NOT NULL,
    subject_key text        NOT NULL,
    field       text        NOT NULL,
    departments text[]      NOT NULL,
    candidates  jsonb       NOT NULL,
    detected_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (entity, subject_key, field)
);
CREATE INDEX IF NOT EXISTS history_by_entity_time ON history (entity, subject_key, source_time);

-- Changes waiting to be published to Kafka (topics onceonly.<Entity>): one row per new version or delete,
-- written in the same transaction as the history version it announces, and only while publication is on.
-- The relay publishes unsent rows in id order, sets sent_at once the broker acknowledged them, and deletes
-- rows sent more than an hour ago.
CREATE TABLE IF NOT EXISTS outbox (
    id          bigserial   PRIMARY KEY,
    entity      text        NOT NULL,
    source_id   text        NOT NULL,
    row_key     text        NOT NULL,
    subject_key text,
    department  text        NOT NULL,
    op          char(1)     NOT NULL,
    position    text COLLATE "C" NOT NULL,
    source_time timestamptz NOT NULL,
    fingerprint bigint,
    record      bytea,
    created_at  timestamptz NOT NULL DEFAULT now(),
    sent_at     timestamptz
);
CREATE INDEX IF NOT EXISTS outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
CREATE INDEX IF NOT EXISTS outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;

-- Materials: uploaded files stored once by content (ref = 'sha256:' || hex SHA-256) and linked to each
-- subject that uploaded them.
CREATE TABLE IF NOT EXISTS material (
    ref        text        PRIMARY KEY,
    media_type text        NOT NULL,
    size       bigint      NOT NULL,
    content    bytea       NOT NULL,
    stored_at  timestamptz NOT NULL DEFAULT now()
);
-- PDF, PNG and JPEG are compressed already: keep the content out of line without trying to compress it.
ALTER TABLE material ALTER COLUMN content SET STORAGE EXTERNAL;

CREATE TABLE IF NOT EXISTS subject_material (
    subject     text        NOT NULL,
    ref         text        NOT NULL REFERENCES material (ref),
    file_name   text        NOT NULL,
    uploaded_by text        NOT NULL,
    uploaded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (subject, ref)
);

-- Verifying an uploaded certificate finds it by the digest of its signed document.
CREATE INDEX IF NOT EXISTS golden_certificate_by_digest ON golden_record ((fields->'documentDigest'->>'value'))
    WHERE entity = 'Certificate';

-- Corrections: a citizen disputes a value of a golden record; the department that owns the value resolves
-- it.
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
