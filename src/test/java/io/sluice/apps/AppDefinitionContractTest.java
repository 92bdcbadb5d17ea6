package io.sluice.apps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.apps.fakes.FakeApi;
import io.sluice.apps.load.DefinitionParser;
import io.sluice.apps.load.ShippedDefinitions;
import io.sluice.apps.model.ActionKind;
import io.sluice.apps.model.AppDefinition;
import io.sluice.apps.runtime.DefinitionPlugin;
import io.sluice.plugin.Action;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.ConnectionContext;
import io.sluice.plugin.PluginContractTest;
import io.sluice.plugin.PluginSettings;
import io.sluice.plugin.Strategy;
import io.sluice.plugin.SyncTarget;
import io.sluice.testing.MutableClock;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The plugin contract ({@link PluginContractTest}) for a shipped app definition, run against the app's fake
 * ({@link FakeApi}). An app's contract test extends this class with {@link #app()}, {@link #fake()} (a fake started once
 * per test class, in a static field) and {@link #capabilities()}, and overrides {@link #record}/{@link #recordThatFailsValidation}
 * where the app needs other records. The connection's settings are {@code fake().settings()}, {@code base-url} pointing at
 * the fake and short retry delays; waits (rate limits, {@code Retry-After}) move a manual clock instead of sleeping.
 * Every hook delegates to the fake. For an app that only sends (no create/update/upsert/delete), the suite's records and
 * targets become {@code SEND} ones, so that the same suite runs.
 */
public abstract class AppDefinitionContractTest extends PluginContractTest {
    private static Vertx vertx;
    private MutableClock clock;
    private DefinitionPlugin plugin;

    /** The shipped definition's name ({@code src/main/resources/apps/<app>.yaml}). */
    protected abstract String app();

    /** The app's fake, started once per test class. */
    protected abstract FakeApi fake();

    /** The definition's text; by default the shipped file of {@link #app()}. */
    protected String definitionText() {
        String text = ShippedDefinitions.read(AppDefinitionContractTest.class.getClassLoader(), app());
        if (text == null) {
            throw new IllegalStateException("no shipped definition src/main/resources/apps/" + app() + ".yaml");
        }
        return text;
    }

    /** Settings added to (or replacing) the fake's, e.g. a smaller {@code batch-size}. */
    protected Map<String, String> extraSettings() {
        return Map.of();
    }

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.closeAndAwait();
    }

    @BeforeEach
    void resetFake() {
        fake().reset();
    }

    @Override
    protected DefinitionPlugin plugin() {
        if (plugin == null) {
            plugin = new DefinitionPlugin(parse(app(), definitionText()));
        }
        return plugin;
    }

    @Override
    protected AppConnection openAgainstFake() {
        clock = MutableClock.atDefaultStart();
        fake().reset();
        Map<String, String> settings = new LinkedHashMap<>(extraSettings());
        fake().settings().forEach(settings::putIfAbsent);
        return open(plugin(), fake(), clock, vertx, settings);
    }

    /**
     * Opens a connection of {@code plugin} against {@code fake}: the fake's settings and {@code settings}, {@code base-url}
     * at the fake, retry delays of a few milliseconds, and rate-limit waits that move {@code clock} instead of sleeping.
     * For tests beyond the contract (an app's own behaviour).
     */
    public static AppConnection open(DefinitionPlugin plugin, FakeApi fake, MutableClock clock, Vertx vertx, Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>(fake.settings());
        all.putAll(settings);
        all.putIfAbsent("base-url", fake.baseUrl());
        // retries wait on the fault-tolerance library's timer, in real time: short
        all.putIfAbsent("retry.base-delay", "1ms");
        all.putIfAbsent("retry.max-delay", "10ms");
        return plugin.open(new ConnectionContext("contract", new PluginSettings("contract", all), vertx, clock), wait -> {
            clock.advance(wait);
            return Uni.createFrom().voidItem();
        });
    }

    /** The shipped definition {@code app}, parsed (fails the test with every problem when it does not load). */
    public static AppDefinition shipped(String app) {
        return parse(app, ShippedDefinitions.read(AppDefinitionContractTest.class.getClassLoader(), app));
    }

    /** A definition's text, parsed as the file {@code <app>.yaml}. */
    public static AppDefinition parse(String app, String text) {
        return new DefinitionParser().parse(app + ".yaml", app, text);
    }

    @Override
    protected Instant now() {
        return clock.instant();
    }

    /**
     * The suite's target; for an app that only sends (messages, events), the suite's {@code upsert} and {@code mirror}
     * batches become {@code send} ones.
     */
    @Override
    protected SyncTarget target(Strategy strategy) {
        boolean sendOnly = !plugin().supportedStrategies().contains(strategy) && plugin().supportedStrategies().contains(Strategy.SEND);
        return new SyncTarget("contract-suite", fake().object(), sendOnly ? Strategy.SEND : strategy, Map.of());
    }

    /**
     * The app fields of the suite's record {@code identifier}, in the app's own shape; by default the suite's
     * ({@code external_id}, {@code email}, {@code name}).
     */
    protected ObjectNode fields(String identifier) {
        return super.record(identifier, Action.CREATE).record();
    }

    /**
     * Puts an object with these fields in the fake, as the app would already hold it, and answers the app's id of it:
     * the suite's updates and deletes then address an object that exists. By default nothing is seeded and the id is
     * made up ({@code app-<identifier>}), for fakes that accept any id.
     */
    protected String seedInFake(ObjectNode fields) {
        return null;
    }

    /**
     * The suite's record of {@link #fields}; updates and deletes carry the app id of an object {@link #seedInFake seeded}
     * in the fake. For an app without an action for the record's action that sends, a {@code SEND} record of the same fields.
     */
    @Override
    protected OutboundRecord record(String identifier, Action action) {
        ObjectNode fields = fields(identifier);
        Set<ActionKind> defined = plugin().definition().actions().keySet();
        if (ActionKind.forAction(action, defined).isEmpty() && defined.contains(ActionKind.SEND)) {
            return new OutboundRecord(identifier, Action.SEND, fields, null, null);
        }
        if (action != Action.UPDATE && action != Action.DELETE) {
            return new OutboundRecord(identifier, action, fields, null, null);
        }
        String seeded = seedInFake(fields);
        return new OutboundRecord(identifier, action, fields, fields.deepCopy(), seeded != null ? seeded : "app-" + identifier);
    }

    @Override
    protected OptionalInt requestsSeenByFake() {
        return OptionalInt.of(fake().requests());
    }

    @Override
    protected OptionalInt largestBatchSeenByFake() {
        return OptionalInt.of(fake().largestBatch());
    }

    @Override
    protected void rejectInFake(String identifier) {
        fake().reject(identifier);
    }

    @Override
    protected void makeAppThrottle(int times, int retryAfterSeconds) {
        fake().throttle(times, retryAfterSeconds);
    }

    @Override
    protected void makeAppFailWithServerErrors(int times) {
        fake().serverErrors(times);
    }

    @Override
    protected void makeAppAnswerAGatewayPage() {
        fake().answerGatewayPage();
    }

    @Override
    protected void makeAppRejectWholeBatchBecauseOf(String identifier) {
        fake().rejectWholeBatchBecauseOf(identifier);
    }

    @Override
    protected void makeCheckFail() {
        fake().revokeCredentials();
    }

    @Override
    protected List<String> secrets() {
        return fake().secrets();
    }

    @Override
    protected void makeAppEchoSecrets() {
        fake().echoSecrets();
    }
}
