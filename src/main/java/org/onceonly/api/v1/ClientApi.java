/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api.v1;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.Locale;
import org.onceonly.access.Capability;
import org.onceonly.access.Client;
import org.onceonly.access.Grant;
import org.onceonly.api.Answer;
import org.onceonly.api.ApiRoutes;
import org.onceonly.api.Endpoints;
import org.onceonly.api.Json;

/**
 * {@code GET /v1/client}: who the caller is — its id, organisation, role, the departments it administers — and its
 * grants, purpose by purpose.
 * A client learns nothing here it was not told when it was registered; the console uses it after sign-in to
 * offer only the pages, purposes and departments the token can use.
 */
public final class ClientApi implements Endpoints {
    @Override
    public void declare(ApiRoutes routes) {
        routes.get("/v1/client").forClients().to(request -> Answer.ok(json(request.caller())));
    }

    static ObjectNode json(Client client) {
        ObjectNode node = Json.object().put("id", client.id()).put("organisation", client.organisation())
                .put("role", client.role().name().toLowerCase(Locale.ROOT)).put("administrator", client.administrator());
        // An administrator's own departments; an operator acts for every department and lists none.
        ArrayNode departments = node.putArray("departments");
        client.departments().stream().sorted().forEach(departments::add);
        ArrayNode grants = node.putArray("grants");
        client.grants().values().stream().sorted(Comparator.comparing(Grant::purpose)).forEach(grant -> {
            ObjectNode g = grants.addObject().put("purpose", grant.purpose()).put("description", grant.description());
            ObjectNode read = g.putObject("read");
            grant.read().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(e -> e.getValue().stream().sorted().forEach(read.withArray(e.getKey())::add));
            ArrayNode unmasked = g.putArray("unmasked");
            grant.unmasked().stream().sorted().forEach(unmasked::add);
            ArrayNode may = g.putArray("may");
            grant.may().stream().map(Capability::word).sorted().forEach(may::add);
        });
        return node;
    }
}
