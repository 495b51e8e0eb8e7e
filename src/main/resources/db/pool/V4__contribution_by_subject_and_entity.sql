--
-- Copyright 2026 The OnceOnly Authors
-- SPDX-License-Identifier: Apache-2.0
--

-- A subject's contributions to one entity are found by one index holding both keys. With the subject alone
-- in it, the planner intersected it with the primary key's entity prefix whenever statistics were missing
-- or stale (a pool filling up during its first snapshot): the whole entity's keys read once per subject,
-- quadratic in the pool's size (issue 14, item 4; docs/performance.md). Lookups by subject alone (a
-- subject's picture) still go by its leading column.
DROP INDEX IF EXISTS contribution_by_subject;
CREATE INDEX contribution_by_subject ON contribution (subject_key, entity) WHERE NOT deleted;
