package dev.apikey;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 network in CIDR notation, such as {@code 203.0.113.0/24} or {@code 2001:db8::/32}, used
 * for a key's IP allow-list.
 *
 * <p>A bare address means that one host ({@code /32} or {@code /128}). Networks written in IPv4-mapped IPv6
 * form ({@code ::ffff:10.0.0.0/104}) are stored as the IPv4 network they denote ({@code 10.0.0.0/8}), and an
 * IPv4 client is inside an IPv6 network when its mapped form is: {@code ::/0} therefore admits every client,
 * and so does any IPv6 network up to {@code ::/80} — write IPv4 networks in IPv4 notation.
 * Host bits set below the prefix are refused rather than silently cleared, since they usually reveal a typo.
 *
 * <p>Parsing never resolves host names. Immutable; {@link #toString()} gives the canonical CIDR text.
 */
public final class IpNetwork {

    private static final byte[] IPV4_MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF};

    private final byte[] network;
    private final int prefixLength;

    private IpNetwork(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * Parses CIDR notation ({@code address/prefix}) or a bare address.
     *
     * @throws IllegalArgumentException with a message saying what is wrong and what is expected
     */
    public static IpNetwork parse(String cidr) {
        if (cidr == null || cidr.isBlank()) {
            throw new IllegalArgumentException(
                    "a network is required: write CIDR such as 203.0.113.0/24 or 2001:db8::/32");
        }
        String text = cidr.strip();
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        if (addressText.indexOf('%') >= 0 || addressText.startsWith("[")) {
            throw new IllegalArgumentException(SafeText.quoted(cidr)
                    + " is not a network: write CIDR without brackets or zone, such as fe80::/10");
        }
        byte[] address;
        try {
            address = IpLiteral.parse(addressText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    SafeText.quoted(cidr) + " is not a network: write CIDR such as 203.0.113.0/24 or 2001:db8::/32");
        }
        int maxBits = address.length * 8;
        int bits = slash < 0 ? maxBits : prefixLength(text.substring(slash + 1), maxBits, cidr);
        if (address.length == 16 && bits >= 96 && startsWith(address, IPV4_MAPPED_PREFIX)) {
            address = Arrays.copyOfRange(address, 12, 16);
            bits -= 96;
        }
        byte[] masked = mask(address, bits);
        if (!Arrays.equals(masked, address)) {
            IpNetwork suggestion = new IpNetwork(masked, bits);
            throw new IllegalArgumentException(SafeText.quoted(cidr) + " has bits set after the first " + bits
                    + "; did you mean " + suggestion + "?");
        }
        return new IpNetwork(address, bits);
    }

    /**
     * Parses an IP address literal without any DNS lookup.
     *
     * @throws IllegalArgumentException if {@code literal} is not an IPv4 or IPv6 literal
     */
    public static InetAddress parseAddress(String literal) {
        byte[] bytes = IpLiteral.parse(literal);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always a valid address", e);
        }
    }

    private static int prefixLength(String text, int maxBits, String original) {
        if (text.isEmpty()
                || text.length() > 3
                || !text.chars().allMatch(c -> c >= '0' && c <= '9')
                || (text.length() > 1 && text.charAt(0) == '0')) {
            throw new IllegalArgumentException(SafeText.quoted(original) + " has an invalid prefix length: write"
                    + " a number from 0 to " + maxBits + " after the slash");
        }
        int bits = Integer.parseInt(text);
        if (bits > maxBits) {
            throw new IllegalArgumentException(SafeText.quoted(original) + " has a prefix length of " + bits
                    + ", above the " + maxBits + " bits of the address");
        }
        return bits;
    }

    /** The network address (host bits zero). */
    public InetAddress address() {
        return parseAddress(toAddressText());
    }

    /** The number of leading bits that identify the network. */
    public int prefixLength() {
        return prefixLength;
    }

    /** Whether this is an IPv6 network. */
    public boolean isIpv6() {
        return network.length == 16;
    }

    /**
     * Whether every address of {@code other} lies in this network: same address family, a prefix at least as
     * long, and its address inside this one. {@code 10.1.0.0/16} encloses {@code 10.1.2.0/24} and itself, not
     * {@code 10.0.0.0/8}.
     */
    public boolean encloses(IpNetwork other) {
        return other != null
                && other.isIpv6() == isIpv6()
                && other.prefixLength >= prefixLength
                && contains(other.address());
    }

    /** Whether {@code client} lies in this network; {@code false} for {@code null}. */
    public boolean contains(InetAddress client) {
        if (client == null) {
            return false;
        }
        byte[] address = client.getAddress();
        if (address.length == 16 && network.length == 4 && startsWith(address, IPV4_MAPPED_PREFIX)) {
            address = Arrays.copyOfRange(address, 12, 16);
        }
        if (address.length != network.length) {
            if (network.length == 4) {
                return false;
            }
            byte[] mapped = Arrays.copyOf(IPV4_MAPPED_PREFIX, 16);
            System.arraycopy(address, 0, mapped, 12, 4);
            address = mapped;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = (0xFF << (8 - remainingBits)) & 0xFF;
        return (address[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    private static byte[] mask(byte[] address, int bits) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            out[i] &= (byte) ((0xFF << (8 - keep)) & 0xFF);
        }
        return out;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private String toAddressText() {
        if (network.length == 4) {
            return (network[0] & 0xFF) + "." + (network[1] & 0xFF) + "." + (network[2] & 0xFF) + "."
                    + (network[3] & 0xFF);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (network[2 * i] & 0xFF) << 8 | (network[2 * i + 1] & 0xFF);
        }
        // RFC 5952: compress the longest run (first on a tie) of two or more zero groups, lower-case hex.
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpNetwork that
                && that.prefixLength == prefixLength
                && Arrays.equals(that.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    /** The canonical CIDR text, e.g. {@code 10.0.0.0/8} or {@code 2001:db8::/32}. */
    @Override
    public String toString() {
        return toAddressText() + "/" + prefixLength;
    }
}
