package io.sluice.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SecretsTest {
    private static Secrets secrets() {
        Properties p = new Properties();
        p.setProperty("user", "sluice");
        p.setProperty("password", "hunter2-long");
        p.setProperty("private_key_pwd", "hunter2");
        p.setProperty("private_key_file", "/secrets/rsa_key.p8");
        return Secrets.of("jdbc:snowflake://acme.snowflakecomputing.com/?token=t%2Fok&role=R", p);
    }

    @Test
    void secretValuesAreMaskedLongestFirstAndPathsAndNamesAreKept() {
        assertThat(secrets().redact("login of sluice with hunter2-long, key /secrets/rsa_key.p8 (hunter2), token t/ok or t%2Fok, role R"))
                .isEqualTo("login of sluice with ***, key /secrets/rsa_key.p8 (***), token *** or ***, role R");
    }

    @Test
    void anExceptionIsCopiedOnlyWhenItsChainLeaks() {
        SQLException clean = new SQLException("connection refused", "08001", 7, new IOException("no route"));
        assertThat((Object) secrets().redact(clean)).isSameAs(clean);

        SQLException leaking = new SQLException("login failed", "28000", 390100, new IOException("echo: hunter2-long"));
        SQLException redacted = secrets().redact(leaking);
        assertThat(redacted.getMessage()).isEqualTo("login failed");
        assertThat(redacted.getSQLState()).isEqualTo("28000");
        assertThat(redacted.getErrorCode()).isEqualTo(390100);
        assertThat(redacted.getCause()).hasMessage("java.io.IOException: echo: ***");
        assertThat(redacted.getStackTrace()).isEqualTo(leaking.getStackTrace());
    }
}
