package io.sluice.bench;

import io.sluice.engine.EngineHarness;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The console with many syncs and a big one (figure group "console"): 100 syncs defined, one of them ({@code big})
 * with 1M records ({@code bench.console.rows}) in its record state and history on DuckDB, 1 % of them failed. Starts
 * the packaged service ({@code target/quarkus-app/quarkus-run.jar}) on that warehouse and times, for each page, the
 * first request after the start (cold) and the median of five more (warm): the syncs list, the big sync's page, its
 * records (first page, and filtered to the failed ones) and one record's page. The target: each page under a
 * second. Needs {@code ./mvnw package} (the {@code bench} profile's {@code verify} runs it). Prints figures, asserts
 * nothing.
 */
public final class ConsoleBenchmark {
    static final String GROUP = "console";
    private static final int SYNCS = 100;
    private static final int WARM = 5;
    private static final double TARGET_MS = 1000;
    private static final Pattern LISTENING = Pattern.compile("Listening on: (http://\\S+)");

    private ConsoleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rows = Long.getLong("bench.console.rows", 1_000_000);
        FigureTable table = new FigureTable();
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            System.err.println("console: " + jar + " is missing; build it with ./mvnw package (the bench profile does)");
            System.exit(0);
        }
        Path dir = Path.of("target", "bench-console").toAbsolutePath();
        clear(dir);
        Path syncs = Files.createDirectories(dir.resolve("syncs"));
        Path database = dir.resolve("warehouse.duckdb");
        long t0 = System.nanoTime();
        fill(database, rows);
        writeSyncs(syncs);
        System.err.printf("console: %d syncs, %,d records of sync 'big' written in %d ms%n", SYNCS, rows, (System.nanoTime() - t0) / 1_000_000);

        String scenario = SYNCS + " syncs, one of " + Benchmarks.size(rows) + " records, duckdb";
        Map<String, String> pages = new java.util.LinkedHashMap<>();
        pages.put("syncs list /", "/");
        pages.put("sync page", "/syncs/big");
        pages.put("records, first page", "/syncs/big/records");
        pages.put("records, failed only", "/syncs/big/records?applyState=DESTINATION_FAILURE");
        pages.put("record page", "/syncs/big/records/" + rows / 2);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Dquarkus.profile=demo", "-Dsluice.demo.enabled=false", "-Dquarkus.http.port=0",
                "-Dquarkus.log.console.color=false", "-Dsluice.syncs.dir=" + syncs, "-Dsluice.warehouses.default.url=jdbc:duckdb:" + database,
                "-Dsluice.connections.files.settings.dir=" + dir.resolve("out"), "-jar", jar.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        // not closed here: the drain thread reads it until the service ends, which the finally below brings about
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        try {
            String base = null;
            String line;
            while (base == null && (line = out.readLine()) != null) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    base = m.group(1);
                }
            }
            if (base == null) {
                throw new IllegalStateException("the service ended before it listened");
            }
            Path log = dir.resolve("service.log");
            Thread.ofVirtual().start(() -> drain(out, log));
            HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            String cookie = session(client, base);
            for (var page : pages.entrySet()) {
                double cold = time(client, base + page.getValue(), cookie);
                List<Double> warm = new ArrayList<>();
                for (int i = 0; i < WARM; i++) {
                    warm.add(time(client, base + page.getValue(), cookie));
                }
                warm.sort(Comparator.naturalOrder());
                table.emit(Figure.atMost(GROUP, scenario, page.getKey() + ": cold ms vs 1 s", cold, TARGET_MS, 1.0));
                table.emit(Figure.atMost(GROUP, scenario, page.getKey() + ": warm median ms vs 1 s", warm.get(WARM / 2), TARGET_MS, 1.0));
            }
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (!Boolean.getBoolean("bench.child")) {
            table.print(System.out);
        }
        System.exit(0);
    }

    /** The console opens a session of its own when authentication is off: its cookie, from the first redirect. */
    private static String session(HttpClient client, String base) throws IOException, InterruptedException {
        HttpResponse<Void> first = client.send(HttpRequest.newBuilder(URI.create(base + "/connections")).build(), HttpResponse.BodyHandlers.discarding());
        return first.headers().firstValue("Set-Cookie").map(c -> c.split(";", 2)[0])
                .orElseThrow(() -> new IllegalStateException("no console session cookie (status " + first.statusCode() + ")"));
    }

    /** Milliseconds until the whole page is read; a page that is not a 200 stops the benchmark. */
    private static double time(HttpClient client, String url, String cookie) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
        double ms = (System.nanoTime() - t0) / 1e6;
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + answer.statusCode() + ": " + answer.body());
        }
        System.err.printf(Locale.ROOT, "console: %s %.1f ms (%,d bytes)%n", url, ms, answer.body().length());
        return ms;
    }

    /**
     * The warehouse as a year of runs leaves it: a source of {@code rows} people and one of ten, the big sync's record
     * state and history (one row a record, 1 % failed), a run per sync.
     */
    private static void fill(Path database, long rows) throws Exception {
        try (Warehouse w = WarehouseFactory.open("default", "jdbc:duckdb:" + database, Optional.empty(), Optional.empty(), Map.of(),
                "sluice", 4)) {
            EngineHarness h = new EngineHarness(w, Clock.systemUTC(), EngineHarness.config(1000, 5000, 100, 4), Duration.ofHours(1));
            String state = w.engineTable("record_state");
            String history = w.engineTable("record_history");
            String runs = w.engineTable("runs");
            String failed = "CASE WHEN i % 100 = 0 THEN 'DESTINATION_FAILURE' ELSE 'SUCCESS' END";
            h.sql("CREATE TABLE people AS SELECT i AS id, 'user' || i || '@example.com' AS email, 'Name ' || i AS name FROM range(1, "
                            + (rows + 1) + ") t(i)",
                    "CREATE TABLE few AS SELECT i AS id, 'user' || i || '@example.com' AS email, 'Name ' || i AS name FROM range(1, 11) t(i)",
                    "INSERT INTO " + state + " SELECT 'big', CAST(i AS VARCHAR), 'app-' || i, '{\"email\":\"user' || i || '@example.com\"}', "
                            + "md5(CAST(i AS VARCHAR)), md5(CAST(i AS VARCHAR)), 'INSERT', " + failed + ", CASE WHEN i % 100 = 0 THEN "
                            + "'REJECTED' ELSE 'CHANGE_CRITERIA_MET' END, '{\"id\":\"app-' || i || '\"}', CASE WHEN i % 100 = 0 THEN 1 "
                            + "ELSE 0 END, 'run-big', TIMESTAMPTZ '2026-01-01 00:00:00+00', TIMESTAMPTZ '2026-01-01 00:00:00+00' "
                            + "FROM range(1, " + (rows + 1) + ") t(i)",
                    "INSERT INTO " + history + " SELECT 'run-big', 'big', CAST(i AS VARCHAR), 'INSERT', " + failed + ", 'CHANGE_CRITERIA_MET', "
                            + "'{\"id\":\"app-' || i || '\"}', 'app-' || i, '{\"email\":\"user' || i || '@example.com\"}', "
                            + "TIMESTAMPTZ '2026-01-01 00:00:00+00' FROM range(1, " + (rows + 1) + ") t(i)",
                    "INSERT INTO " + runs + " (run_id, sync_id, run_trigger, state, health, started_at, ended_at, counts, records_staged, "
                            + "instance_id) SELECT CASE WHEN s = 0 THEN 'run-big' ELSE 'run-' || s END, CASE WHEN s = 0 THEN 'big' ELSE "
                            + "'small-' || lpad(CAST(s AS VARCHAR), 3, '0') END, 'API', 'COMPLETED', 'HEALTHY', "
                            + "TIMESTAMPTZ '2026-01-01 00:00:00+00', TIMESTAMPTZ '2026-01-01 00:01:00+00', NULL, 0, 'bench' "
                            + "FROM range(0, " + SYNCS + ") t(s)");
        }
    }

    private static void writeSyncs(Path dir) throws IOException {
        Files.writeString(dir.resolve("big.yaml"), sync("big", "people"));
        for (int s = 1; s < SYNCS; s++) {
            String slug = String.format(Locale.ROOT, "small-%03d", s);
            Files.writeString(dir.resolve(slug + ".yaml"), sync(slug, "few"));
        }
    }

    private static String sync(String slug, String table) {
        return "slug: " + slug + "\nsource: {warehouse: default, table: " + table + ", id-column: id}\n"
                + "target: {connection: files, object: " + slug + "}\nstrategy: upsert\nmapping: {email: email, name: name}\n";
    }

    /** Keeps the service's output in a file (for a page that fails), so that it never blocks on a full pipe. */
    private static void drain(BufferedReader out, Path log) {
        try (var file = Files.newBufferedWriter(log)) {
            String line;
            while ((line = out.readLine()) != null) {
                file.write(line);
                file.newLine();
            }
        } catch (IOException ignored) {
            // the service is being stopped
        }
    }

    private static void clear(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
