package io.sluice.warehouse.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded warehouse's memory budget and spill directory, from fake cgroup files. */
class DuckDbMemoryTest {
    private static final long GIB = 1024L * 1024L * 1024L;
    private static final long HOST = 64 * GIB;

    @TempDir
    Path dir;

    @Test
    void aCgroupV2LimitGivesAQuarterOfIt() throws Exception {
        Files.writeString(dir.resolve("memory.max"), "1073741824\n");
        Properties props = defaults(new Properties());
        assertThat(props.getProperty("memory_limit")).isEqualTo("256MiB");
    }

    @Test
    void aCgroupV1LimitGivesAQuarterOfIt() throws Exception {
        Files.createDirectories(dir.resolve("memory"));
        Files.writeString(dir.resolve("memory").resolve("memory.limit_in_bytes"), Long.toString(8 * GIB));
        assertThat(defaults(new Properties()).getProperty("memory_limit")).isEqualTo("2048MiB");
    }

    @Test
    void withoutAContainerLimitAQuarterOfTheMachineAtMost768Mib() throws Exception {
        Files.writeString(dir.resolve("memory.max"), "max\n");
        assertThat(defaults(new Properties()).getProperty("memory_limit")).isEqualTo("768MiB");
        assertThat(DuckDbMemory.applyDefaults(new Properties(), Optional.empty(), dir, 2 * GIB, dir).orElseThrow().memoryLimit())
                .isEqualTo("512MiB");
    }

    @Test
    void cgroupV1sUnlimitedValueAndNoCgroupAtAllMeanNoContainerLimit() throws Exception {
        assertThat(DuckDbMemory.containerLimit(dir, HOST)).isEmpty();
        Files.createDirectories(dir.resolve("memory"));
        Files.writeString(dir.resolve("memory").resolve("memory.limit_in_bytes"), "9223372036854771712\n");
        assertThat(DuckDbMemory.containerLimit(dir, HOST)).isEmpty();
        assertThat(defaults(new Properties()).getProperty("memory_limit")).isEqualTo("768MiB");
    }

    @Test
    void settingsWin() throws Exception {
        Files.writeString(dir.resolve("memory.max"), "1073741824\n");
        Properties given = new Properties();
        given.setProperty("memory_limit", "3GB");
        given.setProperty("temp_directory", "/data/spill");
        assertThat(DuckDbMemory.applyDefaults(given, Optional.of(dir.resolve("w.duckdb")), dir, HOST, dir)).isEmpty();
        assertThat(given).containsEntry("memory_limit", "3GB").containsEntry("temp_directory", "/data/spill");
    }

    @Test
    void spillsBesideTheDatabaseFileOrUnderTheTempDirectoryWhenInMemory() {
        Properties file = new Properties();
        DuckDbMemory.applyDefaults(file, Optional.of(dir.resolve("w.duckdb")), dir, HOST, dir.resolve("tmp"));
        assertThat(file.getProperty("temp_directory")).isEqualTo(dir.resolve("w.duckdb.tmp").toAbsolutePath().toString());
        Properties memory = new Properties();
        DuckDbMemory.applyDefaults(memory, Optional.empty(), dir, HOST, dir.resolve("tmp"));
        assertThat(memory.getProperty("temp_directory")).startsWith(dir.resolve("tmp").resolve("sluice-duckdb-").toString());
    }

    /** The defaults reach DuckDB, and so does a larger checkpoint threshold (fewer checkpoints while a run commits) as settings it accepts; a setting given by the user reaches it unchanged. */
    @Test
    void anOpenedWarehouseRunsWithTheBudget() throws Exception {
        String url = "jdbc:duckdb:" + dir.resolve("w.duckdb");
        try (Warehouse w = WarehouseFactory.open("w", url, Optional.empty(), Optional.empty(), Map.of(), "sluice", 1)) {
            assertThat(setting(w, "temp_directory")).isEqualTo(dir.resolve("w.duckdb.tmp").toAbsolutePath().toString());
            assertThat(setting(w, "memory_limit")).isNotBlank();
            assertThat(setting(w, "checkpoint_threshold")).isEqualTo("256.0 MiB");
        }
        try (Warehouse w = WarehouseFactory.open("w", url, Optional.empty(), Optional.empty(), Map.of("memory_limit", "300MiB"), "sluice", 1)) {
            assertThat(setting(w, "memory_limit")).isEqualTo("300.0 MiB");
        }
    }

    private Properties defaults(Properties props) {
        DuckDbMemory.applyDefaults(props, Optional.of(dir.resolve("w.duckdb")), dir, HOST, dir);
        return props;
    }

    private static String setting(Warehouse w, String name) {
        return w.callBlocking("reading a setting", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_setting('" + name + "')")) {
                rs.next();
                return rs.getString(1);
            }
        });
    }
}
