package io.sluice.plugins.salesforce;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Reads an RSA private key from PKCS#8 PEM text with {@code java.security} alone. Messages never quote the key. */
final class PemKeys {
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private PemKeys() {
    }

    /**
     * @param pem PEM text; a literal {@code \n} (as environment variables often carry a key on one line) counts
     *            as a line break
     * @throws IllegalArgumentException saying what is wrong, without the key
     */
    static PrivateKey rsaPrivateKey(String pem) {
        String text = pem.replace("\\n", "\n").strip();
        if (text.contains("BEGIN RSA PRIVATE KEY")) {
            throw new IllegalArgumentException("is a PKCS#1 key (BEGIN RSA PRIVATE KEY); convert it to PKCS#8 with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem'");
        }
        if (text.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw new IllegalArgumentException("is an encrypted key; provide it unencrypted (PKCS#8, BEGIN PRIVATE KEY) from a secret store");
        }
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("is not a PKCS#8 PEM private key (expected '" + BEGIN + "' ... '" + END + "')");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not valid base64 between the PEM markers");
        }
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("is not an RSA private key (" + e.getClass().getSimpleName() + ")");
        }
    }
}
