--
-- Copyright 2026 The OnceOnly Authors
-- SPDX-License-Identifier: Apache-2.0
--

-- Golden records are derived when read, from the subject's live contributions (a subject has a handful),
-- so that a write takes no lock on a subject: see docs/guarantees.md, "Locks". What reads need besides a
-- contribution's subject is what it names: the party keys of its own values (a household's members, a
-- marriage's spouses) and, for a certificate, its document's digest ('documentDigest:' || hex). NULL until
-- computed (rows written before this version; the hub fills them in at start).
ALTER TABLE contribution ADD COLUMN IF NOT EXISTS names text[];
CREATE INDEX IF NOT EXISTS contribution_by_name ON contribution USING gin (names) WHERE NOT deleted AND names <> '{}';
-- A subject's picture reads its contributions of every entity by key alone.
DROP INDEX IF EXISTS contribution_by_subject;
CREATE INDEX IF NOT EXISTS contribution_by_subject ON contribution (subject_key) WHERE NOT deleted;

-- Subjects whose contributions a committed batch changed, waiting for their disagreements (table conflict)
-- to be projected. Writers only append here; one projector at a time (the pool's projection lock) empties it.
CREATE TABLE IF NOT EXISTS changed_subject (
    id          bigserial PRIMARY KEY,
    entity      text      NOT NULL,
    subject_key text      NOT NULL
);

-- Derived on read now.
DROP TABLE IF EXISTS party_link;
DROP TABLE IF EXISTS golden_record;

-- The append-only history keeps one index per way it is read: by row (as-of reads, audits) and by subject.
DROP INDEX IF EXISTS history_by_subject;
