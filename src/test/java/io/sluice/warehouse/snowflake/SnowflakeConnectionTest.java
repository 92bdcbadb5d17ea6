package io.sluice.warehouse.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseConfigException;
import io.sluice.warehouse.WarehouseException;
import io.sluice.warehouse.WarehouseFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snowflake connection settings: authentication modes checked at start, driver defaults, and secrets kept out of
 * every error. The driver really connects, to a local stand-in for Snowflake's login endpoint (plain HTTP).
 */
class SnowflakeConnectionTest {
    private static final String URL = "jdbc:snowflake://acme-analytics.snowflakecomputing.com/";
    private static final String PASSWORD = "Pa55-w0rd!secret";
    private static final String PASSPHRASE = "key-passphrase-42";

    @TempDir
    Path dir;
    private HttpServer server;
    private final List<String> loginBodies = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static Properties props(Map<String, String> m) {
        Properties p = new Properties();
        p.putAll(m);
        return p;
    }

    private static Properties check(Map<String, String> m) {
        return SnowflakeConnectionProperties.check("main", URL, props(m));
    }

    @Test
    void passwordAuthenticationGetsTheDriverDefaults() {
        Properties p = check(Map.of("user", "SLUICE", "password", PASSWORD, "warehouse", "WH", "db", "ANALYTICS", "role", "SLUICE_ROLE"));
        assertThat(p).containsEntry("JDBC_QUERY_RESULT_FORMAT", "JSON").containsEntry("CLIENT_SESSION_KEEP_ALIVE", "true")
                .containsEntry("warehouse", "WH").containsEntry("db", "ANALYTICS").containsEntry("role", "SLUICE_ROLE")
                .doesNotContainKey("authenticator");
        assertThat(check(Map.of("user", "u", "password", "p", "jdbc_query_result_format", "ARROW")))
                .containsEntry("jdbc_query_result_format", "ARROW").doesNotContainKey("JDBC_QUERY_RESULT_FORMAT");
    }

    @Test
    void aPrivateKeyMeansKeyPairAuthentication() throws Exception {
        Path key = writeKey();
        assertThat(check(Map.of("user", "u", "private_key_file", key.toString(), "private_key_file_pwd", PASSPHRASE)))
                .containsEntry("authenticator", "SNOWFLAKE_JWT");
        assertThat(check(Map.of("user", "u", "authenticator", "snowflake_jwt", "private_key_base64", base64Key())))
                .containsEntry("authenticator", "snowflake_jwt");
        assertThat(SnowflakeConnectionProperties.auth("main", "", props(Map.of("user", "u", "private_key_base64", base64Key()))))
                .isEqualTo(SnowflakeConnectionProperties.Auth.KEY_PAIR_BASE64);
        assertThat(SnowflakeConnectionProperties.auth("main", "", props(Map.of("user", "u", "authenticator", "OAUTH", "token", "t"))))
                .isEqualTo(SnowflakeConnectionProperties.Auth.OTHER);
    }

    @Test
    void wrongSettingsFailAtStartNamingTheKeyButNoSecret() throws Exception {
        Path key = writeKey();
        String b64 = base64Key();
        Map<Map<String, String>, String> cases = new HashMap<>();
        cases.put(Map.of("password", PASSWORD), "sluice.warehouses.main.user is required");
        cases.put(Map.of("user", "u"), "sluice.warehouses.main.password is required, or a private key");
        cases.put(Map.of("user", "u", "password", PASSWORD, "private_key_file", key.toString()), "either sluice.warehouses.main.password or a private key");
        cases.put(Map.of("user", "u", "private_key_file", key.toString(), "private_key_base64", b64), "properties.private_key_file or");
        cases.put(Map.of("user", "u", "authenticator", "SNOWFLAKE_JWT", "private_key_pwd", PASSPHRASE), "which needs");
        cases.put(Map.of("user", "u", "authenticator", "OAUTH", "private_key_base64", b64), "must be SNOWFLAKE_JWT or absent");
        cases.put(Map.of("user", "u", "private_key_file", dir.resolve("missing.p8").toString()), "missing.p8' is not a readable file");
        cases.put(Map.of("user", "u", "private_key_base64", "%%" + PASSPHRASE), "private_key_base64 is not valid base64");
        cases.put(Map.of("user", "u", "private_key_base64", Base64.getEncoder().encodeToString(PASSPHRASE.getBytes())), "does not decode to a PEM key");
        cases.forEach((settings, message) -> assertThatThrownBy(() -> check(settings)).as(settings.keySet().toString())
                .isInstanceOf(WarehouseConfigException.class).hasMessageContaining(message)
                .message().doesNotContain(PASSWORD, PASSPHRASE, b64.substring(0, 40)));
        assertThatThrownBy(() -> SnowflakeConnectionProperties.check("main", "jdbc:snowflake:acme", props(Map.of("user", "u", "password", "p"))))
                .hasMessageContaining("jdbc:snowflake://<account_identifier>.snowflakecomputing.com/");
    }

    @Test
    void anUnreachableAccountFailsWithoutThePassword() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (Warehouse w = open("jdbc:snowflake://127.0.0.1:" + closedPort + "/?account=acme&ssl=off", Optional.of(PASSWORD), Map.of())) {
            assertThatThrownBy(() -> w.callBlocking("reading", c -> null)).isInstanceOf(WarehouseException.class)
                    .hasMessageContaining("warehouse 'main' unreachable while reading")
                    .satisfies(e -> assertThat(chain(e)).doesNotContain(PASSWORD));
        }
    }

    /** Even a login error that echoes the password (a driver or proxy might) leaves no trace of it. */
    @Test
    void aLoginErrorEchoingThePasswordIsRedacted() throws Exception {
        startLogin("{\"data\":null,\"code\":\"390100\",\"message\":\"Incorrect username or password was specified: " + PASSWORD
                + "\",\"success\":false}");
        try (Warehouse w = open(localUrl(), Optional.of(PASSWORD), Map.of())) {
            assertThatThrownBy(() -> w.callBlocking("reading", c -> null)).isInstanceOf(WarehouseException.class)
                    .hasMessageContaining("Incorrect username or password was specified: ***")
                    .satisfies(e -> assertThat(chain(e)).doesNotContain(PASSWORD));
        }
        assertThat(loginBodies).singleElement().asString().contains(PASSWORD);
    }

    @Test
    void keyPairLogsInWithAJwtFromAFileOrBase64() throws Exception {
        Map<String, String> encryptedFile = Map.of("private_key_file", writeKey().toString(), "private_key_pwd", PASSPHRASE);
        Map<String, String> inline = Map.of("private_key_base64", base64Key());
        for (Map.Entry<Map<String, String>, String> c : Map.of(encryptedFile, PASSPHRASE, inline, base64Key()).entrySet()) {
            String secret = c.getValue();
            startLogin("{\"data\":null,\"code\":\"390144\",\"message\":\"JWT token is invalid (" + secret + ")\",\"success\":false}");
            try (Warehouse w = open(localUrl(), Optional.empty(), c.getKey())) {
                assertThatThrownBy(() -> w.callBlocking("reading", x -> null)).hasMessageContaining("JWT token is invalid (***)")
                        .satisfies(e -> assertThat(chain(e)).doesNotContain(secret));
            }
            server.stop(0);
        }
        assertThat(loginBodies).hasSize(2).allSatisfy(body -> assertThat(body).contains("\"AUTHENTICATOR\":\"SNOWFLAKE_JWT\"", "\"TOKEN\":\"ey"));
    }

    private Warehouse open(String url, Optional<String> password, Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(extra);
        props.put("loginTimeout", "3");
        props.put("disablePlatformDetection", "true");
        return WarehouseFactory.open("main", url, Optional.of("SLUICE"), password, props, "sluice", 1);
    }

    private void startLogin(String answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/session/v1/login-request", ex -> {
            loginBodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    private String localUrl() {
        return "jdbc:snowflake://127.0.0.1:" + server.getAddress().getPort() + "/?account=acme&ssl=off";
    }

    private static String chain(Throwable t) {
        List<String> parts = new ArrayList<>();
        for (Throwable c = t; c != null; c = c.getCause()) {
            parts.add(c.toString());
        }
        return String.join(" <- ", parts);
    }

    private static byte[] pkcs8;

    private static synchronized byte[] pkcs8() throws Exception {
        if (pkcs8 == null) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            pkcs8 = g.generateKeyPair().getPrivate().getEncoded();
        }
        return pkcs8;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** The key encrypted with {@link #PASSPHRASE} as openssl pkcs8 -v2 aes256 would (PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC). */
    private Path writeKey() throws Exception {
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        new SecureRandom().nextBytes(salt);
        new SecureRandom().nextBytes(iv);
        String algorithm = "PBEWithHmacSHA256AndAES_256";
        SecretKey secret = SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(PASSPHRASE.toCharArray()));
        Cipher cipher = Cipher.getInstance(algorithm);
        cipher.init(Cipher.ENCRYPT_MODE, secret, new PBEParameterSpec(salt, 10_000, new IvParameterSpec(iv)));
        byte[] encrypted = cipher.doFinal(pkcs8());
        Path key = dir.resolve("rsa_key.p8");
        AlgorithmParameters pbes2 = AlgorithmParameters.getInstance("PBES2");
        pbes2.init(cipher.getParameters().getEncoded());
        Files.writeString(key, pem("ENCRYPTED PRIVATE KEY", new EncryptedPrivateKeyInfo(pbes2, encrypted).getEncoded()));
        return key;
    }

    private static String base64Key() throws Exception {
        return Base64.getEncoder().encodeToString(pem("PRIVATE KEY", pkcs8()).getBytes(StandardCharsets.US_ASCII));
    }
}
