package io.sluice.plugins.salesforce;

/**
 * An access token and the org's API base URL, as the token endpoint answered them. {@code toString()} never
 * shows the token.
 *
 * @param value       the bearer token (a session id)
 * @param instanceUrl the {@code instance_url} of the token response, without a trailing slash
 */
record AccessToken(String value, String instanceUrl) {
    @Override
    public String toString() {
        return "AccessToken[value=***, instanceUrl=" + instanceUrl + "]";
    }
}
