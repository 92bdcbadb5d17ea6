package io.sluice.plugins.hubspot;

import io.sluice.plugin.AppConnection;
import io.sluice.plugin.AppPlugin;
import io.sluice.plugin.ConnectionContext;
import io.sluice.plugin.Strategy;
import io.sluice.plugin.support.AppHttpClient;
import io.sluice.plugin.support.Delayer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.Set;

/**
 * Writes records to HubSpot CRM objects (contacts, companies, deals, tickets, any object type id such as
 * {@code 2-123456} for a custom object) through the CRM v3 batch endpoints
 * {@code POST /crm/v3/objects/{objectType}/batch/create|update|upsert|archive}, at most 100 inputs a request,
 * authenticated as a private app ({@code Authorization: Bearer <access token>}, "Private apps" guide).
 * Strategies: {@code create}, {@code upsert}, {@code update}, {@code delete}, {@code mirror}. How each action is
 * routed is on {@link RecordRouter}, how answers (200, 201, 204, 207 Multi-Status, 4xx) become outcomes on
 * {@link ResponseMapper}, the default rate limits on {@link HubSpotRateLimits}.
 *
 * <p>Settings ({@code sluice.connections.<name>.settings.*}):
 * <table>
 *   <caption>hubspot settings</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code access-token}</td><td>required</td><td>the private app's access token (a secret: write
 *       {@code ${HUBSPOT_TOKEN}}); never logged nor put in results or messages</td></tr>
 *   <tr><td>{@code base-url}</td><td>{@code https://api.hubapi.com}</td><td>API root (tests point it at a fake)</td></tr>
 *   <tr><td>{@code check-object}</td><td>{@code contacts}</td><td>object type the connection check lists one record of
 *       ({@code GET /crm/v3/objects/<type>?limit=1}); pick one the app has a read scope for</td></tr>
 *   <tr><td>{@code required-properties}</td><td>none</td><td>comma-separated properties every create or update must
 *       carry, non-blank, else the record fails before sending ({@code SOURCE_FAILURE})</td></tr>
 *   <tr><td>{@code required-properties.<type>}</td><td>none</td><td>the same for one object type only</td></tr>
 *   <tr><td>{@code daily-limit-pause}</td><td>{@code 1h}</td><td>after a 429 for the daily limit, how long the
 *       connection stops calling, without retrying first (batches wait, or are {@code DELAYED} past the run's time limit)</td></tr>
 *   <tr><td>{@code rate-limits.api.rates}</td><td>{@code 190/10s, 650000/day}</td><td>all calls; Professional's
 *       private-app limits. Free/Starter: {@code 100/10s, 250000/day}; Enterprise: {@code 190/10s, 1000000/day}</td></tr>
 *   <tr><td>{@code rate-limits.search.rates}</td><td>{@code 5/s}</td><td>CRM search calls</td></tr>
 *   <tr><td>{@code max-connections}, {@code timeout}, {@code retry.*}, {@code circuit.*}</td><td>32, 30s, ...</td>
 *       <td>the generic HTTP settings of {@link AppHttpClient}</td></tr>
 * </table>
 *
 * <p>Sync options ({@code target.options}): {@code id-property} (a unique property such as {@code email}: creates
 * become upserts by it, and updates or deletes of records without a HubSpot id find their object by it;
 * {@code hs_object_id} means the field holds the HubSpot id) and {@code required-properties}; see
 * {@link TargetOptions}. Property values are sent as HubSpot text ({@link PropertyValues}). The app identifier
 * kept per record is the HubSpot object id ({@code hs_object_id}).
 *
 * <p>Example connection ({@code application.properties}):
 * <pre>{@code
 * sluice.connections.hubspot.plugin=hubspot
 * sluice.connections.hubspot.settings.access-token=${HUBSPOT_TOKEN}
 * sluice.connections.hubspot.settings.required-properties.contacts=email
 * # an Enterprise account:
 * sluice.connections.hubspot.settings.rate-limits.api.rates=190/10s, 1000000/day
 * }</pre>
 *
 * <p>Example sync file (contacts matched by email: created or updated by upsert, archived when they leave the source):
 * <pre>{@code
 * slug: customers-to-hubspot
 * source:
 *   table: analytics.customers
 *   id-column: customer_id
 * target:
 *   connection: hubspot
 *   object: contacts            # or companies, deals, 2-123456 (a custom object's type id)
 *   options:
 *     id-property: email
 * strategy: mirror
 * mapping:
 *   email: lower(email)
 *   firstname: first_name
 *   lastname: last_name
 *   lifecyclestage: "'customer'"
 * }</pre>
 */
@ApplicationScoped
public class HubSpotPlugin implements AppPlugin {

    @Override
    public String kind() {
        return "hubspot";
    }

    @Override
    public Set<Strategy> supportedStrategies() {
        return EnumSet.of(Strategy.CREATE, Strategy.UPSERT, Strategy.UPDATE, Strategy.DELETE, Strategy.MIRROR);
    }

    @Override
    public AppConnection open(ConnectionContext context) {
        return open(context, Delayer.MUTINY);
    }

    /** With a custom {@link Delayer}, so tests move a manual clock instead of waiting. */
    AppConnection open(ConnectionContext context, Delayer delayer) {
        HubSpotSettings settings = HubSpotSettings.parse(context.name(), context.settings());
        AppHttpClient http = AppHttpClient.open(context, settings.headers(), "sluice-hubspot", HubSpotRateLimits.defaults(),
                new DailyLimit(settings.dailyLimitPause()), delayer);
        return new HubSpotConnection(settings, http, new Throttling(context.name()));
    }
}
