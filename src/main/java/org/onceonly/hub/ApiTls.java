package org.onceonly.hub;

import org.apache.camel.support.jsse.ClientAuthentication;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.SSLContextServerParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

/** The API server's TLS settings ({@code http.tls}) as Camel's SSL context parameters. */
final class ApiTls {
    private ApiTls() {}

    static SSLContextParameters parameters(HubConfig.Tls tls) {
        KeyStoreParameters keyStore = new KeyStoreParameters();
        keyStore.setResource("file:" + tls.keyStore().toAbsolutePath());
        keyStore.setPassword(tls.keyStorePassword().resolve());
        KeyManagersParameters keyManagers = new KeyManagersParameters();
        keyManagers.setKeyStore(keyStore);
        keyManagers.setKeyPassword(tls.keyStorePassword().resolve());
        SSLContextParameters parameters = new SSLContextParameters();
        parameters.setKeyManagers(keyManagers);
        if (tls.trustStore() != null) {
            KeyStoreParameters trustStore = new KeyStoreParameters();
            trustStore.setResource("file:" + tls.trustStore().toAbsolutePath());
            if (tls.trustStorePassword() != null) {
                trustStore.setPassword(tls.trustStorePassword().resolve());
            }
            TrustManagersParameters trustManagers = new TrustManagersParameters();
            trustManagers.setKeyStore(trustStore);
            parameters.setTrustManagers(trustManagers);
        }
        SSLContextServerParameters server = new SSLContextServerParameters();
        server.setClientAuthentication(switch (tls.clientAuth()) {
            case "need" -> ClientAuthentication.REQUIRE.name();
            case "want" -> ClientAuthentication.WANT.name();
            default -> ClientAuthentication.NONE.name();
        });
        parameters.setServerParameters(server);
        return parameters;
    }
}
