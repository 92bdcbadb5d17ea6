package io.sluice.plugins.salesforce;

import io.sluice.plugin.AppUnavailableException;

/**
 * The token endpoint refused to issue a token (wrong client id or secret, a JWT it does not accept, an app not
 * pre-authorized for the user...). Permanent until the configuration changes. The message carries Salesforce's
 * {@code error} and {@code error_description}, never a credential. No record can be written until then, so for the
 * engine it is the app being unavailable (the run fails with this message), not a failure of the records, nor a bug.
 */
public class SalesforceAuthException extends AppUnavailableException {
    public SalesforceAuthException(String message) {
        super(message, null);
    }
}
