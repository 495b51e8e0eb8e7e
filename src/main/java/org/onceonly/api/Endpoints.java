package org.onceonly.api;

/** A group of endpoints (subjects, prefill, materials, ...): declares its routes on the API's one router. */
public interface Endpoints {
    void declare(ApiRoutes routes);
}
