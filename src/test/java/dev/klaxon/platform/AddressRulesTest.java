package dev.klaxon.platform;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which addresses the outbound guard refuses, and the operator's exceptions: a table. */
class AddressRulesTest {

    static final Map<String, String> REFUSED = Map.ofEntries(
            Map.entry("127.0.0.1", "loopback"), Map.entry("127.255.0.9", "loopback"), Map.entry("::1", "loopback"),
            Map.entry("0.0.0.0", "unspecified"), Map.entry("::", "unspecified"),
            Map.entry("10.1.2.3", "private"), Map.entry("172.31.255.1", "private"), Map.entry("192.168.0.1", "private"),
            Map.entry("100.100.1.1", "carrier-grade NAT"),
            Map.entry("169.254.169.254", "cloud metadata"), Map.entry("169.254.1.1", "link-local"),
            Map.entry("fe80::1", "link-local"), Map.entry("fd00::1", "unique-local"), Map.entry("fc12::1", "unique-local"),
            Map.entry("fd00:ec2::254", "cloud metadata"), Map.entry("fec0::1", "site-local"),
            Map.entry("224.0.0.251", "multicast"), Map.entry("ff02::1", "multicast"), Map.entry("255.255.255.255", "broadcast"),
            Map.entry("240.0.0.1", "reserved"), Map.entry("192.0.0.170", "IETF protocol assignment"),
            Map.entry("::ffff:127.0.0.1", "loopback"), Map.entry("64:ff9b::a9fe:a9fe", "cloud metadata"),
            Map.entry("2002:7f00:1::", "loopback"), Map.entry("::10.0.0.1", "private"));

    static final List<String> ALLOWED = List.of("1.1.1.1", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111",
            "2a00:1450:4001:80b::200e", "192.0.2.1", "11.0.0.1");

    @Test
    void internalAddressesAreRefusedWithTheirKind() throws UnknownHostException {
        for (var e : REFUSED.entrySet()) {
            assertEquals(Optional.of(e.getValue()), AddressRules.refusal(InetAddress.getByName(e.getKey())), e.getKey());
        }
    }

    @Test
    void publicAddressesAreAllowed() throws UnknownHostException {
        for (String a : ALLOWED) {
            assertEquals(Optional.empty(), AddressRules.refusal(InetAddress.getByName(a)), a);
        }
    }

    @Test
    void theAllowListTakesNamesAddressesAndNetworks() throws UnknownHostException {
        AddressRules.Allowed allowed = AddressRules.Allowed.parse(List.of("Alerts.Internal", "10.20.0.0/16", "127.0.0.1", " fd12::/16 "));
        assertTrue(allowed.host("alerts.internal"));
        assertTrue(allowed.address(InetAddress.getByName("10.20.99.1")));
        assertTrue(!allowed.address(InetAddress.getByName("10.21.0.1")));
        assertTrue(allowed.address(InetAddress.getByName("127.0.0.1")));
        assertTrue(!allowed.address(InetAddress.getByName("127.0.0.2")));
        assertTrue(allowed.address(InetAddress.getByName("fd12:1::1")));
        assertThrows(IllegalArgumentException.class, () -> AddressRules.Allowed.parse(List.of("http://x/")));
        assertThrows(IllegalArgumentException.class, () -> AddressRules.Allowed.parse(List.of("10.0.0.0/33")));
    }

    @Test
    void theGuardResolvesAndKeepsOnlyAllowedAddresses() throws UnknownHostException {
        OutboundGuard guard = new OutboundGuard(AddressRules.Allowed.parse(List.of("127.0.0.1")));
        assertArrayEquals(new InetAddress[]{InetAddress.getByName("127.0.0.1")}, guard.resolve("127.0.0.1"));
        OutboundGuard.Refused r = assertThrows(OutboundGuard.Refused.class, () -> guard.resolve("127.0.0.2"));
        assertEquals("127.0.0.2 is a loopback address, which Klaxon does not call"
                + " (an operator can allow internal receivers with KLAXON_OUTBOUND_ALLOW)", r.getMessage());
        assertThrows(OutboundGuard.Refused.class, () -> guard.resolve("[::1]"));
        assertThrows(OutboundGuard.Refused.class, () -> guard.resolve("2130706434")); // 127.0.0.2 spelled as one number
        assertTrue(guard.refusal("169.254.169.254").orElseThrow().contains("cloud metadata"));
        assertEquals(Optional.empty(), guard.refusal("no-such-host.invalid"));
    }

    @Test
    void addressesAreMaskedByTheirForm() {
        assertEquals("+49•••••5678", AddressMask.mask("+4915112345678"));
        assertEquals("a•••@example.com", AddressMask.mask("alice@example.com"));
        assertEquals("https://hooks.example.com/•••", AddressMask.mask("https://hooks.example.com/services/T0/secret"));
        assertEquals("on•••ce", AddressMask.mask("oncall-alice"));
        assertEquals("Step 1: paging Al by SMS +49•••••5678, then NTFY to on•••ce and https://h.example/•••",
                AddressMask.redact("Step 1: paging Al by SMS +4915112345678, then NTFY to oncall-alice and https://h.example/x?y"));
    }
}
