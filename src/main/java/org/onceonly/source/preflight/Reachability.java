/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.preflight;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether a host and port answer, and if not, why: a name that does not resolve, a port nobody listens on
 * and packets that are dropped each have a different fix.
 *
 * @param failure      why it was not reached; {@code null} when it was
 * @param localAddress the hub's own address on the connection (what a {@code pg_hba.conf} line must allow)
 */
record Reachability(Failure failure, String localAddress) {
    enum Failure {
        DNS, REFUSED, TIMEOUT, NETWORK;

        /** What happened, in a DBA's words; {@code where} is {@code host:port} or the JDBC URL. */
        String describe(String where) {
            return switch (this) {
                case DNS -> "the host name of " + where + " does not resolve (DNS)";
                case REFUSED -> where + " refused the connection: nothing listens there";
                case TIMEOUT -> "no answer from " + where + " (timeout: a firewall drops the connection, or the host is down)";
                case NETWORK -> "no route to " + where;
            };
        }
    }

    boolean reached() {
        return failure == null;
    }

    /** Opens and closes a TCP connection to {@code host:port}. */
    static Reachability probe(String host, int port, Duration timeout) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return new Reachability(Failure.DNS, null);
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
            return new Reachability(null, socket.getLocalAddress().getHostAddress());
        } catch (IOException e) {
            return new Reachability(classify(e).orElse(Failure.NETWORK), null);
        }
    }

    /** The network failure somewhere in an error's causes (drivers wrap them), if there is one. */
    static Optional<Failure> classify(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownHostException) {
                return Optional.of(Failure.DNS);
            }
            if (cause instanceof SocketTimeoutException) {
                return Optional.of(Failure.TIMEOUT);
            }
            if (cause instanceof ConnectException) {
                // The operating system's own connect timeout also arrives as a ConnectException.
                String message = String.valueOf(cause.getMessage()).toLowerCase();
                return Optional.of(message.contains("timed out") ? Failure.TIMEOUT : Failure.REFUSED);
            }
            if (cause instanceof NoRouteToHostException) {
                return Optional.of(Failure.NETWORK);
            }
        }
        return Optional.empty();
    }
}
