package org.onceonly.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** Hub configuration for tests: the project's real routes and schemas, an embedded pool under a temp dir. */
public final class TestHubs {
    private TestHubs() {}

    public static HubConfig config(Path directory, Path connectors) {
        return HubConfig.defaults()
                .withDataDirectory(directory.resolve("hub-data"))
                .withPool(new HubConfig.PoolConfig(null, null, null, 0))
                .withHttpPort(freePort())
                .withConnectors(connectors);
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Golden Person records as the pool holds them: identity number → registered address. */
    public static Map<String, String> poolAddresses(Hub hub) {
        return queryMap(hub, "SELECT subject_key, fields->'registeredAddress'->>'value' FROM golden_record WHERE entity = 'Person'");
    }

    public static long count(Hub hub, String sql) {
        try (Connection connection = hub.pool().dataSource().getConnection();
             ResultSet row = connection.createStatement().executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public static Map<String, String> queryMap(Hub hub, String sql) {
        Map<String, String> out = new HashMap<>();
        try (Connection connection = hub.pool().dataSource().getConnection();
             ResultSet rows = connection.createStatement().executeQuery(sql)) {
            while (rows.next()) {
                out.put(rows.getString(1), rows.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return out;
    }
}
