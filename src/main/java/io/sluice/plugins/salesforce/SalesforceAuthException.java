package io.sluice.plugins.salesforce;

/**
 * The token endpoint refused to issue a token (wrong client id or secret, a JWT it does not accept, an app not
 * pre-authorized for the user...). Permanent until the configuration changes. The message carries Salesforce's
 * {@code error} and {@code error_description}, never a credential.
 */
public class SalesforceAuthException extends RuntimeException {
    public SalesforceAuthException(String message) {
        super(message);
    }
}
