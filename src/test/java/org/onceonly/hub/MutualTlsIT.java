/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.access.Tokens;
import org.onceonly.source.SecretReference;
import org.onceonly.testkit.HubExtension;
import org.onceonly.testkit.TestHubs;

/** The API over HTTPS with client certificates: a client authenticates by its certificate, and a certificate-bound token is useless alone. */
class MutualTlsIT {
    private static final String PASSWORD = "changeit";
    private static final String BOUND_TOKEN = "oo_certificate-bound-token-abcdefghijklmnopqrstuvwxyz";

    @TempDir
    static Path directory;
    @RegisterExtension
    static final HubExtension hub = HubExtension.inProcess().startedByTest();
    static HttpClient withCertificate;
    static HttpClient withoutCertificate;

    @BeforeAll
    static void start() throws Exception {
        Path server = directory.resolve("server.p12");
        Path client = directory.resolve("client.p12");
        keytool("-genkeypair", "-alias", "hub", "-keyalg", "EC", "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", server.toString(), "-storepass", PASSWORD);
        keytool("-genkeypair", "-alias", "portal", "-keyalg", "EC", "-dname", "CN=portal", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", client.toString(), "-storepass", PASSWORD);
        keytool("-exportcert", "-alias", "hub", "-keystore", server.toString(), "-storepass", PASSWORD, "-file", directory.resolve("hub.cer").toString());
        keytool("-exportcert", "-alias", "portal", "-keystore", client.toString(), "-storepass", PASSWORD, "-file", directory.resolve("portal.cer").toString());
        Path serverTrust = directory.resolve("server-trust.p12");
        Path clientTrust = directory.resolve("client-trust.p12");
        keytool("-importcert", "-noprompt", "-alias", "portal", "-file", directory.resolve("portal.cer").toString(),
                "-storetype", "PKCS12", "-keystore", serverTrust.toString(), "-storepass", PASSWORD);
        keytool("-importcert", "-noprompt", "-alias", "hub", "-file", directory.resolve("hub.cer").toString(),
                "-storetype", "PKCS12", "-keystore", clientTrust.toString(), "-storepass", PASSWORD);
        String fingerprint = Tokens.sha256Hex(load(client).getCertificate("portal").getEncoded());

        Path clients = hub.clients();
        Files.writeString(clients.resolve("certified-portal.yaml"), """
                id: certified-portal
                organisation: Portal with a certificate
                role: platform
                certificateSha256: %s
                """.formatted(fingerprint));
        Files.writeString(clients.resolve("bound-portal.yaml"), """
                id: bound-portal
                organisation: Portal whose token is bound to a certificate
                role: platform
                tokenSha256: %s
                certificateSha256: %s
                """.formatted(Tokens.sha256Hex(BOUND_TOKEN), "00".repeat(32)));
        Files.writeString(directory.resolve("tls-password"), PASSWORD);
        String secret = "${file:" + directory.resolve("tls-password").toAbsolutePath() + "}";
        hub.start(config -> config.with(HubSettings.CLIENTS, clients)
                .with(HubSettings.TLS_KEY_STORE, server)
                .with(HubSettings.TLS_KEY_STORE_PASSWORD, SecretReference.parse("keyStorePassword", secret))
                .with(HubSettings.TLS_TRUST_STORE, serverTrust)
                .with(HubSettings.TLS_TRUST_STORE_PASSWORD, SecretReference.parse("trustStorePassword", secret))
                .with(HubSettings.TLS_CLIENT_AUTH, "want"));
        withCertificate = HttpClient.newBuilder().sslContext(sslContext(client, clientTrust)).connectTimeout(Duration.ofSeconds(5)).build();
        withoutCertificate = HttpClient.newBuilder().sslContext(sslContext(null, clientTrust)).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void aClientAuthenticatesByItsCertificateAlone() throws Exception {
        assertThat(get(withCertificate, "/v1/catalog", null).statusCode()).isEqualTo(200);
    }

    @Test
    void withoutACertificateOrTokenTheRequestIsRefused() throws Exception {
        assertThat(get(withoutCertificate, "/v1/catalog", null).statusCode()).isEqualTo(401);
        assertThat(get(withoutCertificate, "/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aTokenBoundToACertificateIsUselessWithoutIt() throws Exception {
        HttpResponse<String> response = get(withCertificate, "/v1/catalog", BOUND_TOKEN);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("must present its TLS client certificate");
    }

    @Test
    void anOrdinaryTokenStillWorksOverTls() throws Exception {
        assertThat(get(withoutCertificate, "/v1/catalog", TestHubs.PLATFORM_TOKEN).statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> get(HttpClient http, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + hub.config().httpPort() + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static SSLContext sslContext(Path keyStore, Path trustStore) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(trustStore));
        KeyManagerFactory keys = null;
        if (keyStore != null) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keyStore), PASSWORD.toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static void keytool(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("keytool %s: %s", arguments[0], output).isZero();
    }
}
