package com.roadcast.web;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A list of IPv4 and IPv6 CIDR blocks (a bare address is a block of one) and whether an address lies in
 * one of them: trusted proxies, and the addresses a key may be used from. Only IP literals are read,
 * never names, so nothing here does a DNS lookup.
 */
public final class AddressBlocks {
    /** No blocks. */
    public static final AddressBlocks NONE = new AddressBlocks(List.of(), List.of());
    private final List<String> cidrs;
    private final List<Block> blocks;

    private record Block(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int shift = address.length * 8 - bits;
            return new BigInteger(1, address).shiftRight(shift).equals(new BigInteger(1, network).shiftRight(shift));
        }
    }

    private AddressBlocks(List<String> cidrs, List<Block> blocks) {
        this.cidrs = cidrs;
        this.blocks = blocks;
    }

    /**
     * The blocks written as {@code cidrs}.
     *
     * @throws IllegalArgumentException naming the first that is not an IP address or CIDR block, as {@code what}
     */
    public static AddressBlocks of(List<String> cidrs, String what) {
        List<String> written = cidrs.stream().map(String::trim).toList();
        return written.isEmpty() ? NONE : new AddressBlocks(written, written.stream().map(cidr -> block(cidr, what)).toList());
    }

    /** The blocks as they were written. */
    public List<String> cidrs() {
        return cidrs;
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** Whether {@code address} (an IP literal; anything else is in no block) lies in one of the blocks. */
    public boolean contains(@Nullable String address) {
        byte[] bytes = literal(address);
        return bytes != null && blocks.stream().anyMatch(block -> block.contains(bytes));
    }

    private static Block block(String cidr, String what) {
        String[] parts = cidr.split("/", 2);
        byte[] network = literal(parts[0]);
        int bits;
        try {
            bits = network == null ? -1 : parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
        } catch (NumberFormatException e) {
            bits = -1;
        }
        if (network == null || bits < 0 || bits > network.length * 8) {
            throw new IllegalArgumentException(what + " '" + cidr + "' is not an IP address or CIDR block");
        }
        return new Block(network, bits);
    }

    /** The bytes of an IP literal; null for anything else (never a DNS lookup). */
    static byte @Nullable [] literal(@Nullable String text) {
        if (text == null || !(text.matches("\\d{1,3}(\\.\\d{1,3}){3}") || text.matches("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*"))) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressBlocks that && cidrs.equals(that.cidrs);
    }

    @Override
    public int hashCode() {
        return cidrs.hashCode();
    }

    @Override
    public String toString() {
        return String.join(",", cidrs);
    }
}
