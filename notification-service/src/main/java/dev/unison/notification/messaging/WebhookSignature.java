package dev.unison.notification.messaging;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook request: {@code X-Unison-Signature: sha256=<hex>} where hex is the lower-case
 * HMAC-SHA256, keyed with the subscription's secret, of {@code <X-Unison-Timestamp> + "." + <raw body>}. The
 * timestamp (Unix seconds) is signed too, so a receiver can refuse old requests (replays).
 */
public final class WebhookSignature {
    public static final String SIGNATURE_HEADER = "X-Unison-Signature";
    public static final String TIMESTAMP_HEADER = "X-Unison-Timestamp";
    public static final String DELIVERY_HEADER = "X-Unison-Delivery";
    public static final String REASON_HEADER = "X-Unison-Reason";

    private WebhookSignature() {
    }

    public static String sign(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** What a receiver does: recompute and compare in constant time. */
    public static boolean verify(String secret, String timestampHeader, byte[] body, String signatureHeader) {
        if (timestampHeader == null || signatureHeader == null) {
            return false;
        }
        String expected = sign(secret, Long.parseLong(timestampHeader), body);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                signatureHeader.getBytes(StandardCharsets.UTF_8));
    }
}
