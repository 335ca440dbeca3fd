package com.roadcast.auth;

import java.util.Locale;
import java.util.Optional;

/** What a key may do. Roles nest: {@code admin} may do everything, {@code ingest} may also read. */
public enum Role {
    READ,
    INGEST,
    ADMIN;

    /** True when a key with this role may do what {@code required} guards. */
    public boolean allows(Role required) {
        return ordinal() >= required.ordinal();
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String text) {
        for (Role role : values()) {
            if (role.id().equals(text)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
