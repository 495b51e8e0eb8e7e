--
-- Copyright 2026 The OnceOnly Authors
-- SPDX-License-Identifier: Apache-2.0
--

-- A batch queues the subjects it changed as one row (two arrays, entity and subject key by position)
-- instead of a row per subject: a snapshot batch of 2,048 changes wrote and the projector deleted 2,048
-- rows, index entries included, and the projector's "oldest first" scan crossed every dead one of them
-- until vacuum came. Subjects still queued in the old shape move over as one row.
CREATE TABLE IF NOT EXISTS changed_subjects (
    id           bigserial PRIMARY KEY,
    entities     text[] NOT NULL,
    subject_keys text[] NOT NULL
);
INSERT INTO changed_subjects (entities, subject_keys)
    SELECT array_agg(entity ORDER BY id), array_agg(subject_key ORDER BY id) FROM changed_subject HAVING count(*) > 0;
DROP TABLE changed_subject;
