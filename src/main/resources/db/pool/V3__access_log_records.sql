--
-- Copyright 2026 The OnceOnly Authors
-- SPDX-License-Identifier: Apache-2.0
--

-- The records (Entity/key) an access-log entry's fields came from: one entry per party shown names them, so a
-- citizen sees which marriage, household or enrolment was read. Entries written before have none, and their
-- hashes stay as they were (a chain hash covers records only when there are any).
ALTER TABLE access_log ADD COLUMN IF NOT EXISTS records text[] NOT NULL DEFAULT '{}';
