package io.sluice.plugin;

import java.util.regex.Pattern;

/** URLs fit for messages and logs: without the parts that may carry credentials. */
public final class SafeUrls {
    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@]*@");

    private SafeUrls() {
    }

    /** {@code url} without user info, query or fragment; "" for {@code null}. */
    public static String describe(String url) {
        if (url == null) {
            return "";
        }
        int cut = url.length();
        for (char c : new char[] {'?', '#'}) {
            int i = url.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        return USER_INFO.matcher(url.substring(0, cut)).replaceFirst("$1");
    }
}
