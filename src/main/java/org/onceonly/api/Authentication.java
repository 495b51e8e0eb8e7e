package org.onceonly.api;

import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.onceonly.access.Client;
import org.onceonly.access.ClientRegistry;
import org.onceonly.access.Tokens;

/**
 * Who is calling: the client whose bearer token the request carries ({@code Authorization: Bearer ...}),
 * or — over mutual TLS — whose certificate the connection presented. A client registered with a
 * certificate must present it even with its token, so a leaked token alone is useless. Responds 401
 * otherwise; the token is never logged or echoed.
 */
public final class Authentication {
    private final ClientRegistry clients;

    public Authentication(ClientRegistry clients) {
        this.clients = clients;
    }

    /** The calling client, or empty after responding 401. */
    Optional<Client> caller(Exchange exchange) {
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        String token = null;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = header.substring(7).strip();
        }
        String certificate = peerCertificateSha256(exchange);
        Optional<Client> client = token != null ? clients.authenticate(token) : clients.byCertificate(certificate);
        String refusal = null;
        if (client.isEmpty()) {
            refusal = token == null
                    ? "send the client's bearer token (Authorization: Bearer <token>) or its TLS client certificate"
                    : "the bearer token is not one of a registered client";
        } else if (client.get().certificateSha256() != null && !client.get().certificateSha256().equals(certificate)) {
            refusal = "client " + client.get().id() + " must present its TLS client certificate";
            client = Optional.empty();
        }
        if (refusal != null) {
            ApiError.respond(exchange, 401, "unauthenticated", refusal);
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer realm=\"onceonly\"");
        }
        return client;
    }

    /** The SHA-256 of the certificate the TLS peer presented, or null (plain HTTP, or none presented). */
    private static String peerCertificateSha256(Exchange exchange) {
        HttpMessage message = exchange.getIn(HttpMessage.class);
        if (message == null || message.getRequest() == null || !message.getRequest().isSSL()) {
            return null;
        }
        try {
            List<Certificate> chain = message.getRequest().connection().peerCertificates();
            return chain == null || chain.isEmpty() ? null : Tokens.sha256Hex(chain.get(0).getEncoded());
        } catch (SSLPeerUnverifiedException | CertificateEncodingException e) {
            return null;
        }
    }

    public ClientRegistry clients() {
        return clients;
    }
}
