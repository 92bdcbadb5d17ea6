package io.sluice.warehouse.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.warehouse.Dialect.MappedField;
import io.sluice.warehouse.SqlNames;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Snowflake dialect's pieces that need no account: names, literals, the record text, the session. */
class SnowflakeDialectTest {
    private final SnowflakeDialect d = new SnowflakeDialect();

    @Test
    void plainNamesFoldToUpperCaseAndMixedCaseIsKeptExactly() {
        assertThat(d.quote("customer_id")).isEqualTo("\"CUSTOMER_ID\"");
        assertThat(d.quote("CUSTOMER_ID")).isEqualTo("\"CUSTOMER_ID\"");
        assertThat(d.quote("CustomerId")).isEqualTo("\"CustomerId\"");
        assertThat(d.quote("_1")).isEqualTo("\"_1\"");
        assertThat(d.quote("a\"b")).isEqualTo("\"A\"\"B\"");
        assertThat(SqlNames.quoteQualified(d, "analytics.Crm.contacts")).isEqualTo("\"ANALYTICS\".\"Crm\".\"CONTACTS\"");
    }

    @Test
    void stringConstantsEscapeQuotesAndBackslashes() {
        assertThat(SnowflakeDialect.literal("it's")).isEqualTo("'it''s'");
        assertThat(SnowflakeDialect.literal("a\\b")).isEqualTo("'a\\\\b'");
    }

    /**
     * The record text is concatenated in field order, so it is canonical by construction; simulating what
     * Snowflake evaluates (each value's JSON, NULL as null) must give a JSON object with exactly those keys.
     */
    @Test
    void theRecordIsJsonTextBuiltInFieldOrderWithNullsKept() throws Exception {
        String sql = d.recordJson(List.of(new MappedField("a\"b\\c", "x"), new MappedField("it's", "y"), new MappedField("z", "NULL")));
        assertThat(sql).isEqualTo("'{\"a\\\\\"b\\\\\\\\c\":' || COALESCE(TO_JSON(TO_VARIANT((x))), 'null') || ',\"it''s\":' "
                + "|| COALESCE(TO_JSON(TO_VARIANT((y))), 'null') || ',\"z\":' || COALESCE(TO_JSON(TO_VARIANT((NULL))), 'null') || '}'");
        String evaluated = evaluate(sql, List.of("1", "\"v\"", "null"));
        assertThat(evaluated).isEqualTo("{\"a\\\"b\\\\c\":1,\"it's\":\"v\",\"z\":null}");
        assertThat(new ObjectMapper().readTree(evaluated).fieldNames()).toIterable().containsExactly("a\"b\\c", "it's", "z");
        assertThat(d.recordJson(List.of())).isEqualTo("'{}'");
    }

    @Test
    void wholeRowsUseTheQualifiedWildcard() {
        assertThat(d.rowJson("source_rows")).isEqualTo("TO_JSON(OBJECT_CONSTRUCT_KEEP_NULL(source_rows.*))");
    }

    @Test
    void sessionPinsTimeZoneFormatsAndCaseSensitiveQuotedNames() {
        assertThat(d.sessionSetup()).singleElement().asString()
                .startsWith("ALTER SESSION SET TIMEZONE = 'UTC'")
                .contains("QUOTED_IDENTIFIERS_IGNORE_CASE = FALSE", "TIMESTAMP_TZ_OUTPUT_FORMAT = 'YYYY-MM-DD\"T\"HH24:MI:SS.FF3TZH:TZM'",
                        "DATE_OUTPUT_FORMAT = 'YYYY-MM-DD'", "CLIENT_TIMESTAMP_TYPE_MAPPING = 'TIMESTAMP_LTZ'");
    }

    @Test
    void keysAreNotEnforcedSoTheLockDoesNotRelyOnThem() {
        assertThat(d.enforcesUniqueKeys()).isFalse();
        assertThat(d.createIndex("i", "t", "c")).isEmpty();
        assertThat(d.createTableAs("T", "SELECT 1")).isEqualTo("CREATE TRANSIENT TABLE T AS SELECT 1");
    }

    /**
     * Evaluates the concatenation the way Snowflake would, given each COALESCE(...)'s result: string constants
     * are unescaped ('' and backslash escapes), {@code ||} joins.
     */
    private static String evaluate(String sql, List<String> values) {
        StringBuilder out = new StringBuilder();
        int value = 0;
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'') {
                i++;
                while (true) {
                    char k = sql.charAt(i);
                    if (k == '\\') {
                        out.append(sql.charAt(i + 1));
                        i += 2;
                    } else if (k == '\'' && i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                        out.append('\'');
                        i += 2;
                    } else if (k == '\'') {
                        i++;
                        break;
                    } else {
                        out.append(k);
                        i++;
                    }
                }
            } else if (sql.startsWith("COALESCE(", i)) {
                out.append(values.get(value++));
                i += "COALESCE".length();
                int depth = 0;
                do {
                    char k = sql.charAt(i);
                    if (k == '\'') {
                        i = sql.indexOf('\'', i + 1);
                    } else if (k == '(') {
                        depth++;
                    } else if (k == ')') {
                        depth--;
                    }
                    i++;
                } while (depth > 0);
            } else {
                i++;
            }
        }
        return out.toString();
    }
}
