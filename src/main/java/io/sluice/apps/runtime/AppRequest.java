package io.sluice.apps.runtime;

import java.util.Map;

/**
 * One HTTP request of a definition connection, ready to send.
 *
 * @param headers this request's own headers (content type of a form, an action's headers); the connection's are added by
 *                the client
 * @param body    the body text, or {@code null} for none
 */
record AppRequest(String method, String url, Map<String, String> headers, String body) {
}
