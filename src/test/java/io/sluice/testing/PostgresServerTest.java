package io.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresServerTest {

    @Test
    void servesFreshDatabasesOnLoopbackWithDurabilityOff() throws SQLException {
        String url = PostgresServer.createDatabase("server_test");

        assertThat(url).isEqualTo("jdbc:postgresql://127.0.0.1:" + PostgresServer.get().port() + "/server_test");
        assertThat(setting(url, "listen_addresses")).isEqualTo("127.0.0.1");
        assertThat(setting(url, "fsync")).isEqualTo("off");
        assertThat(setting(url, "synchronous_commit")).isEqualTo("off");
        assertThat(setting(url, "full_page_writes")).isEqualTo("off");
        assertThat(setting(url, "server_version_num")).satisfies(v -> assertThat(Integer.parseInt(v)).isGreaterThanOrEqualTo(150000));

        exec(url, "CREATE TABLE leftover (x INTEGER)");
        String again = PostgresServer.createDatabase("server_test");
        assertThat(again).isEqualTo(url);
        assertThat(setting(again, "search_path")).isNotNull();
        assertThatThrownBy(() -> exec(again, "SELECT * FROM leftover")).hasMessageContaining("does not exist");
    }

    @Test
    void jdbcUrlCreatesADatabaseOnceAndKeepsIt() throws SQLException {
        String url = PostgresServer.jdbcUrl("server_test_kept");
        exec(url, "CREATE TABLE kept (x INTEGER)");

        assertThat(PostgresServer.jdbcUrl("server_test_kept")).isEqualTo(url);
        exec(url, "SELECT * FROM kept");
        assertThat(PostgresServer.get().startupTime()).isPositive();
    }

    @Test
    void refusesNamesThatAreNotPlainLowerCaseIdentifiers() {
        assertThatThrownBy(() -> PostgresServer.createDatabase("Robert'); DROP")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void findsTheBinariesOrSaysHowToInstallThem(@TempDir Path empty) {
        assertThat(PostgresServer.findBinaries().resolve("initdb")).isExecutable();
        assertThatThrownBy(() -> PostgresServer.findBinaries(List.of(empty)))
                .hasMessageContaining("initdb")
                .hasMessageContaining("apt-get install postgresql");
    }

    private static String setting(String url, String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('" + name + "')")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void exec(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, ""); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
