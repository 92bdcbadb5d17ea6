package io.sluice.plugins.webhook;

import io.sluice.plugin.AppConnection;
import io.sluice.plugin.AppPlugin;
import io.sluice.plugin.ConnectionContext;
import io.sluice.plugin.Strategy;
import io.sluice.plugin.support.AppHttpClient;
import io.sluice.plugin.support.Delayer;
import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.Set;

/**
 * Sends records to any HTTP endpoint as JSON: the generic destination for apps without a dedicated plugin,
 * and for internal services. Supports every strategy; the action picks the HTTP method.
 *
 * <p>Settings ({@code sluice.connections.<name>.settings.*}):
 * <table>
 *   <caption>webhook settings</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code url}</td><td>required</td><td>absolute http(s) URL, or a Jinja template of one; variables
 *       {@code record}, {@code previous}, {@code identifier}, {@code action}, {@code app_identifier},
 *       {@code object} (batch mode: {@code action} and {@code object} only). Use {@code | urlencode} for values
 *       put in a path.</td></tr>
 *   <tr><td>{@code method}</td><td>{@code POST}</td><td>method for create, update, recreate and send</td></tr>
 *   <tr><td>{@code method.<action>}</td><td>{@code method}; {@code DELETE} for delete</td><td>method for one action
 *       ({@code create}, {@code update}, {@code delete}, {@code recreate}, {@code send}): POST, PUT, PATCH or DELETE</td></tr>
 *   <tr><td>{@code headers.<Name>}</td><td>none</td><td>a request header; values are secrets (use
 *       {@code ${ENV_VAR}}), never logged nor put in results or messages</td></tr>
 *   <tr><td>{@code mode}</td><td>{@code record}</td><td>{@code record}: one request per record;
 *       {@code batch}: one request per batch and action, body a JSON array</td></tr>
 *   <tr><td>{@code batch-size}</td><td>1 (record), 100 (batch)</td><td>most records per batch</td></tr>
 *   <tr><td>{@code body-template}</td><td>the record as JSON</td><td>Jinja template rendering one record's JSON body
 *       (same variables as {@code url}); an HTTP DELETE sends no body unless this is set</td></tr>
 *   <tr><td>{@code id-pointer}</td><td>none</td><td>JSON pointer to the app identifier in a 2xx response (batch mode:
 *       in each element of the response array); without it the record keeps its app identifier. When set, a 2xx answer to
 *       a create (or for a record without an app identifier yet) that has no identifier there, or any 2xx
 *       body that is not JSON, is a retryable failure</td></tr>
 *   <tr><td>{@code success-pointer}</td><td>none</td><td>JSON pointer that must have a value (not null) in a 2xx answer
 *       (batch mode: in each element) for the record to count as delivered; otherwise a retryable failure. For APIs
 *       that answer 200 with an error body. An empty answer passes only for a delete</td></tr>
 *   <tr><td>{@code success-value}</td><td>any value</td><td>the value (compared as text, e.g. {@code true},
 *       {@code ok}) that must be at {@code success-pointer}; needs {@code success-pointer}</td></tr>
 *   <tr><td>{@code batch-error-pointer}</td><td>{@code /error}</td><td>batch mode: an element of the response array
 *       fails when this is present and not null, false or empty</td></tr>
 *   <tr><td>{@code max-connections}</td><td>32</td><td>HTTP connection pool size: the most requests in flight</td></tr>
 *   <tr><td>{@code timeout}</td><td>{@code 30s}</td><td>connect timeout, and the longest wait for response data</td></tr>
 *   <tr><td>{@code check-url}</td><td>none</td><td>URL the connection check GETs, expecting 2xx; without it the check
 *       makes no call</td></tr>
 * </table>
 *
 * <p>Outcomes: a 2xx is a success whose result is the JSON response body (otherwise
 * {@code {"status": N, "body": "<text, at most 2000 characters>"}}), unless it does not show delivery in the terms
 * of {@code id-pointer} or {@code success-pointer} (see {@link DeliveryCheck}): then a failure with
 * {@code {"error", "setting", "pointer", "status", "body": "<excerpt>", "retryable": true}}; any other status is a failure with
 * {@code {"status": N, "body": ...}}. In record mode a 429, 5xx or timeout fails only that record, with
 * {@code "retryable": true} (and {@code "retry_after"} when the app sent it); in batch mode it fails the
 * whole batch with a {@link io.sluice.plugin.RetryableException}. In batch mode a 2xx whose body is a JSON
 * array with one element per record gives each record its element; any other 2xx means all succeeded.
 * A template error fails only its record, with the message and line.
 *
 * <p>Example connection ({@code application.properties}):
 * <pre>{@code
 * sluice.connections.crm.plugin=webhook
 * sluice.connections.crm.settings.url=https://api.example.com/{{ object }}/{{ app_identifier | urlencode }}
 * sluice.connections.crm.settings.method.update=PATCH
 * sluice.connections.crm.settings.headers.Authorization=Bearer ${CRM_TOKEN}
 * sluice.connections.crm.settings.id-pointer=/id
 * sluice.connections.crm.settings.check-url=https://api.example.com/me
 * sluice.connections.crm.settings.timeout=10s
 * }</pre>
 *
 * <p>Example sync file target (creates {@code POST /contacts/}, updates {@code PATCH /contacts/<id>}, deletes
 * {@code DELETE /contacts/<id>}):
 * <pre>{@code
 * target:
 *   connection: crm
 *   object: contacts
 * strategy: mirror
 * }</pre>
 */
@ApplicationScoped
public class WebhookPlugin implements AppPlugin {

    @Override
    public String kind() {
        return "webhook";
    }

    @Override
    public Set<Strategy> supportedStrategies() {
        return EnumSet.allOf(Strategy.class);
    }

    @Override
    public AppConnection open(ConnectionContext context) {
        WebhookSettings settings = WebhookSettings.parse(context.name(), context.settings());
        RequestBuilder requests = new RequestBuilder(settings);
        ResponseMapper responses = new ResponseMapper(settings);
        AppHttpClient http = AppHttpClient.open(context, settings.headers(), "sluice-webhook", List.of(), Delayer.MUTINY);
        return new WebhookConnection(settings, requests, responses, http);
    }
}
