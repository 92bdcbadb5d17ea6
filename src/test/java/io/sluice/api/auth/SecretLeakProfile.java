package io.sluice.api.auth;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link SecuredApiProfile} plus the echoing app, a PostgreSQL warehouse with a password, the leak syncs, and
 * a connection check timeout of 5 s, and every log record of the service (DEBUG everywhere, TRACE for Sluice) written to a file the test searches.
 */
public class SecretLeakProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(new SecuredApiProfile().getConfigOverrides());
        config.put("%test.sluice.syncs.dir", "src/test/resources/secret-leak-syncs");
        config.put("sluice.connection-check.timeout", "5s");
        config.put("quarkus.log.min-level", "TRACE");
        config.put("quarkus.log.level", "DEBUG");
        config.put("quarkus.log.category.\"io.sluice\".level", "TRACE");
        config.put("quarkus.log.file.enabled", "true");
        config.put("quarkus.log.file.path", EchoingApp.LOG_FILE.toString());
        config.put("quarkus.log.file.level", "ALL");
        config.put("quarkus.log.file.rotation.max-file-size", "1G");
        // the test's own HTTP client and the fake app log the credentials they send and receive; they are not the service
        config.put("quarkus.log.category.\"org.apache.http\".level", "INFO");
        config.put("quarkus.log.category.\"wiremock\".level", "INFO");
        config.put("quarkus.log.category.\"com.github.tomakehurst\".level", "INFO");
        return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(EchoingApp.class));
    }
}
