/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.route;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.builder.NoErrorHandlerBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.onceonly.schema.CanonicalSink;
import org.onceonly.schema.SchemaCatalog;

/**
 * A Camel context set up for mapping routes: the {@code dept:} and {@code pool:} components, the domain
 * functions, and the routes loaded from YAML. The hub adds its HTTP API to the same context; route tests
 * and quarantine replays use it bare.
 */
public final class RouteRuntime implements AutoCloseable {
    private final CamelContext camel;
    private final DeptComponent dept = new DeptComponent();
    private final List<Path> routeFiles = new ArrayList<>();

    public RouteRuntime(SchemaCatalog schemas) {
        camel = new DefaultCamelContext();
        // A failing exchange is the dispatcher's to handle (quarantine with reasons); Camel's default
        // handler would also log a stack trace per bad record.
        camel.getCamelContextExtension().setErrorHandlerFactory(new NoErrorHandlerBuilder());
        DomainFunctions.all().forEach(camel.getRegistry()::bind);
        camel.addComponent("dept", dept);
        camel.addComponent("pool", new PoolComponent(schemas));
    }

    /** Loads every {@code *.yaml} route under a directory (any depth), or one file. */
    public RouteRuntime load(Path directoryOrFile) {
        List<Path> files;
        if (Files.isRegularFile(directoryOrFile)) {
            files = List.of(directoryOrFile);
        } else if (Files.isDirectory(directoryOrFile)) {
            try (Stream<Path> walk = Files.walk(directoryOrFile)) {
                files = walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
            } catch (IOException e) {
                throw new IllegalStateException("cannot list routes in " + directoryOrFile + ": " + e.getMessage(), e);
            }
        } else {
            throw new IllegalArgumentException("no route file or folder at " + directoryOrFile);
        }
        List<Resource> resources = new ArrayList<>();
        for (Path file : files) {
            resources.add(ResourceHelper.resolveResource(camel, "file:" + file.toAbsolutePath()));
        }
        try {
            PluginHelper.getRoutesLoader(camel).loadRoutes(resources);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot load routes from " + directoryOrFile + ": " + e.getMessage(), e);
        }
        routeFiles.addAll(files);
        return this;
    }

    public List<Path> routeFiles() {
        return List.copyOf(routeFiles);
    }

    public CamelContext camel() {
        return camel;
    }

    public RouteDispatcher dispatcher(CanonicalSink sink) {
        return new RouteDispatcher(dept, sink);
    }

    /** The {@code dept:} endpoints the loaded routes start at, in route order. */
    public List<DeptEndpoint> deptEndpoints() {
        List<DeptEndpoint> endpoints = new ArrayList<>();
        for (Route route : camel.getRoutes()) {
            if (route.getEndpoint() instanceof DeptEndpoint endpoint) {
                endpoints.add(endpoint);
            }
        }
        return endpoints;
    }

    public RouteRuntime start() {
        camel.start();
        return this;
    }

    @Override
    public void close() {
        camel.stop();
    }
}
