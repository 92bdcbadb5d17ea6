package io.sluice.plugins.hubspot;

import io.sluice.plugin.PluginSettings;
import io.sluice.plugin.support.Redactor;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A HubSpot connection's own settings, parsed and checked once when the connection opens (the generic HTTP
 * settings are read by {@link io.sluice.plugin.support.AppHttpClient#options}). Problems are
 * {@link io.sluice.plugin.PluginConfigException}s naming the connection and the key; the access token never
 * appears in a message nor in {@link #toString()}. The settings are listed on {@link HubSpotPlugin}.
 *
 * @param connection         the connection's name, for messages
 * @param baseUrl            scheme, host and optional path prefix of the API, without a trailing slash
 * @param authorization      the {@code Authorization} header value, {@code Bearer <token>} (a secret)
 * @param checkObject        the object type {@code check()} lists one record of
 * @param requiredProperties properties every create or update must carry, by object type ({@code ""}: every type)
 * @param dailyLimitPause    how long to stop calling after HubSpot says the daily limit is spent
 */
record HubSpotSettings(String connection, String baseUrl, String authorization, String checkObject,
                       Map<String, List<String>> requiredProperties, Duration dailyLimitPause) {

    static final String DEFAULT_BASE_URL = "https://api.hubapi.com";
    /** HubSpot object types as they appear in paths: {@code contacts}, {@code 0-1}, {@code 2-123456}, {@code p123_cars}. */
    static final Pattern OBJECT_TYPE = Pattern.compile("[A-Za-z0-9_-]+");

    HubSpotSettings {
        requiredProperties = Map.copyOf(requiredProperties);
    }

    static HubSpotSettings parse(String connection, PluginSettings settings) {
        return new HubSpotSettings(connection, baseUrl(settings), authorization(settings), checkObject(settings),
                requiredProperties(settings), positive(settings, "daily-limit-pause", Duration.ofHours(1)));
    }

    /** The request headers every call carries; their values are masked by the HTTP client's redactor. */
    Map<String, String> headers() {
        return Map.of("Authorization", authorization);
    }

    /** The properties a create or update of {@code objectType} must carry: those for every type, then the type's own. */
    List<String> requiredFor(String objectType) {
        List<String> out = new ArrayList<>(requiredProperties.getOrDefault("", List.of()));
        out.addAll(requiredProperties.getOrDefault(objectType, List.of()));
        return out;
    }

    /** {@code https://api.hubapi.com/crm/v3/objects/{objectType}} (the type is checked against {@link #OBJECT_TYPE}). */
    String objectsUrl(String objectType) {
        return baseUrl + "/crm/v3/objects/" + objectType;
    }

    @Override
    public String toString() {
        return "HubSpotSettings[connection=" + connection + ", baseUrl=" + baseUrl + ", authorization=" + Redactor.MASK
                + ", checkObject=" + checkObject + ", requiredProperties=" + requiredProperties + ", dailyLimitPause=" + dailyLimitPause + "]";
    }

    private static String baseUrl(PluginSettings settings) {
        String url = settings.get("base-url", DEFAULT_BASE_URL);
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) {
                throw settings.invalid("base-url", "'" + Redactor.describeUrl(url) + "' is not an absolute http(s) URL");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw settings.invalid("base-url", "'" + Redactor.describeUrl(url) + "' must have no query, fragment or user info");
            }
        } catch (URISyntaxException e) {
            throw settings.invalid("base-url", "'" + Redactor.describeUrl(url) + "' is not a valid URL (" + e.getReason() + ")");
        }
        return url.replaceAll("/+$", "");
    }

    /** A private app's access token, sent as {@code Bearer} (an optional {@code Bearer } prefix in the setting is dropped). */
    private static String authorization(PluginSettings settings) {
        String token = settings.secret("access-token");
        if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = token.substring(7).trim();
        }
        if (token.isEmpty() || token.chars().anyMatch(Character::isWhitespace)) {
            throw settings.invalid("access-token", "must be one token without spaces or line breaks (is the environment variable it refers to set?)");
        }
        return "Bearer " + token;
    }

    private static String checkObject(PluginSettings settings) {
        String type = settings.get("check-object", "contacts");
        if (!OBJECT_TYPE.matcher(type).matches()) {
            throw settings.invalid("check-object", "'" + type + "' is not a HubSpot object type (e.g. contacts, companies, 2-123456)");
        }
        return type;
    }

    /** {@code required-properties} applies to every object type, {@code required-properties.<type>} to one. */
    private static Map<String, List<String>> requiredProperties(PluginSettings settings) {
        Map<String, List<String>> out = new TreeMap<>();
        settings.optional("required-properties").ifPresent(v -> out.put("", names(v)));
        settings.withPrefix("required-properties").forEach((type, value) -> {
            if (!OBJECT_TYPE.matcher(type).matches()) {
                throw settings.invalid("required-properties." + type, "does not name a HubSpot object type (e.g. required-properties.contacts)");
            }
            out.put(type, names(value));
        });
        return out;
    }

    static List<String> names(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }

    private static Duration positive(PluginSettings settings, String key, Duration fallback) {
        Duration d = settings.duration(key, fallback);
        if (d.isZero() || d.isNegative()) {
            throw settings.invalid(key, "must be positive");
        }
        return d;
    }
}
