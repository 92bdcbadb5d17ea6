package io.sluice.plugins.salesforce;

import io.sluice.plugin.AppConnection;
import io.sluice.plugin.AppPlugin;
import io.sluice.plugin.ConnectionContext;
import io.sluice.plugin.Strategy;
import io.sluice.plugin.support.AppHttpClient;
import io.sluice.plugin.support.Delayer;
import io.sluice.plugin.support.RateLimitCategory;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes records to Salesforce sObjects through the REST API: sObject Collections (up to 200 records per
 * request, {@code allOrNone=false}) and, for large batches, Bulk API 2.0 ingest jobs. Authenticates with
 * OAuth 2.0 server-to-server flows: client credentials or JWT bearer.
 *
 * <p>Settings ({@code sluice.connections.<name>.settings.*}):
 * <table>
 *   <caption>salesforce settings</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code auth}</td><td>{@code client-credentials}</td><td>{@code client-credentials} or {@code jwt-bearer}</td></tr>
 *   <tr><td>{@code client-id}</td><td>required</td><td>the connected app's consumer key</td></tr>
 *   <tr><td>{@code client-secret}</td><td>required for client-credentials</td><td>the consumer secret (a secret: {@code ${ENV_VAR}})</td></tr>
 *   <tr><td>{@code username}</td><td>required for jwt-bearer</td><td>the user the JWT is issued for ({@code sub})</td></tr>
 *   <tr><td>{@code private-key-file} / {@code private-key}</td><td>one required for jwt-bearer</td><td>PKCS#8 PEM
 *       ({@code BEGIN PRIVATE KEY}) file path, or the PEM text (a secret, e.g. {@code ${SF_PRIVATE_KEY}}; {@code \n}
 *       may stand for line breaks)</td></tr>
 *   <tr><td>{@code login-url}</td><td>jwt-bearer: {@code https://login.salesforce.com}; client-credentials:
 *       {@code instance-url}</td><td>where {@code /services/oauth2/token} is; client credentials need the My Domain
 *       URL</td></tr>
 *   <tr><td>{@code jwt-audience}</td><td>{@code https://test.salesforce.com} when login-url is test.salesforce.com or a
 *       sandbox My Domain, else {@code https://login.salesforce.com}</td><td>the JWT's {@code aud}</td></tr>
 *   <tr><td>{@code instance-url}</td><td>the token's {@code instance_url}</td><td>API base URL override</td></tr>
 *   <tr><td>{@code api-version}</td><td>{@code v62.0}</td><td>REST API version ({@code 62.0} is accepted too)</td></tr>
 *   <tr><td>{@code required-fields}</td><td>none</td><td>comma-separated fields every create/update/upsert must carry
 *       non-null; {@code required-fields.<SObject>} for one object; a failing record is a SOURCE_FAILURE, not sent</td></tr>
 *   <tr><td>{@code bulk-threshold}</td><td>none (never bulk)</td><td>a batch's operation group with at least this
 *       many records goes through Bulk API 2.0. The engine's batch size must reach it: set the sync's
 *       {@code tuning.batch-size}</td></tr>
 *   <tr><td>{@code bulk-batch-size}</td><td>10000 (or bulk-threshold if larger)</td><td>{@code maxBatchSize()} when
 *       bulk is enabled; otherwise it is 200</td></tr>
 *   <tr><td>{@code bulk-poll-interval}</td><td>{@code 5s}</td><td>how often a bulk job's state is read</td></tr>
 *   <tr><td>{@code rate-limits.<category>.rates}</td><td>{@code rest}: {@code 100/10s} on {@code /services/data/*};
 *       {@code oauth}: {@code 60/min} on {@code POST /services/oauth2/token}</td><td>override, e.g.
 *       {@code rate-limits.rest.rates=100/10s, 100000/day} for the org's daily API allocation</td></tr>
 *   <tr><td>{@code max-connections}, {@code timeout}, {@code retry.*}, {@code circuit.*}</td><td>32, 30s, ...</td><td>as
 *       for every HTTP plugin ({@link AppHttpClient})</td></tr>
 * </table>
 *
 * <p>Sync options ({@code target.options}): {@code external-id-field} (upsert on this external ID field: creates and
 * updates become upserts, see {@link WritePlanner}); {@code required-fields} (more required fields for this sync).
 *
 * <p>Outcomes: success carries the Salesforce result element (e.g. {@code {"id", "success": true, "errors": [],
 * "created"}}) with the record's Id as app identifier; a rejected record keeps Salesforce's {@code errors} array
 * whole ({@code statusCode}, {@code message}, {@code fields}). Every result has {@code "apiUsage": "25/15000"} from
 * {@code Sforce-Limit-Info} when Salesforce sent it; bulk results also {@code bulkJobId}.
 *
 * <p>Example, client credentials (the connected app has the flow enabled and a "Run As" user):
 * <pre>{@code
 * sluice.connections.crm.plugin=salesforce
 * sluice.connections.crm.settings.auth=client-credentials
 * sluice.connections.crm.settings.login-url=https://acme.my.salesforce.com
 * sluice.connections.crm.settings.client-id=${SF_CLIENT_ID}
 * sluice.connections.crm.settings.client-secret=${SF_CLIENT_SECRET}
 * sluice.connections.crm.settings.api-version=v62.0
 * sluice.connections.crm.settings.required-fields.Contact=LastName
 * }</pre>
 *
 * <p>Example, JWT bearer (the certificate of the key is uploaded to the connected app, the user pre-authorized):
 * <pre>{@code
 * sluice.connections.crm-sandbox.plugin=salesforce
 * sluice.connections.crm-sandbox.settings.auth=jwt-bearer
 * sluice.connections.crm-sandbox.settings.login-url=https://test.salesforce.com
 * sluice.connections.crm-sandbox.settings.client-id=${SF_CLIENT_ID}
 * sluice.connections.crm-sandbox.settings.username=integration@acme.com.uat
 * sluice.connections.crm-sandbox.settings.private-key=${SF_PRIVATE_KEY}
 * # or: sluice.connections.crm-sandbox.settings.private-key-file=/var/run/secrets/sf/key.pem
 * sluice.connections.crm-sandbox.settings.bulk-threshold=2000
 * sluice.connections.crm-sandbox.settings.rate-limits.rest.rates=100/10s, 100000/day
 * }</pre>
 *
 * <p>Example sync file (mirror on an external ID: creates and updates are upserts on {@code External_Id__c},
 * deletes go by the Id Salesforce returned):
 * <pre>{@code
 * slug: contacts-to-salesforce
 * source:
 *   table: analytics.contacts
 *   id-column: contact_id
 * target:
 *   connection: crm
 *   object: Contact
 *   options:
 *     external-id-field: External_Id__c
 * strategy: mirror
 * mapping:
 *   External_Id__c: contact_id
 *   LastName: last_name
 *   FirstName: first_name
 *   Email: lower(email)
 * tuning:
 *   batch-size: 200        # up to 200 per sObject Collections request; >= bulk-threshold to use Bulk API 2.0
 * }</pre>
 */
@ApplicationScoped
public class SalesforcePlugin implements AppPlugin {

    /**
     * Defaults sized well under Salesforce's documented allocations (the daily API request limit depends on the
     * org's edition and licences, so it is the user's to add).
     */
    static List<RateLimitCategory> defaultRateLimits() {
        return List.of(
                RateLimitCategory.of("oauth", "POST", "*/services/oauth2/token", "60/min"),
                RateLimitCategory.of("rest", "*", "*/services/data/*", "100/10s"));
    }

    @Override
    public String kind() {
        return "salesforce";
    }

    @Override
    public Set<Strategy> supportedStrategies() {
        return EnumSet.of(Strategy.CREATE, Strategy.UPSERT, Strategy.UPDATE, Strategy.DELETE, Strategy.MIRROR);
    }

    @Override
    public AppConnection open(ConnectionContext context) {
        return open(context, Delayer.MUTINY);
    }

    /** With a custom {@link Delayer}, for tests that move a manual clock instead of waiting. */
    SalesforceConnection open(ConnectionContext context, Delayer delayer) {
        SalesforceSettings settings = SalesforceSettings.parse(context.name(), context.settings());
        AppHttpClient http = AppHttpClient.open(context, Map.of(), "sluice-salesforce", defaultRateLimits(), delayer);
        if (settings.auth() instanceof AuthSettings.ClientCredentials cc) {
            http.addSecret(cc.clientSecret());
        }
        TokenProvider tokens = new TokenProvider(context.name(), settings.auth(), http, context.clock());
        ApiUsage usage = new ApiUsage();
        SalesforceApi api = new SalesforceApi(settings, http, tokens, usage);
        return new SalesforceConnection(settings, new WritePlanner(settings), api, new CollectionsClient(api, new CollectionsResponseMapper()),
                new BulkClient(api, new BulkResultMapper(), settings.bulkPollInterval(), context.clock(), delayer), usage, http);
    }
}
