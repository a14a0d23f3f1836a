package dev.klaxon.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.hc.client5.http.DnsResolver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The one gate for outbound connections to addresses users supply: webhook and ntfy topic URLs, TLS check targets.
 * A host name is resolved here, every address it resolves to is checked against {@link AddressRules}, and the
 * connection is made to a checked address — so a name that resolved to a public address when it was saved and
 * to 127.0.0.1 now (DNS rebinding) is refused at connect time. {@code KLAXON_OUTBOUND_ALLOW} lists the internal
 * hosts and networks an operator trusts. Provider base URLs the operator configured ({@code KLAXON_*_BASE_URL})
 * do not pass through here: they are trusted as configured. Redirects are never followed by the callers.
 */
@ApplicationScoped
public class OutboundGuard {

    /** The guard refused a destination; the message is Klaxon's own wording, fit for a timeline or a 400. */
    public static final class Refused extends UnknownHostException {
        public Refused(String message) {
            super(message);
        }
    }

    private final AddressRules.Allowed allowed;

    @Inject
    public OutboundGuard(KlaxonConfig config) {
        this(AddressRules.Allowed.parse(config.outbound().allow().orElse(List.of())));
    }

    public OutboundGuard(AddressRules.Allowed allowed) {
        this.allowed = allowed;
    }

    /**
     * Resolves a host (a literal address needs no lookup) and returns the addresses Klaxon may connect to.
     *
     * @throws Refused when the host resolves only to refused addresses
     * @throws UnknownHostException when it does not resolve
     */
    public InetAddress[] resolve(String host) throws UnknownHostException {
        if (host == null || host.isBlank()) {
            throw new UnknownHostException("no host");
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] all = InetAddress.getAllByName(h);
        if (allowed.host(h)) {
            return all;
        }
        List<InetAddress> ok = new ArrayList<>();
        String why = null;
        for (InetAddress a : all) {
            Optional<String> refusal = allowed.address(a) ? Optional.empty() : AddressRules.refusal(a);
            if (refusal.isEmpty()) {
                ok.add(a);
            } else if (why == null) {
                why = refusal.get();
            }
        }
        if (ok.isEmpty()) {
            throw new Refused(describe(host, why));
        }
        return ok.toArray(InetAddress[]::new);
    }

    /** Why a host would be refused now, for checking an address when it is saved; empty if allowed or unresolvable. */
    public Optional<String> refusal(String host) {
        try {
            resolve(host);
            return Optional.empty();
        } catch (Refused e) {
            return Optional.of(e.getMessage());
        } catch (UnknownHostException | RuntimeException e) {
            return Optional.empty(); // it may resolve later; the check at connect time still applies
        }
    }

    /** {@link #refusal(String)} of a URL's host. */
    public Optional<String> refusal(URI url) {
        return refusal(url.getHost());
    }

    /** A plain TCP connection to a checked address of the host. */
    public Socket connect(String host, int port, Duration timeout) throws IOException {
        InetAddress[] addresses = resolve(host);
        IOException last = null;
        for (InetAddress a : addresses) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(a, port), (int) timeout.toMillis());
                return s;
            } catch (IOException e) {
                s.close();
                last = e;
            }
        }
        throw last != null ? last : new UnknownHostException(host);
    }

    /** The guard as Apache HttpClient's resolver: consulted when each new connection is opened. */
    public DnsResolver dnsResolver() {
        return new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return OutboundGuard.this.resolve(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) throws UnknownHostException {
                return host;
            }

            @Override
            public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
                return Arrays.stream(OutboundGuard.this.resolve(host)).map(a -> new InetSocketAddress(a, port)).toList();
            }
        };
    }

    private static String describe(String host, String why) {
        return host + (AddressRules.literal(host).isPresent() ? " is a " : " resolves to a ") + why
                + " address, which Klaxon does not call"
                + " (an operator can allow internal receivers with KLAXON_OUTBOUND_ALLOW)";
    }
}
