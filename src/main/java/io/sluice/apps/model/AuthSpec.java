package io.sluice.apps.model;

/**
 * How requests authenticate. Every text is a template of the declared settings; which ones are set depends on the type:
 * {@code bearer}: token; {@code basic}: username, password; {@code header} and {@code query}: name, value;
 * {@code oauth2}: grant, tokenUrl, clientId, clientSecret, refreshToken (refresh_token grant), scope, clientAuth, and the
 * scheme of the {@code Authorization} header that carries the access token ({@value #DEFAULT_SCHEME} unless the app names
 * another, e.g. Zoho's {@code Zoho-oauthtoken}).
 */
public record AuthSpec(Type type, Template token, Template username, Template password, String name, Template value,
                       Grant grant, Template tokenUrl, Template clientId, Template clientSecret, Template refreshToken, Template scope,
                       ClientAuth clientAuth, String scheme) {

    /** The {@code Authorization} scheme of an OAuth 2.0 access token (RFC 6750). */
    public static final String DEFAULT_SCHEME = "Bearer";

    /** The kinds of authentication. */
    public enum Type { NONE, BEARER, BASIC, HEADER, QUERY, OAUTH2 }

    /** OAuth 2.0 grants (RFC 6749 4.4 and 6). */
    public enum Grant { CLIENT_CREDENTIALS, REFRESH_TOKEN }

    /** Where the client credentials go in a token request: form fields or HTTP Basic. */
    public enum ClientAuth { BODY, BASIC }

    public static final AuthSpec NONE = new AuthSpec(Type.NONE, null, null, null, null, null, null, null, null, null, null, null, null, null);
}
