/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool.golden;

import org.apache.avro.generic.GenericRecord;

/** One source row's current record for a subject, decoded into the entity's current schema. */
public record Contribution(GenericRecord record, Provenance provenance) {}
