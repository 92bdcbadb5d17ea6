package io.sluice.plugins.hubspot;

import io.sluice.apps.AppDefinitionContractTest;
import io.sluice.apps.runtime.DefinitionPlugin;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.ConnectionContext;
import io.sluice.plugin.PluginSettings;
import io.sluice.testing.MutableClock;
import io.smallrye.mutiny.Uni;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The HubSpot contract suite, with the Java plugin's hooks on the same fake portal ({@link HubSpotContractTest}), for the
 * shipped definition {@code hubspot-contacts} (batch upsert by email, batch archive by id). It passes every capability
 * but {@link Capability#VALIDATE}: a definition cannot check a record's values before sending (the Java plugin refuses a
 * nested object without calling HubSpot; the definition lets HubSpot refuse it). See docs/apps.md for why the Java
 * plugin stays the supported HubSpot connector.
 */
class HubSpotDefinitionContractTest extends HubSpotContractTest {

    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.complementOf(EnumSet.of(Capability.VALIDATE));
    }

    @Override
    protected DefinitionPlugin plugin() {
        return new DefinitionPlugin(AppDefinitionContractTest.shipped("hubspot-contacts"));
    }

    @Override
    protected AppConnection openAgainstFake() {
        clock = MutableClock.atDefaultStart();
        return plugin().open(new ConnectionContext("contract", new PluginSettings("contract", Map.of(
                "base-url", portal.baseUrl(), "access_token", FakeHubSpot.TOKEN, "retry.base-delay", "1ms", "retry.max-delay", "10ms")),
                vertx, clock), wait -> {
                    clock.advance(wait);
                    return Uni.createFrom().voidItem();
                });
    }
}
