/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

/** The one shape of every error answer: {@code {"error": code, "message": text}}, never a stack trace. */
public record ApiError(String error, String message) {
    public Answer answer(int status) {
        return Answer.json(status, this);
    }
}
