#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which resolved addresses a webhook may connect to. Outside development, only public
/// unicast addresses: loopback, private, link-local, unique-local, multicast and the
/// other special ranges are refused, so that a subscription cannot reach into the
/// deployment's own network (SSRF). Checked on the address actually connected to, so a
/// name that resolves to a private address is refused too. The README lists the rules.
public enum AddressPolicy {
    /// An IPv4 address as its four bytes.
    public static func isPublic(ipv4 bytes: [UInt8]) -> Bool {
        guard bytes.count == 4 else { return false }
        let (a, b, c) = (bytes[0], bytes[1], bytes[2])
        switch a {
        case 0, 10, 127: return false  // "this network", private, loopback
        case 100 where (64...127).contains(b): return false  // carrier-grade NAT
        case 169 where b == 254: return false  // link-local
        case 172 where (16...31).contains(b): return false  // private
        case 192 where b == 168: return false  // private
        case 192 where b == 0 && (c == 0 || c == 2): return false  // IETF protocol assignments, documentation
        case 192 where b == 88 && c == 99: return false  // 6to4 relay anycast
        case 198 where b == 18 || b == 19: return false  // benchmarking
        case 198 where b == 51 && c == 100: return false  // documentation
        case 203 where b == 0 && c == 113: return false  // documentation
        case 224...255: return false  // multicast, reserved, broadcast
        default: return true
        }
    }

    /// An IPv6 address as its sixteen bytes. Only global unicast (2000::/3) passes, less
    /// its special ranges; forms that carry an IPv4 address pass only when that address
    /// does.
    public static func isPublic(ipv6 bytes: [UInt8]) -> Bool {
        guard bytes.count == 16 else { return false }
        let embedded = Array(bytes[12..<16])
        // ::ffff:a.b.c.d (IPv4-mapped): what the socket really reaches is the IPv4 address.
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
            return self.isPublic(ipv4: embedded)
        }
        // 64:ff9b::a.b.c.d (NAT64, RFC 6052): translated to the embedded IPv4 address.
        if bytes[0..<12] == [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0] {
            return self.isPublic(ipv4: embedded)
        }
        // 2002:a.b.c.d::/48 (6to4): relayed to the IPv4 address in bytes 2–5.
        if bytes[0] == 0x20 && bytes[1] == 0x02 {
            return self.isPublic(ipv4: Array(bytes[2..<6]))
        }
        // Everything else outside 2000::/3 is not global unicast: ::/96 (IPv4-compatible,
        // deprecated), ::1, ::ffff:0:a.b.c.d (IPv4-translated), 64:ff9b:1::/48 (local
        // NAT64), 100::/64 (discard), fc00::/7, fe80::/10, fec0::/10, ff00::/8.
        guard bytes[0] & 0xe0 == 0x20 else { return false }
        let prefix32 = (UInt32(bytes[0]) << 24) | (UInt32(bytes[1]) << 16) | (UInt32(bytes[2]) << 8) | UInt32(bytes[3])
        if prefix32 == 0x2001_0000 { return false }  // Teredo 2001::/32: tunnels to an IPv4 address
        if prefix32 == 0x2001_0db8 { return false }  // documentation 2001:db8::/32
        if prefix32 & 0xffff_fe00 == 0x2001_0000 { return false }  // IETF protocol assignments 2001::/23
        if prefix32 & 0xffff_f000 == 0x3fff_0000 { return false }  // documentation 3fff::/20
        if bytes[0] == 0x5f && bytes[1] == 0x00 { return false }  // SRv6 SIDs 5f00::/16
        return true
    }

    /// A textual IPv4 or IPv6 address (no brackets); `nil` when it is neither.
    public static func isPublic(address: String) -> Bool? {
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { self.isPublic(ipv4: Array($0)) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, address, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { self.isPublic(ipv6: Array($0)) }
        }
        return nil
    }
}
