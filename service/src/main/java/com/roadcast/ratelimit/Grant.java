package com.roadcast.ratelimit;

import java.util.List;

/**
 * A lease script's answer: permits granted (0: refused), the count in Redis after it, and for a refusal
 * the permits other live instances hold leased, their latest expiry and whether it is the first final
 * refusal; when the oldest counted permit frees up (refused: when one more does).
 */
record Grant(long granted, long taken, long leasedElsewhere, long latestExpiry, boolean firstRefusal, long freesAt) {

    /** From lease-permits.lua's reply; a fixed window's permits free up at its end. */
    static Grant fixed(List<?> reply, long windowEnd) {
        return of(reply, windowEnd);
    }

    /** From sliding-lease.lua's reply: lease-permits.lua's, followed by when a permit frees up. */
    static Grant sliding(List<?> reply) {
        return of(reply.subList(0, reply.size() - 1), (Long) reply.get(reply.size() - 1));
    }

    private static Grant of(List<?> reply, long freesAt) {
        long granted = (Long) reply.get(0);
        if (granted > 0) {
            return new Grant(granted, (Long) reply.get(1), 0, 0, false, freesAt);
        }
        return new Grant(0, (Long) reply.get(1), (Long) reply.get(2), (Long) reply.get(3), (Long) reply.get(4) == 1,
                freesAt);
    }
}
