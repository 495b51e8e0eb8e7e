package org.onceonly.hub;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.impl.VertxInternal;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * A Vert.x instance whose HTTP servers ask TLS clients for their certificate. Camel's platform-http server
 * passes its SSL context's key and trust managers to Vert.x but not the client-authentication mode, and
 * creates its server from the Vert.x instance it is given; this wrapper sets {@link ClientAuth} on the way.
 * Everything else goes to the real instance.
 */
final class ClientCertificateVertx {
    private ClientCertificateVertx() {}

    static Vertx wrap(Vertx vertx, ClientAuth clientAuth) {
        return (Vertx) Proxy.newProxyInstance(ClientCertificateVertx.class.getClassLoader(),
                new Class<?>[] {VertxInternal.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("createHttpServer") && arguments != null && arguments.length == 1
                            && arguments[0] instanceof HttpServerOptions options) {
                        options.setClientAuth(clientAuth);
                    }
                    try {
                        return method.invoke(vertx, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
