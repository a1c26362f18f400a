package dev.unison.testsupport;

import io.smallrye.jwt.build.Jwt;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Bearer tokens for tests, signed (RS256) with a key pair made once per test JVM. {@link UnisonTestResources} hands
 * the services its public key with the issuer, audience and role claim below, so they verify these tokens exactly as
 * they verify the identity provider's: signature, issuer, audience, expiry and roles.
 */
public final class TestTokens {
    public static final String ISSUER = "https://unison.test/realms/unison";
    public static final String AUDIENCE = "unison";
    public static final String ROLE_CLAIM = "roles";
    public static final String DEPARTMENTS_CLAIM = "departments";
    /** Every role a service knows. */
    public static final List<String> ROLES = List.of("admin", "ops", "analyst", "publisher", "metrics");

    // System properties, not static fields: Quarkus loads this class in more than one class loader (the test
    // resources', the application's), and every copy must sign with the same key.
    private static final String PRIVATE_KEY = "unison.test.jwt.private-key";
    private static final String PUBLIC_KEY = "unison.test.jwt.public-key";

    private TestTokens() {
    }

    /** A token of user {@code tester} with every role and no department. */
    public static String everyRole() {
        return token("tester", ROLES, List.of());
    }

    /** A token of a user named after its roles, e.g. {@code ops}. */
    public static String withRoles(String... roles) {
        return token(roles.length == 0 ? "nobody" : String.join("-", roles), List.of(roles), List.of());
    }

    /** A token of a member of the department with no role. */
    public static String member(String department) {
        return token(department + "-member", List.of(), List.of(department));
    }

    public static String token(String user, Collection<String> roles, Collection<String> departments) {
        return Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(UUID.nameUUIDFromBytes(user.getBytes()).toString())
                .claim("preferred_username", user)
                .claim(ROLE_CLAIM, List.copyOf(roles))
                .claim(DEPARTMENTS_CLAIM, List.copyOf(departments))
                .expiresIn(Duration.ofHours(2))
                .jws().keyId("unison-test")
                .sign(privateKey());
    }

    /** A token with every role, well formed, but signed by a key the services do not know. */
    public static String forged() {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject("forger").claim("preferred_username", "forger")
                .claim(ROLE_CLAIM, ROLES).expiresIn(Duration.ofHours(2))
                .jws().keyId("unison-test").sign(newKeyPair().getPrivate());
    }

    /** The public key the services verify with, as base64 of its X.509 encoding ({@code quarkus.oidc.public-key}). */
    public static String publicKey() {
        return keys().get(PUBLIC_KEY);
    }

    /** The settings a service needs to verify these tokens: the key instead of the identity provider's address. */
    public static Map<String, String> verificationSettings() {
        return Map.of(
                "quarkus.oidc.auth-server-url", "",
                "quarkus.oidc.public-key", publicKey(),
                "quarkus.oidc.token.issuer", ISSUER,
                "quarkus.oidc.token.audience", AUDIENCE,
                "quarkus.oidc.roles.role-claim-path", ROLE_CLAIM);
    }

    private static PrivateKey privateKey() {
        try {
            byte[] encoded = Base64.getDecoder().decode(keys().get(PRIVATE_KEY));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(encoded));
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> keys() {
        synchronized (System.class) { // one lock for every class loader
            if (System.getProperty(PRIVATE_KEY) == null) {
                KeyPair pair = newKeyPair();
                Base64.Encoder base64 = Base64.getEncoder();
                System.setProperty(PUBLIC_KEY, base64.encodeToString(pair.getPublic().getEncoded()));
                System.setProperty(PRIVATE_KEY, base64.encodeToString(pair.getPrivate().getEncoded()));
            }
            return Map.of(PRIVATE_KEY, System.getProperty(PRIVATE_KEY), PUBLIC_KEY, System.getProperty(PUBLIC_KEY));
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
