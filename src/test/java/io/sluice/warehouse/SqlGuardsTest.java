package io.sluice.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.warehouse.snowflake.SnowflakeDialect;
import org.junit.jupiter.api.Test;

class SqlGuardsTest {
    @Test
    void expressionsCannotEscapeTheirSelect() {
        assertThat(SqlExpressionGuard.problem("lower(email) || ' ' || 'it''s; fine'")).isEmpty();
        assertThat(SqlExpressionGuard.problem("CASE WHEN a THEN 'x' ELSE \"Odd;Name\" END")).isEmpty();
        assertThat(SqlExpressionGuard.problem("1); DROP TABLE x; --")).hasValueSatisfying(p -> assertThat(p).contains("closes a parenthesis"));
        assertThat(SqlExpressionGuard.problem("a; DROP TABLE x")).hasValueSatisfying(p -> assertThat(p).contains("';'"));
        assertThat(SqlExpressionGuard.problem("a -- rest hidden")).hasValueSatisfying(p -> assertThat(p).contains("--"));
        assertThat(SqlExpressionGuard.problem("a /* x */")).hasValueSatisfying(p -> assertThat(p).contains("/*"));
        assertThat(SqlExpressionGuard.problem("'unterminated")).hasValueSatisfying(p -> assertThat(p).contains("unterminated"));
        assertThat(SqlExpressionGuard.problem("(a")).hasValueSatisfying(p -> assertThat(p).contains("unclosed"));
        assertThat(SqlExpressionGuard.problem("a - -1")).isEmpty();
    }

    @Test
    void namesAreValidatedAndQuoted() {
        assertThat(SqlNames.isQualifiedName("db.schema.table")).isTrue();
        assertThat(SqlNames.isQualifiedName("a.b.c.d")).isFalse();
        assertThat(SqlNames.isQualifiedName("t\"; drop")).isFalse();
        assertThat(SqlNames.isQualifiedName("a..b")).isFalse();
        assertThat(SqlNames.quoteQualified(new SnowflakeDialect(), "analytics.public.Contacts")).isEqualTo("\"ANALYTICS\".\"PUBLIC\".\"Contacts\"");
    }

    @Test
    void unknownJdbcSchemesAreRefusedNamingTheSupportedOnes() {
        assertThatThrownBy(() -> DialectResolver.resolve("wh", "jdbc:oracle:thin:@x"))
                .hasMessageContaining("warehouse 'wh'").hasMessageContaining("jdbc:oracle").hasMessageContaining("duckdb, postgres, snowflake");
        assertThat(DialectResolver.resolve("wh", "jdbc:duckdb:").name()).isEqualTo("duckdb");
    }
}
