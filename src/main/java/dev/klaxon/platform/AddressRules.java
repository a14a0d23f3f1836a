package dev.klaxon.platform;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which network addresses Klaxon refuses to call on a user's behalf, and the operator's exceptions. Pure: takes
 * addresses that are already resolved.
 *
 * <p>Refused (RFC 6890 special-purpose registries): unspecified and "this network" (0.0.0.0/8, ::), loopback
 * (127.0.0.0/8, ::1), private (10/8, 172.16/12, 192.168/16, RFC 1918), shared carrier-grade NAT (100.64/10,
 * RFC 6598), link-local (169.254/16 — which holds the cloud metadata address 169.254.169.254 — and fe80::/10),
 * IETF protocol assignments (192.0.0.0/24), benchmarking (198.18/15), unique-local and site-local (fc00::/7,
 * fec0::/10; AWS's IPv6 metadata address fd00:ec2::254 is one), multicast (224/4, ff00::/8), reserved and
 * broadcast (240/4). IPv6 forms that embed an IPv4 address (IPv4-mapped ::ffff:0:0/96, IPv4-compatible ::/96,
 * NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by the IPv4 address inside.
 */
public final class AddressRules {

    /** A network in CIDR form; a single address is a /32 (IPv4) or /128 (IPv6). */
    public record Cidr(byte[] network, int prefix) {

        /** Parses {@code 10.0.0.0/8}, {@code 10.1.2.3}, {@code fd00::/8}; only literal addresses, never a DNS lookup. */
        public static Cidr parse(String text) {
            String t = text.strip();
            int slash = t.indexOf('/');
            String addr = slash < 0 ? t : t.substring(0, slash);
            byte[] bytes = literal(addr).orElseThrow(() -> new IllegalArgumentException("not an IP address: " + addr)).getAddress();
            int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(t.substring(slash + 1));
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("prefix out of range: " + text);
            }
            return new Cidr(bytes, prefix);
        }

        public boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (b[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (b[full] & mask) == (network[full] & mask);
        }
    }

    /** What the operator allows although the rules above refuse it: exact host names and networks. */
    public record Allowed(List<String> hosts, List<Cidr> networks) {

        public static final Allowed NONE = new Allowed(List.of(), List.of());

        /** Entries as in {@code KLAXON_OUTBOUND_ALLOW}: host names, addresses and CIDRs, separated by commas. */
        public static Allowed parse(List<String> entries) {
            List<String> hosts = new ArrayList<>();
            List<Cidr> networks = new ArrayList<>();
            for (String raw : entries) {
                String e = raw.strip();
                if (e.isEmpty()) {
                    continue;
                }
                if (literal(e.contains("/") ? e.substring(0, e.indexOf('/')) : e).isPresent()) {
                    networks.add(Cidr.parse(e));
                } else if (e.matches("(?i)[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?")) {
                    hosts.add(e.toLowerCase(Locale.ROOT));
                } else {
                    throw new IllegalArgumentException("klaxon.outbound.allow: not a host name, address or CIDR: " + e);
                }
            }
            return new Allowed(List.copyOf(hosts), List.copyOf(networks));
        }

        public boolean host(String name) {
            return name != null && hosts.contains(name.toLowerCase(Locale.ROOT));
        }

        public boolean address(InetAddress a) {
            return networks.stream().anyMatch(n -> n.contains(a));
        }
    }

    private static final List<Object[]> V4 = List.of(
            new Object[]{Cidr.parse("0.0.0.0/8"), "unspecified"},
            new Object[]{Cidr.parse("127.0.0.0/8"), "loopback"},
            new Object[]{Cidr.parse("10.0.0.0/8"), "private"},
            new Object[]{Cidr.parse("172.16.0.0/12"), "private"},
            new Object[]{Cidr.parse("192.168.0.0/16"), "private"},
            new Object[]{Cidr.parse("100.64.0.0/10"), "carrier-grade NAT"},
            new Object[]{Cidr.parse("169.254.169.254/32"), "cloud metadata"},
            new Object[]{Cidr.parse("169.254.0.0/16"), "link-local"},
            new Object[]{Cidr.parse("192.0.0.0/24"), "IETF protocol assignment"},
            new Object[]{Cidr.parse("198.18.0.0/15"), "benchmarking"},
            new Object[]{Cidr.parse("224.0.0.0/4"), "multicast"},
            new Object[]{Cidr.parse("240.0.0.0/4"), "reserved"});

    private static final List<Object[]> V6 = List.of(
            new Object[]{Cidr.parse("::1/128"), "loopback"},
            new Object[]{Cidr.parse("::/128"), "unspecified"},
            new Object[]{Cidr.parse("fe80::/10"), "link-local"},
            new Object[]{Cidr.parse("fec0::/10"), "site-local"},
            new Object[]{Cidr.parse("fd00:ec2::254/128"), "cloud metadata"},
            new Object[]{Cidr.parse("fc00::/7"), "unique-local"},
            new Object[]{Cidr.parse("ff00::/8"), "multicast"});

    private AddressRules() {
    }

    /** Why Klaxon does not call this address ("loopback", "private", …), or empty when it may. */
    public static Optional<String> refusal(InetAddress a) {
        if (a instanceof Inet6Address v6) {
            Optional<Inet4Address> embedded = embeddedV4(v6.getAddress());
            if (embedded.isPresent()) {
                return refusal(embedded.get());
            }
            return match(V6, a);
        }
        if (a.getAddress()[0] == (byte) 255) {
            return Optional.of("broadcast");
        }
        return match(V4, a);
    }

    private static Optional<String> match(List<Object[]> table, InetAddress a) {
        for (Object[] row : table) {
            if (((Cidr) row[0]).contains(a)) {
                return Optional.of((String) row[1]);
            }
        }
        return Optional.empty();
    }

    /** IPv4 inside IPv4-mapped, IPv4-compatible, NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses. */
    private static Optional<Inet4Address> embeddedV4(byte[] b) {
        boolean zeros80 = true;
        for (int i = 0; i < 10; i++) {
            zeros80 &= b[i] == 0;
        }
        boolean mapped = zeros80 && b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
        boolean compatible = zeros80 && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] == 0 || b[15] == 1));
        boolean nat64 = b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xFF && b[3] == (byte) 0x9B
                && allZero(b, 4, 12);
        if (mapped || compatible || nat64) {
            return Optional.of(v4(b[12], b[13], b[14], b[15]));
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return Optional.of(v4(b[2], b[3], b[4], b[5]));
        }
        return Optional.empty();
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Inet4Address v4(byte a, byte b, byte c, byte d) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[]{a, b, c, d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The address a literal names (dotted IPv4, or IPv6 with or without brackets), without any DNS lookup. */
    public static Optional<InetAddress> literal(String host) {
        if (host == null || host.isEmpty()) {
            return Optional.empty();
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean v4 = h.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = h.contains(":") && h.matches("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?");
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(h)); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
