package io.sluice.apps.runtime;

import io.sluice.apps.model.ActionSpec;
import io.sluice.apps.model.AppDefinition;
import io.sluice.apps.model.AuthSpec;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.AppPlugin;
import io.sluice.plugin.ConnectionContext;
import io.sluice.plugin.PluginSettings;
import io.sluice.plugin.SafeUrls;
import io.sluice.plugin.Strategy;
import io.sluice.plugin.support.AppHttpClient;
import io.sluice.plugin.support.Delayer;
import io.sluice.plugin.support.RateLimitConfig;
import io.sluice.template.TemplateException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The plugin of one app definition: its kind is the definition's name, its strategies follow from the actions it
 * defines, and {@link #open} checks a connection's settings against what it declares and builds a
 * {@link DefinitionConnection} on the framework's {@link AppHttpClient}. Not a CDI bean: the app catalogue makes one per
 * loaded definition.
 */
public final class DefinitionPlugin implements AppPlugin {
    private final AppDefinition definition;

    public DefinitionPlugin(AppDefinition definition) {
        this.definition = Objects.requireNonNull(definition, "definition");
    }

    public AppDefinition definition() {
        return definition;
    }

    @Override
    public String kind() {
        return definition.app();
    }

    @Override
    public Set<Strategy> supportedStrategies() {
        return definition.strategies();
    }

    @Override
    public AppConnection open(ConnectionContext context) {
        return open(context, Delayer.MUTINY);
    }

    /**
     * {@link #open(ConnectionContext)} with the way rate-limit waits happen (tests move a manual clock instead of sleeping).
     *
     * @throws io.sluice.plugin.PluginConfigException naming the connection, the setting and the reason
     */
    public AppConnection open(ConnectionContext context, Delayer delayer) {
        PluginSettings s = context.settings();
        ConnectionSettings settings = ConnectionSettings.of(definition, s);
        String baseUrl = baseUrl(context.name(), s, settings);
        int batchSize = batchSize(s);
        Map<String, Object> bindings = Map.of("settings", settings.values(), "object", "");
        Map<String, String> headers = new LinkedHashMap<>();
        try {
            definition.headers().forEach((name, t) -> headers.put(name, t.render(bindings)));
        } catch (TemplateException e) {
            throw s.invalid("(app " + definition.app() + " headers)", "cannot be rendered from the settings: " + e.getMessage());
        }
        StaticAuth auth = StaticAuth.of(definition.auth(), settings.values());
        headers.putAll(auth.headers());
        AppHttpClient http = AppHttpClient.open(context, headers, "sluice-app-" + definition.app(),
                RateLimitConfig.merge(List.of(), definition.rateLimits()), new WaitReader(definition.waits()), delayer);
        settings.secrets().forEach(http::addSecret);
        auth.query().values().forEach(http::addSecret);
        OAuth2Tokens tokens = definition.auth().type() == AuthSpec.Type.OAUTH2
                ? new OAuth2Tokens(context.name(), definition.auth(), tokenUrl(s, settings, baseUrl), settings.values(), http, context.clock()) : null;
        return new DefinitionConnection(context.name(), definition, baseUrl, settings, auth, http, tokens, batchSize);
    }

    /** The {@code base-url} setting, or the definition's rendered from the settings: an absolute http(s) URL without trailing slash. */
    private String baseUrl(String connection, PluginSettings s, ConnectionSettings settings) {
        if (s.optional("base-url").isPresent()) {
            return s.httpUrl("base-url", true).orElseThrow();
        }
        String url;
        try {
            url = definition.baseUrl().render(Map.of("settings", settings.values(), "object", "")).trim();
        } catch (TemplateException e) {
            throw s.invalid("base-url", "of app '" + definition.app() + "' cannot be rendered from the settings: " + e.getMessage());
        }
        PluginSettings rendered = new PluginSettings(connection, Map.of("base-url", url));
        try {
            return rendered.httpUrl("base-url", true).orElseThrow(() -> s.invalid("base-url", "of app '" + definition.app()
                    + "' rendered empty from the settings; set the settings it uses"));
        } catch (io.sluice.plugin.PluginConfigException e) {
            throw s.invalid("base-url", "of app '" + definition.app() + "' rendered '" + SafeUrls.describe(url) + "', not an absolute http(s) URL");
        }
    }

    /**
     * The OAuth token endpoint: the {@code token-url} setting (tests point it at a fake), or the definition's, rendered from
     * the settings; a path (starting with {@code /}) is relative to the base URL.
     */
    private String tokenUrl(PluginSettings s, ConnectionSettings settings, String baseUrl) {
        String url;
        if (s.optional("token-url").isPresent()) {
            url = s.httpUrl("token-url", false).orElseThrow();
        } else {
            try {
                url = definition.auth().tokenUrl().render(Map.of("settings", settings.values(), "object", "")).trim();
            } catch (TemplateException e) {
                throw s.invalid("token-url", "of app '" + definition.app() + "' cannot be rendered from the settings: " + e.getMessage());
            }
        }
        return url.startsWith("/") ? baseUrl + url : url;
    }

    /** {@code batch-size}: the largest batch of the definition's batch actions by default (1 when it has none), never above it. */
    private int batchSize(PluginSettings s) {
        int largest = definition.actions().values().stream().map(ActionSpec::batch).filter(Objects::nonNull)
                .mapToInt(ActionSpec.Batch::max).max().orElse(0);
        int size = s.positiveInt("batch-size", Math.max(1, largest));
        if (largest > 0 && size > largest) {
            throw s.invalid("batch-size", size + " is above app '" + definition.app() + "''s largest batch of " + largest);
        }
        return size;
    }
}
