package io.sluice.plugins.hubspot;

import io.sluice.plugin.PluginSettings;
import io.sluice.plugin.support.Redactor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
                requiredProperties(settings), settings.positiveDuration("daily-limit-pause", Duration.ofHours(1)));
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
        return settings.httpUrl("base-url", true).orElse(DEFAULT_BASE_URL);
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
        List<String> forEveryType = settings.list("required-properties");
        if (!forEveryType.isEmpty()) {
            out.put("", forEveryType);
        }
        settings.withPrefix("required-properties").forEach((type, value) -> {
            if (!OBJECT_TYPE.matcher(type).matches()) {
                throw settings.invalid("required-properties." + type, "does not name a HubSpot object type (e.g. required-properties.contacts)");
            }
            out.put(type, settings.list("required-properties." + type));
        });
        return out;
    }
}
