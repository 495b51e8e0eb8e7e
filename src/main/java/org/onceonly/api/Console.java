/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The browser console at {@code /console/}: static pages from this jar ({@code org/onceonly/console/}) and the
 * chart library from its Maven webjar ({@code /console/vendor/uplot/}). The pages hold no data and no
 * privilege of their own: they ask the same API with the token the user typed (kept in the tab's
 * {@code sessionStorage}), so every read is authenticated, purpose-bound, masked and logged as any client's.
 * Being public files, they are served without authentication, under a Content-Security-Policy that lets them
 * load only their own scripts and talk only to this origin.
 */
public final class Console {
    /** Where the console is served. */
    public static final String PATH = "/console/";
    private static final String UPLOT = "META-INF/resources/webjars/uplot/" + webjarVersion("uplot") + "/dist";
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private Console() {}

    /** Mounts the console's files on {@code router} (before its failure handler: a missing file is the API's JSON 404). */
    static void mount(Router router) {
        // Vert.x Web matches "/console" and "/console/" alike: only the first is sent on to the second.
        router.route(HttpMethod.GET, "/console").handler(context -> {
            if ("/console".equals(context.request().path())) {
                context.redirect(PATH);
            } else {
                context.next();
            }
        });
        router.route("/console/*").handler(Console::headers);
        router.route(HttpMethod.GET, "/console/vendor/uplot/*").handler(files(UPLOT));
        router.route(HttpMethod.GET, "/console/*").handler(files("org/onceonly/console"));
    }

    private static StaticHandler files(String root) {
        // No directory listing, no hidden files; the files change only with the jar, so a browser may keep them briefly.
        return StaticHandler.create(root).setDirectoryListing(false).setIncludeHidden(false).setDefaultContentEncoding("UTF-8")
                .setMaxAgeSeconds(300).setIndexPage("index.html");
    }

    private static void headers(RoutingContext context) {
        context.response().putHeader("Content-Security-Policy", POLICY).putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY").putHeader("Referrer-Policy", "no-referrer");
        context.next();
    }

    /** The version of a webjar on the class path, from its Maven properties (the pom names it once). */
    private static String webjarVersion(String name) {
        String resource = "/META-INF/maven/org.webjars.npm/" + name + "/pom.properties";
        try (InputStream in = Console.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the webjar org.webjars.npm:" + name + " is missing from the class path");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }
}
