package io.sluice.plugins.salesforce;

import io.sluice.plugin.PluginSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A Salesforce connection's settings, parsed and checked once when the connection opens. Every problem is a
 * {@link io.sluice.plugin.PluginConfigException} naming the connection and the key, never the value of a
 * secret. The keys are listed on {@link SalesforcePlugin}.
 *
 * @param auth                   how to get an access token
 * @param instanceUrl            the API base URL; when empty, the {@code instance_url} of the token response
 * @param apiVersion             e.g. {@code v62.0}
 * @param requiredFields         fields every create/update/upsert of any object must carry, non-null
 * @param requiredFieldsByObject the same per sObject (names compared case-insensitively, as Salesforce does)
 * @param bulkThreshold          operations with at least this many records in a batch go through Bulk API 2.0
 * @param bulkBatchSize          the batch size offered to the engine when Bulk API 2.0 is enabled
 * @param bulkPollInterval       how often a Bulk API 2.0 job's state is polled
 */
record SalesforceSettings(String connection, AuthSettings auth, Optional<String> instanceUrl, String apiVersion,
                          List<String> requiredFields, Map<String, List<String>> requiredFieldsByObject, OptionalInt bulkThreshold,
                          int bulkBatchSize, Duration bulkPollInterval) {

    static final String LOGIN = "https://login.salesforce.com";
    static final String TEST_LOGIN = "https://test.salesforce.com";
    static final String DEFAULT_API_VERSION = "v62.0";
    static final int DEFAULT_BULK_BATCH_SIZE = 10_000;
    static final Duration DEFAULT_BULK_POLL_INTERVAL = Duration.ofSeconds(5);
    /** An API name: a letter, then letters, digits and underscores (custom names end in {@code __c}). */
    static final Pattern API_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern FIELD_PATH = Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)*");
    private static final Pattern API_VERSION = Pattern.compile("v?(\\d{2,3})\\.(\\d)");

    SalesforceSettings {
        requiredFields = List.copyOf(requiredFields);
        Map<String, List<String>> byObject = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byObject.putAll(requiredFieldsByObject);
        requiredFieldsByObject = byObject;
    }

    /** Reads and checks the settings of connection {@code connection}. */
    static SalesforceSettings parse(String connection, PluginSettings s) {
        Optional<String> instanceUrl = s.httpUrl("instance-url", true);
        Optional<String> loginUrl = s.httpUrl("login-url", true);
        AuthSettings auth = auth(s, loginUrl, instanceUrl);
        OptionalInt threshold = s.optional("bulk-threshold").isPresent()
                ? OptionalInt.of(s.positiveInt("bulk-threshold", 0)) : OptionalInt.empty();
        int bulkBatchSize = s.positiveInt("bulk-batch-size", Math.max(DEFAULT_BULK_BATCH_SIZE, threshold.orElse(0)));
        if (threshold.isPresent() && bulkBatchSize < threshold.getAsInt()) {
            throw s.invalid("bulk-batch-size", "must be at least bulk-threshold (" + threshold.getAsInt() + "), or no batch would ever reach it");
        }
        Duration poll = s.positiveDuration("bulk-poll-interval", DEFAULT_BULK_POLL_INTERVAL);
        Map<String, List<String>> byObject = new TreeMap<>();
        s.withPrefix("required-fields").forEach((object, list) -> {
            if (!API_NAME.matcher(object).matches()) {
                throw s.invalid("required-fields." + object, "does not name an sObject (e.g. required-fields.Contact)");
            }
            byObject.put(object, fieldList(s, "required-fields." + object));
        });
        return new SalesforceSettings(connection, auth, instanceUrl, apiVersion(s), fieldList(s, "required-fields"),
                byObject, threshold, bulkBatchSize, poll);
    }

    /** The fields a write to {@code object} must carry: the connection-wide ones, then the object's own. */
    List<String> requiredFieldsOf(String object) {
        List<String> all = new ArrayList<>(requiredFields);
        if (object != null) {
            all.addAll(requiredFieldsByObject.getOrDefault(object, List.of()));
        }
        return all;
    }

    private static AuthSettings auth(PluginSettings s, Optional<String> loginUrl, Optional<String> instanceUrl) {
        String kind = s.get("auth", "client-credentials").toLowerCase(Locale.ROOT);
        String clientId = s.required("client-id");
        return switch (kind) {
            case "client-credentials" -> {
                // The client credentials flow is served by the org's My Domain, not by login.salesforce.com.
                String base = loginUrl.or(() -> instanceUrl).orElseThrow(() -> s.invalid("login-url",
                        "is required for auth=client-credentials: set it (or instance-url) to the org's My Domain URL, "
                                + "e.g. https://acme.my.salesforce.com"));
                yield new AuthSettings.ClientCredentials(base + "/services/oauth2/token", clientId, s.secret("client-secret"));
            }
            case "jwt-bearer" -> {
                String base = loginUrl.orElse(LOGIN);
                String audience = s.httpUrl("jwt-audience", true).orElse(defaultAudience(base));
                yield new AuthSettings.JwtBearer(base + "/services/oauth2/token", clientId, s.required("username"), audience, privateKey(s));
            }
            default -> throw s.invalid("auth", "must be 'client-credentials' or 'jwt-bearer', not '" + kind + "'");
        };
    }

    /** Sandboxes sign in at test.salesforce.com; everything else at login.salesforce.com. */
    static String defaultAudience(String loginUrl) {
        String host = URI.create(loginUrl).getHost().toLowerCase(Locale.ROOT);
        return host.equals("test.salesforce.com") || host.endsWith(".sandbox.my.salesforce.com") ? TEST_LOGIN : LOGIN;
    }

    private static PrivateKey privateKey(PluginSettings s) {
        Optional<String> file = s.optional("private-key-file");
        Optional<String> text = s.optional("private-key");
        if (file.isPresent() == text.isPresent()) {
            throw s.invalid("private-key-file", "or 'private-key' (exactly one) is required for auth=jwt-bearer: a PKCS#8 PEM "
                    + "file path, or the PEM text (e.g. private-key=${SALESFORCE_PRIVATE_KEY})");
        }
        String key = file.isPresent() ? "private-key-file" : "private-key";
        String pem;
        if (file.isPresent()) {
            try {
                pem = Files.readString(Path.of(file.get()));
            } catch (IOException | RuntimeException e) {
                throw s.invalid(key, "cannot be read (" + e.getClass().getSimpleName() + ")");
            }
        } else {
            pem = text.get();
        }
        try {
            return PemKeys.rsaPrivateKey(pem);
        } catch (IllegalArgumentException e) {
            throw s.invalid(key, e.getMessage());
        }
    }

    private static String apiVersion(PluginSettings s) {
        String value = s.get("api-version", DEFAULT_API_VERSION);
        var m = API_VERSION.matcher(value);
        if (!m.matches()) {
            throw s.invalid("api-version", "must look like v62.0, not '" + value + "'");
        }
        return "v" + m.group(1) + "." + m.group(2);
    }

    private static List<String> fieldList(PluginSettings s, String key) {
        List<String> fields = s.list(key);
        fields.stream().filter(f -> !FIELD_PATH.matcher(f).matches()).findFirst().ifPresent(f -> {
            throw s.invalid(key, "'" + f + "' is not a field API name (e.g. LastName, Email, External_Id__c)");
        });
        return fields;
    }
}
