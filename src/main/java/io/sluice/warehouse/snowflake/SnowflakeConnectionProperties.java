package io.sluice.warehouse.snowflake;

import io.sluice.warehouse.WarehouseConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The snowflake-jdbc settings of one warehouse, checked once when it is opened. Everything under
 * {@code sluice.warehouses.<name>.properties.*} goes to the driver as is (names are matched case-insensitively,
 * as the driver does): {@code role}, {@code warehouse}, {@code db}, {@code schema} and any session parameter.
 *
 * <p>Authentication is one of:
 * <ul>
 *   <li><b>password</b>: {@code user} and {@code password};</li>
 *   <li><b>key pair</b> (JWT): {@code user} and {@code properties.private_key_file} (path of the PKCS#8 PEM file)
 *       or {@code properties.private_key_base64} (the base64 of that file, for keys held in an environment
 *       variable), with {@code properties.private_key_pwd} (or the older {@code private_key_file_pwd}) when the
 *       key is encrypted. {@code properties.authenticator} is set to {@code SNOWFLAKE_JWT} when absent;</li>
 *   <li>any other {@code properties.authenticator} (OAuth, ...), passed through unchecked.</li>
 * </ul>
 *
 * <p>Defaults added when not set: {@code JDBC_QUERY_RESULT_FORMAT=JSON}, because the driver's Arrow result
 * format needs {@code --add-opens=java.base/java.nio=ALL-UNNAMED} on Java 16 and later, and
 * {@code CLIENT_SESSION_KEEP_ALIVE=true}, so pooled sessions outlive quiet hours between runs.
 *
 * <p>Messages name keys and file paths, never a password, passphrase or key.
 */
final class SnowflakeConnectionProperties {
    static final String JWT = "SNOWFLAKE_JWT";
    private static final Pattern URL = Pattern.compile("jdbc:snowflake://[^/?:]+(:\\d+)?(/.*)?(\\?.*)?");

    /** How the warehouse authenticates; shown in messages instead of the settings themselves. */
    enum Auth { PASSWORD, KEY_PAIR_FILE, KEY_PAIR_BASE64, OTHER }

    private SnowflakeConnectionProperties() {
    }

    static Properties check(String warehouse, String url, Properties given) {
        String prefix = "sluice.warehouses." + warehouse + ".";
        if (!URL.matcher(url).matches()) {
            throw new WarehouseConfigException("warehouse '" + warehouse + "': " + prefix + "url must look like "
                    + "jdbc:snowflake://<account_identifier>.snowflakecomputing.com/ (was '" + url.split("\\?")[0] + "')");
        }
        Properties props = new Properties();
        props.putAll(given);
        if (value(props, "user").isEmpty()) {
            throw new WarehouseConfigException("warehouse '" + warehouse + "': " + prefix + "user is required for Snowflake");
        }
        Auth auth = auth(warehouse, prefix, props);
        if (auth == Auth.KEY_PAIR_FILE || auth == Auth.KEY_PAIR_BASE64) {
            setIfAbsent(props, "authenticator", JWT);
        }
        setIfAbsent(props, "JDBC_QUERY_RESULT_FORMAT", "JSON");
        setIfAbsent(props, "CLIENT_SESSION_KEEP_ALIVE", "true");
        return props;
    }

    static Auth auth(String warehouse, String prefix, Properties props) {
        Optional<String> authenticator = value(props, "authenticator").map(a -> a.toUpperCase(Locale.ROOT));
        Optional<String> keyFile = value(props, "private_key_file");
        Optional<String> keyBase64 = value(props, "private_key_base64");
        boolean password = value(props, "password").isPresent();
        String where = "warehouse '" + warehouse + "': ";
        if (keyFile.isPresent() && keyBase64.isPresent()) {
            throw new WarehouseConfigException(where + "set either " + prefix + "properties.private_key_file or "
                    + prefix + "properties.private_key_base64, not both");
        }
        boolean key = keyFile.isPresent() || keyBase64.isPresent();
        if (key && authenticator.isPresent() && !authenticator.get().equals(JWT)) {
            throw new WarehouseConfigException(where + "a private key is set, so " + prefix + "properties.authenticator must be "
                    + JWT + " or absent (was '" + authenticator.get() + "')");
        }
        if (key && password) {
            throw new WarehouseConfigException(where + "set either " + prefix + "password or a private key (key-pair authentication), not both");
        }
        if (keyFile.isPresent()) {
            Path file = Path.of(keyFile.get());
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new WarehouseConfigException(where + prefix + "properties.private_key_file '" + file + "' is not a readable file");
            }
            return Auth.KEY_PAIR_FILE;
        }
        if (keyBase64.isPresent()) {
            checkBase64Pem(where + prefix + "properties.private_key_base64", keyBase64.get());
            return Auth.KEY_PAIR_BASE64;
        }
        if (authenticator.isPresent() && authenticator.get().equals(JWT)) {
            throw new WarehouseConfigException(where + prefix + "properties.authenticator is " + JWT + ", which needs "
                    + prefix + "properties.private_key_file or " + prefix + "properties.private_key_base64");
        }
        if (authenticator.isPresent() && !authenticator.get().equals("SNOWFLAKE")) {
            return Auth.OTHER;
        }
        if (!password) {
            throw new WarehouseConfigException(where + prefix + "password is required, or a private key for key-pair authentication ("
                    + prefix + "properties.private_key_file or " + prefix + "properties.private_key_base64)");
        }
        return Auth.PASSWORD;
    }

    /** The driver decodes the value and reads a PEM key from the bytes, exactly as from a key file. */
    private static void checkBase64Pem(String key, String value) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(value.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new WarehouseConfigException(key + " is not valid base64; encode the whole PEM key file, e.g. base64 -w0 rsa_key.p8");
        }
        if (!new String(decoded, StandardCharsets.US_ASCII).contains("-----BEGIN ")) {
            throw new WarehouseConfigException(key + " does not decode to a PEM key (-----BEGIN ...); encode the whole key file, "
                    + "e.g. base64 -w0 rsa_key.p8");
        }
    }

    /** A property by name, ignoring case as the driver does; blank counts as absent. */
    static Optional<String> value(Properties props, String name) {
        for (String k : props.stringPropertyNames()) {
            if (k.equalsIgnoreCase(name)) {
                String v = props.getProperty(k);
                return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
            }
        }
        return Optional.empty();
    }

    private static void setIfAbsent(Properties props, String name, String value) {
        if (props.stringPropertyNames().stream().noneMatch(k -> k.equalsIgnoreCase(name))) {
            props.setProperty(name, value);
        }
    }
}
