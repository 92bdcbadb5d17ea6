package io.sluice.connection;

import io.sluice.plugin.support.Redactor;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link Redactor} for a connection's own settings: the values of headers ({@code headers.*}) and of keys that
 * name a credential (token, secret, password, key). Plugins built on {@code AppHttpClient} already scrub what they
 * report; this second mask covers a plugin that does not, before a check's message leaves the service.
 */
final class SettingSecrets {
    private static final String[] CREDENTIAL_WORDS = {"token", "secret", "password", "key", "credential"};

    private SettingSecrets() {
    }

    static Redactor of(Map<String, String> settings) {
        Map<String, String> secrets = new TreeMap<>();
        settings.forEach((key, value) -> {
            if (value != null && isCredential(key.toLowerCase(Locale.ROOT))) {
                secrets.put(key, value);
            }
        });
        return new Redactor(secrets);
    }

    private static boolean isCredential(String key) {
        if (key.startsWith("headers.")) {
            return true;
        }
        for (String word : CREDENTIAL_WORDS) {
            if (key.contains(word)) {
                return true;
            }
        }
        return false;
    }
}
