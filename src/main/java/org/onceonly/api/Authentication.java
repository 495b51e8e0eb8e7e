/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

import io.vertx.core.http.HttpServerRequest;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.onceonly.access.Client;
import org.onceonly.access.ClientRegistry;
import org.onceonly.access.Tokens;

/**
 * Who is calling: the client whose bearer token the request's {@code Authorization} header carries — the
 * header only, never a query parameter or a form field — or, over mutual TLS, whose certificate the
 * connection presented. A client registered with a certificate must present it even with its token, so a
 * leaked token alone is useless. The token is never logged or echoed.
 */
public final class Authentication {
    private final ClientRegistry clients;

    public Authentication(ClientRegistry clients) {
        this.clients = clients;
    }

    /** The calling client; a refusal (401) says what is missing. */
    Client caller(HttpServerRequest request) {
        String header = request.getHeader("Authorization");
        String token = null;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = header.substring(7).strip();
        }
        String certificate = peerCertificateSha256(request);
        Optional<Client> client = token != null ? clients.authenticate(token) : clients.byCertificate(certificate);
        if (client.isEmpty()) {
            throw new Refusal(401, "unauthenticated", token == null
                    ? "send the client's bearer token (Authorization: Bearer <token>) or its TLS client certificate"
                    : "the bearer token is not one of a registered client");
        }
        if (client.get().certificateSha256() != null && !client.get().certificateSha256().equals(certificate)) {
            throw new Refusal(401, "unauthenticated", "client " + client.get().id() + " must present its TLS client certificate");
        }
        return client.get();
    }

    /** The SHA-256 of the certificate the TLS peer presented, or null (plain HTTP, or none presented). */
    private static String peerCertificateSha256(HttpServerRequest request) {
        if (!request.isSSL()) {
            return null;
        }
        try {
            List<Certificate> chain = request.connection().peerCertificates();
            return chain == null || chain.isEmpty() ? null : Tokens.sha256Hex(chain.get(0).getEncoded());
        } catch (SSLPeerUnverifiedException | CertificateEncodingException e) {
            return null;
        }
    }

    public ClientRegistry clients() {
        return clients;
    }
}
