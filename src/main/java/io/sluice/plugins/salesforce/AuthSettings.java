package io.sluice.plugins.salesforce;

import java.security.PrivateKey;

/**
 * How a connection gets its OAuth 2.0 access token. Both flows are server-to-server: no user interaction,
 * no refresh token; a new token is simply requested when the old one stops working. {@code toString()} never
 * shows a secret.
 */
sealed interface AuthSettings {

    /** The token endpoint, {@code <login or My Domain URL>/services/oauth2/token}. */
    String tokenUrl();

    /** The connected app's consumer key. */
    String clientId();

    /**
     * OAuth 2.0 Client Credentials Flow for Server-to-Server Integration: {@code grant_type=client_credentials}
     * with {@code client_id} and {@code client_secret}, posted to the org's My Domain token endpoint (the flow
     * is not served by login.salesforce.com). The token acts as the connected app's "Run As" user.
     */
    record ClientCredentials(String tokenUrl, String clientId, String clientSecret) implements AuthSettings {
        @Override
        public String toString() {
            return "ClientCredentials[tokenUrl=" + tokenUrl + ", clientId=" + clientId + ", clientSecret=***]";
        }
    }

    /**
     * OAuth 2.0 JWT Bearer Flow for Server-to-Server Integration: {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer}
     * with an {@code assertion} signed RS256 by the private key whose certificate is uploaded to the connected
     * app; claims {@code iss} = consumer key, {@code sub} = username, {@code aud} = {@code audience},
     * {@code exp} at most 3 minutes ahead (see {@link JwtAssertion}).
     *
     * @param audience https://login.salesforce.com, https://test.salesforce.com (sandboxes), or an Experience
     *                 Cloud site URL: the authorization server, not the My Domain URL
     */
    record JwtBearer(String tokenUrl, String clientId, String username, String audience, PrivateKey privateKey) implements AuthSettings {
        @Override
        public String toString() {
            return "JwtBearer[tokenUrl=" + tokenUrl + ", clientId=" + clientId + ", username=" + username + ", audience=" + audience
                    + ", privateKey=***]";
        }
    }
}
