package dev.unison.notification.privacy;

import dev.unison.contracts.Violation;
import dev.unison.notification.config.NotificationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keeps webhook and Alertmanager targets off internal addresses (SSRF). A URL's host may not be, nor resolve to, a
 * loopback (127/8, ::1), link-local (169.254/16, fe80::/10), private (10/8, 172.16/12, 192.168/16), unique-local
 * (fc00::/7), multicast, unspecified (0/8, ::) or broadcast address, and its port may not be one of Unison's own
 * services' ({@code notification.webhook.refused-ports}), unless the host, or host:port, is listed in
 * {@code notification.webhook.allowed-hosts}. {@link #check} runs when a subscription is created or changed (on the
 * URL as written: address literals and local names); {@link #resolve} runs at every send, after DNS, and gives the
 * one address the request must go to, so a name cannot resolve to something else between check and connect.
 */
@ApplicationScoped
public class WebhookTargets {
    private static final Pattern IPV4_LITERAL = Pattern.compile("[0-9.]+");

    private final Set<String> allowed;
    private final Set<Integer> refusedPorts;

    @Inject
    public WebhookTargets(NotificationConfig config) {
        this(config.webhook().allowedHosts().orElse(List.of()), config.webhook().refusedPorts());
    }

    public WebhookTargets(List<String> allowedHosts, List<Integer> refusedPorts) {
        this.allowed = allowedHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        this.refusedPorts = Set.copyOf(refusedPorts);
    }

    /** Why a target is refused. */
    public static final class Refused extends Exception {
        public Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The problems of a URL as a target, named {@code pointer}; empty when it may be used (or is not a URL). */
    public Optional<Violation> check(String pointer, String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // the caller reports malformed URLs
        }
        if (uri.getHost() == null) {
            return Optional.empty();
        }
        try {
            checkWritten(uri);
            return Optional.empty();
        } catch (Refused e) {
            return Optional.of(new Violation(pointer, e.getMessage() + " (a webhook must reach a public address; "
                    + "notification.webhook.allowed-hosts can allow a host)"));
        }
    }

    /**
     * The one address a request to this URL must connect to: its host resolved, every address it resolves to
     * checked (an allow-listed host is not checked).
     *
     * @throws Refused when the URL or an address it resolves to is refused, or the name does not resolve
     */
    public InetAddress resolve(URI uri) throws Refused {
        checkWritten(uri);
        String host = bare(uri.getHost());
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new Refused("host not found");
        }
        if (!isAllowed(uri)) {
            for (InetAddress address : addresses) {
                String why = internal(address);
                if (why != null) {
                    throw new Refused(why + " address is not allowed");
                }
            }
        }
        return addresses[0];
    }

    /** The rules that need no DNS: the port, address literals and local names. */
    private void checkWritten(URI uri) throws Refused {
        if (isAllowed(uri)) {
            return;
        }
        String host = bare(uri.getHost()).toLowerCase(Locale.ROOT);
        int port = port(uri);
        if (refusedPorts.contains(port)) {
            throw new Refused("port " + port + " is one of Unison's own services'");
        }
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            throw new Refused("loopback address is not allowed");
        }
        if (uri.getHost().startsWith("[") || IPV4_LITERAL.matcher(host).matches()) {
            InetAddress literal;
            try {
                literal = InetAddress.getByName(host); // a literal: no lookup
            } catch (UnknownHostException e) {
                throw new Refused("not a valid address");
            }
            String why = internal(literal);
            if (why != null) {
                throw new Refused(why + " address is not allowed");
            }
        }
    }

    private boolean isAllowed(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return allowed.contains(host) || allowed.contains(bare(host)) || allowed.contains(host + ":" + port(uri));
    }

    static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** What kind of internal address this is, or null for a public one. */
    static String internal(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return "loopback";
        }
        if (a.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (a.isLinkLocalAddress()) {
            return "link-local";
        }
        if (a.isMulticastAddress()) {
            return "multicast";
        }
        if (a.isSiteLocalAddress()) {
            return "private";
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            if (b[0] == 0) {
                return "unspecified";
            }
            if ((b[0] & 0xff) == 255 && (b[1] & 0xff) == 255 && (b[2] & 0xff) == 255 && (b[3] & 0xff) == 255) {
                return "broadcast";
            }
            if ((b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64) {
                return "private"; // 100.64/10, carrier-grade NAT
            }
        } else if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return "private"; // fc00::/7, unique local
            }
            boolean zeroPrefix = true;
            for (int i = 0; i < 12; i++) {
                zeroPrefix &= b[i] == 0;
            }
            if (zeroPrefix) {
                return "loopback"; // ::a.b.c.d, IPv4-compatible: never a public target
            }
        }
        return null;
    }
}
