package com.roadcast.loadtest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * What a real client asks for. Most traffic is about a few busy corridors: 80% of single-node requests go to a hot
 * tenth of the sensors (picked once per run from a fixed seed), the rest spread over all. Horizons follow what
 * dashboards and routing clients use: the 15/30/45/60-minute set most of the time, sometimes only the hour, the full
 * hour curve, the next 15 minutes, or an arbitrary subset.
 */
final class Choices {
    static final int PAGE_SIZE = 50;
    private static final List<List<Integer>> HORIZON_SETS = List.of(
            List.of(3, 6, 9, 12), List.of(12), List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), List.of(1, 2, 3));
    /** Cumulative percentages for {@link #HORIZON_SETS}; the remaining 10% is a random subset. */
    private static final int[] HORIZON_CUMULATIVE = {50, 65, 80, 90};

    private final List<String> nodes;
    private final Set<String> all;
    private final List<String> hot;

    Choices(List<String> nodes) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("the service listed no nodes");
        }
        this.nodes = List.copyOf(nodes);
        this.all = Set.copyOf(nodes);
        List<String> shuffled = new ArrayList<>(nodes);
        Collections.shuffle(shuffled, new Random(7));
        this.hot = List.copyOf(shuffled.subList(0, Math.max(1, nodes.size() / 10)));
    }

    /** Every sensor: what a forecast for all of them must cover. */
    Set<String> all() {
        return all;
    }

    String node(Random random) {
        List<String> from = random.nextInt(100) < 80 ? hot : nodes;
        return from.get(random.nextInt(from.size()));
    }

    List<Integer> horizons(Random random) {
        int roll = random.nextInt(100);
        for (int i = 0; i < HORIZON_CUMULATIVE.length; i++) {
            if (roll < HORIZON_CUMULATIVE[i]) {
                return HORIZON_SETS.get(i);
            }
        }
        List<Integer> subset = new ArrayList<>();
        for (int h = 1; h <= 12; h++) {
            if (random.nextBoolean()) {
                subset.add(h);
            }
        }
        return subset.isEmpty() ? List.of(1 + random.nextInt(12)) : subset;
    }

    int pageOffset(Random random) {
        return PAGE_SIZE * random.nextInt((nodes.size() + PAGE_SIZE - 1) / PAGE_SIZE);
    }
}
