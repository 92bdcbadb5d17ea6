package io.sluice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URL;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The demo runs an open API, so the packaged demo ({@code -Dquarkus.profile=demo}, a production-mode jar whose Quarkus
 * default host is every interface) must listen on the loopback interface unless told otherwise. Reads the shipped
 * application.properties as Quarkus does, profile by profile.
 */
class DemoBindingTest {

    @Test
    void theDemoListensOnLoopbackUnlessToldOtherwise() throws IOException {
        assertThat(host("demo", Map.of())).contains("127.0.0.1");
        assertThat(host("demo", Map.of("SLUICE_HTTP_HOST", "0.0.0.0"))).contains("0.0.0.0");
    }

    @Test
    void productionKeepsQuarkusDefaultSoTheContainerIsReachable() throws IOException {
        assertThat(host("prod", Map.of())).isEmpty();
    }

    private static Optional<String> host(String profile, Map<String, String> environment) throws IOException {
        URL properties = DemoBindingTest.class.getClassLoader().getResource("application.properties");
        SmallRyeConfig config = new SmallRyeConfigBuilder().withProfile(profile).addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(properties, 250), new PropertiesConfigSource(environment, "environment", 300)).build();
        return config.getOptionalValue("quarkus.http.host", String.class);
    }
}
