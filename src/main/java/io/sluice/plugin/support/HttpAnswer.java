package io.sluice.plugin.support;

import io.sluice.plugin.SafeUrls;
import java.util.Locale;
import java.util.Map;

/**
 * An app's HTTP answer, whatever its status, already scrubbed of secrets. Header names are lower case.
 *
 * @param body the response body as text, or {@code null} when there was none
 */
public record HttpAnswer(String method, String url, int status, Map<String, String> headers, String body) {
    public HttpAnswer {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** Throttled or a server error: the same request may succeed later. */
    public boolean isTransient() {
        return status == 429 || status >= 500;
    }

    /** A response header, or {@code null}. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** {@code POST https://host/path answered HTTP 503 (Retry-After: 30)}, without query or credentials. */
    public String describe() {
        String retryAfter = header("Retry-After");
        return method + " " + SafeUrls.describe(url) + " answered HTTP " + status + (retryAfter == null ? "" : " (Retry-After: " + retryAfter + ")");
    }
}
